/**
 * Load benchmark (not a test): N SDK clients, each doing M ask -> tell rounds on one shared
 * Sobol-policy study (surrogate 'none'), against a real server. Reports ask+tell pairs per second
 * and the p50/p99 latency of one pair (and of ask and tell alone) per N, as a markdown table.
 *
 *   npx tsx benchmarks/load.ts --clients 1,16,256 --rounds 200 [--storage sqlite|sqlite-normal|memory|URL] [--inproc | --url http://...]
 *
 * By default the server runs as a child process (`server/main.ts`, SQLite in a temp dir) so that
 * clients and server do not share one event loop; --inproc starts it in this process instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type Client } from '../sdk/index.js';
import { cpuSeconds, startChildServer } from './child-server.js';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '1,16,256' },
    rounds: { type: 'string', default: '100' },
    storage: { type: 'string', default: 'sqlite' },
    inproc: { type: 'boolean', default: false },
    /** Use a server that is already running (e.g. one started under --cpu-prof). */
    url: { type: 'string' },
    /** Start the server from another checkout (before/after comparisons with the same client). */
    root: { type: 'string' },
    /** Label printed in the table title. */
    label: { type: 'string' },
  },
});
const CLIENTS = flags.clients!.split(',').map(Number);
const ROUNDS = Number(flags.rounds);
const ROOT = flags.root ?? fileURLToPath(new URL('..', import.meta.url));

/** q-quantile of sorted values (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}


/** Starts the server as a child (or in process) and returns its URL, pid and a stop function. */
async function startServerForBench(storageUrl: string): Promise<{ url: string; pid?: number; stop(): Promise<void> }> {
  if (flags.inproc) {
    const { startServer } = await import('../server/app.js');
    const s = await startServer({ port: 0, host: '127.0.0.1', storageUrl, logLevel: 'error' });
    return { url: s.url, stop: () => s.close() };
  }
  return startChildServer(ROOT, ['--storage', storageUrl, '--log-level', 'error']);
}

interface Row {
  clients: number;
  pairs: number;
  seconds: number;
  pairLat: number[];
  askLat: number[];
  tellLat: number[];
  /** Server CPU seconds during the level (NaN when unknown). */
  serverCpu: number;
}

/** N clients (one connection each) × ROUNDS ask/tell pairs on one shared study. */
async function runLevel(url: string, n: number, serverPid: number | undefined): Promise<Row> {
  const clients: Client[] = await Promise.all(Array.from({ length: n }, (_, i) => connect(url, { clientId: `load-${n}-${i}`, timeoutMs: 60000 })));
  const study = await clients[0]!.createStudy({
    name: `load-${n}`,
    space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 }, k: { type: 'int', low: 0, high: 10 } },
    objectives: { f: 'minimize' },
    algorithm: { surrogate: 'none', seed: 1 },
  });
  const handles = await Promise.all(clients.map((c) => c.getStudy<{ x: number; y: number; k: number }>(study.id)));
  const pairLat: number[] = [];
  const askLat: number[] = [];
  const tellLat: number[] = [];
  const t0 = performance.now();
  const cpu0 = cpuSeconds(serverPid);
  await Promise.all(
    handles.map(async (h) => {
      for (let r = 0; r < ROUNDS; r++) {
        const a = performance.now();
        const [t] = await h.ask();
        const b = performance.now();
        await h.tell(t!.id, { f: t!.params.x ** 2 + t!.params.y ** 2 + t!.params.k });
        const c = performance.now();
        askLat.push(b - a);
        tellLat.push(c - b);
        pairLat.push(c - a);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  for (const c of clients) c.close();
  for (const xs of [pairLat, askLat, tellLat]) xs.sort((p, q) => p - q);
  return { clients: n, pairs: pairLat.length, seconds, pairLat, askLat, tellLat, serverCpu };
}

const dir = mkdtempSync(join(tmpdir(), 'bo-load-'));
/** 'sqlite' (synchronous=full, the default), 'sqlite-normal' (WAL, no fsync per commit), 'memory', or a storage URL. */
const storageUrl =
  flags.storage === 'memory' ? 'memory:' : flags.storage === 'sqlite' ? `sqlite:${join(dir, 'load.sqlite')}` : flags.storage === 'sqlite-normal' ? `sqlite:${join(dir, 'load.sqlite')}?synchronous=normal` : flags.storage!;
const server: { url: string; pid?: number; stop(): Promise<void> } = flags.url ? { url: flags.url, stop: async () => undefined } : await startServerForBench(storageUrl);
const serverPid = flags.inproc ? process.pid : server.pid;
try {
  await runLevel(server.url, 4, serverPid).catch(() => undefined); // warm-up: JIT, sqlite pages
  const rows: Row[] = [];
  for (const n of CLIENTS) rows.push(await runLevel(server.url, n, serverPid));
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `${flags.label ? `[${flags.label}] ` : ''}Load: ${ROUNDS} ask+tell rounds per client, one shared Sobol study (surrogate 'none'), storage ${flags.storage}, server ${flags.inproc ? 'in process' : 'child process'}, node ${process.version}.`,
    '',
    '| clients | pairs | pairs/s | pair p50 ms | pair p99 ms | ask p50 / p99 ms | tell p50 / p99 ms | server CPU ms/pair |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.clients} | ${r.pairs} | ${Math.round(r.pairs / r.seconds)} | ${f(quantile(r.pairLat, 0.5))} | ${f(quantile(r.pairLat, 0.99))} | ${f(quantile(r.askLat, 0.5))} / ${f(quantile(r.askLat, 0.99))} | ${f(quantile(r.tellLat, 0.5))} / ${f(quantile(r.tellLat, 0.99))} | ${f((1000 * r.serverCpu) / r.pairs)} |`,
    ),
  ];
  console.log(lines.join('\n'));
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
