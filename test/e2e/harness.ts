/** Shared pieces of the end-to-end tests: a real server on port 0 and small helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/app.js';

/** A started in-process server and its cleanup. */
export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1:0 ('memory:' storage unless `storageUrl` is given). */
export async function startTestServer(options: { storageUrl?: string; token?: string } = {}): Promise<TestServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', storageUrl: options.storageUrl ?? 'memory:', token: options.token, logLevel: 'error' });
  return { url: server.url, port: server.port, close: () => server.close() };
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
