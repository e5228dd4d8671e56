import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** A server started as a child process, so benchmark clients and the server do not share one event loop. */
export interface ChildServer {
  readonly url: string;
  readonly pid?: number;
  /** SIGTERM, resolved once the process exited. */
  stop(): Promise<void>;
}

/**
 * How `npm start` runs the server in `root`: compiled (node on dist/, built first) when the checkout
 * has tools/build-server.mjs, else through tsx (checkouts before it); `tsx` forces the latter.
 */
export async function serverCommand(root: string, mode: 'npm-start' | 'tsx' = 'npm-start'): Promise<string[]> {
  const builder = join(root, 'tools', 'build-server.mjs');
  if (mode === 'tsx' || !existsSync(builder)) return ['--import', 'tsx', 'server/main.ts'];
  const { ensureBuilt } = (await import(pathToFileURL(builder).href)) as { ensureBuilt(o: { quiet: boolean }): Promise<number> };
  await ensureBuilt({ quiet: true });
  return ['--enable-source-maps', 'dist/server/main.js'];
}

/**
 * Starts the server (`serverCommand`) with `--port 0 ...args` from `root` and resolves once it logs 'listening' (or,
 * with `ready: 'worker_ready'`, once a `--role worker` process is ready; its url is then its health listener).
 */
export async function startChildServer(root: string, args: readonly string[], ready: 'listening' | 'worker_ready' = 'listening', mode: 'npm-start' | 'tsx' = 'npm-start'): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(await serverCommand(root, mode)), '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
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
export function cpuSeconds(pid: number | undefined, mainThreadOnly = false): number {
  if (pid === undefined) return NaN;
  try {
    // /proc/<pid>/task/<pid> is the process's main thread alone (the event loop; worker threads are other tasks).
    const fields = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}
