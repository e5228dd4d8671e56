/** Runs the `bayesopt` bin (bin/bayesopt.mjs) as a child process, as a user's shell would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/bayesopt.mjs', import.meta.url));

/** The result of one run. */
export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Env without the caller's BO_* settings (a developer's BO_URL must not leak into a test). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BO_')));
  return { ...env, ...extra };
}

/** Spawns the bin with `args`; resolves at its exit (SIGKILL after `limitMs`). */
export function runBin(args: readonly string[], options: { env?: Record<string, string>; limitMs?: number } = {}): Promise<BinResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Spawns `bayesopt serve ...args` and resolves with the child and its port once it logs `listening` (killed on failure). */
export function serveBin(args: readonly string[], limitMs = 60_000): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bayesopt serve did not listen within ${limitMs} ms: ${stderr}`));
    }, limitMs);
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => {
      buf += String(d);
      const m = /"event":"listening".*?"port":(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bayesopt serve exited (${code}) before listening: ${stderr}`));
    });
  });
}
