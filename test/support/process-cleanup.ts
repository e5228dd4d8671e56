/**
 * What the server harnesses (pg-harness.ts, redis-harness.ts) share: a free loopback port, and
 * cleanup that runs on every path: process exit, SIGINT/SIGTERM, and a detached watchdog shell that
 * outlives a SIGKILLed test process.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the kernel's choice; a race with another binder is possible but rare). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs `stop` (synchronous) when the process exits or gets SIGINT/SIGTERM (then the signal's
 * default action still ends it); returns the function that unregisters it.
 */
export function onProcessEnd(stop: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    unregister();
    stop();
    process.kill(process.pid, signal); // our listener is gone now: the default action ends the process
  };
  const onExit = (): void => stop();
  const unregister = (): void => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return unregister;
}

/** Starts a detached shell that runs `cleanup` (sh syntax) once this process is gone; returns its pid (kill it once cleaned up). */
export function spawnWatchdog(cleanup: string): number | undefined {
  const dog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${cleanup}`], { detached: true, stdio: 'ignore' });
  dog.unref();
  return dog.pid;
}

/** Kills a watchdog that is no longer needed (already gone is fine). */
export function stopWatchdog(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid);
  } catch {
    // It has exited.
  }
}
