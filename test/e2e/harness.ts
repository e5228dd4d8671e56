/** Shared pieces of the end-to-end tests: a real server on port 0, the CLI as a child process, small helpers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { startServer, type ServerOptions } from '../../server/app.js';
import { connect, type Client } from '../../sdk/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A started in-process server and its cleanup. */
export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1:0 ('memory:' storage unless `storageUrl` is given); `server` adds any other ServerOptions (compute pool, test policies). */
export async function startTestServer(options: { storageUrl?: string; token?: string; server?: Partial<ServerOptions> } = {}): Promise<TestServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', storageUrl: options.storageUrl ?? 'memory:', token: options.token, logLevel: 'error', ...options.server });
  return { url: server.url, port: server.port, close: () => server.close() };
}

/**
 * One test server and one connected SDK client shared by a test file: started in the file's
 * `before` hook, closed in its `after` hook (which runs when a test fails too). Read them as
 * `env.server` / `env.client` inside tests, not at module load.
 */
export function serverAndClientPerFile(
  options: { server?: Partial<ServerOptions>; clientId?: string } = {},
): { readonly server: TestServer; readonly client: Client } {
  let server: TestServer | undefined;
  let client: Client | undefined;
  before(async () => {
    server = await startTestServer({ server: options.server });
    client = await connect(server.url, options.clientId === undefined ? undefined : { clientId: options.clientId });
  });
  after(async () => {
    client?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server starts in the before hook');
      return server;
    },
    get client() {
      if (!client) throw new Error('the SDK client connects in the before hook');
      return client;
    },
  };
}

/** A fresh temporary directory and its removal. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls until `cond` holds (throws after `ms`). */
export async function waitFor(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Branin–Hoo (benchmarks/problems/branin.ts), minimum 0.397887357729738. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  const u = x2 - b * x1 * x1 + c * x1 - 6;
  return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
}

/** A server CLI child process that printed its `listening` line. */
export interface CliChild {
  child: ChildProcess;
  port: number;
  /** Every JSON log line so far (the array keeps filling). */
  lines: Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Spawns `server/main.ts` (or, with `compiled`, dist/server/main.js) with `args` and resolves once it logs `listening`. The child is killed
 * (SIGKILL) whenever this rejects: it exits first, or `startupMs` passes (generous: a loaded
 * machine may take long; the point is that a stuck start-up never hangs the test run). Callers
 * still stop the child on every path of their own, e.g. `t.after(() => stopChild(c.child))`.
 */
export function startCli(args: readonly string[], options: { env?: Record<string, string>; startupMs?: number; compiled?: boolean } = {}): Promise<CliChild> {
  // compiled: what `npm start` runs (dist/, built by tools/build-server.mjs; the caller builds it first).
  const entry = options.compiled ? ['--enable-source-maps', 'dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    let stderr = '';
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}; stderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`server did not log 'listening' within ${options.startupMs ?? 60_000} ms`), options.startupMs ?? 60_000);
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.stdout!.on('data', (d) => {
      buf += String(d);
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue; // not a log line
        }
        lines.push(line);
        if (!done && line.event === 'listening' && typeof line.port === 'number') {
          done = true;
          clearTimeout(timer);
          resolve({ child, port: line.port, lines, exited });
        }
      }
    });
    void exited.then((code) => fail(`server exited (${code}) before listening`));
  });
}

/** Kills a child (SIGKILL unless another signal is given) and resolves once it has exited; safe when already gone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Runs the CLI to its exit (killed after `limitMs`): exit code, stdout and stderr. */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; limitMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
