/**
 * A throw-away Redis for tests: redis-server on a free loopback port with no persistence, as our
 * child; stopped on stop(), process exit, SIGINT/SIGTERM, and by a detached watchdog once this
 * process is gone (covers SIGKILL). Redis runs fine as root, so no user switch is needed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort, onProcessEnd, spawnWatchdog, stopWatchdog } from './process-cleanup.js';

/** A running test Redis. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills the server; idempotent. */
  stop(): void;
}

/** The redis-server binary ($REDIS_SERVER, then PATH and the usual places), or null when none is installed. */
export function findRedisServer(): string | null {
  if (process.env.REDIS_SERVER && existsSync(process.env.REDIS_SERVER)) return process.env.REDIS_SERVER;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return which.stdout.trim();
  return ['/usr/bin', '/usr/local/bin', '/usr/sbin'].map((d) => join(d, 'redis-server')).find((p) => existsSync(p)) ?? null;
}

/** Resolves once a TCP connection to the port succeeds (redis-server accepts once it is ready), or rejects after `ms`. */
async function waitForPort(port: number, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.end(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`redis-server did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a fresh redis-server; throws (after stopping it) if it does not come up. */
export async function startRedis(options: { bin?: string } = {}): Promise<RedisServer> {
  const bin = options.bin ?? findRedisServer();
  if (!bin) throw new Error('no redis-server binary found');
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  child.unref(); // the exit hooks and the watchdog stop it; it must not keep a finished test process alive
  // The watchdog ends the server if this process dies without running its exit hooks.
  const dog = spawnWatchdog(`kill -9 ${child.pid} 2>/dev/null`);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    unregister();
    if (child.exitCode === null) child.kill('SIGKILL');
    stopWatchdog(dog);
  };
  const unregister = onProcessEnd(stop);
  try {
    await waitForPort(port, child, 20_000);
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
