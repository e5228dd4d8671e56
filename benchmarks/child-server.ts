import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A server started as a child process, so benchmark clients and the server do not share one event loop. */
export interface ChildServer {
  readonly url: string;
  readonly pid?: number;
  /** SIGTERM, resolved once the process exited. */
  stop(): Promise<void>;
}

/**
 * Starts `server/main.ts --port 0 ...args` from `root` and resolves once it logs 'listening' (or,
 * with `ready: 'worker_ready'`, once a `--role worker` process is ready; its url is then its health listener).
 */
export async function startChildServer(root: string, args: readonly string[], ready: 'listening' | 'worker_ready' = 'listening'): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const m = JSON.parse(line) as { event?: string; port?: number; healthPort?: number };
        if (m.event === ready && (m.port ?? m.healthPort)) resolve((m.port ?? m.healthPort)!);
      } catch {
        // not JSON
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere or with
 * no pid). Server CPU per operation predicts what one unloaded core could serve, whatever the client costs.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}
