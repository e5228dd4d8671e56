/**
 * Load benchmark (not a test): N SDK clients, each doing M ask -> tell rounds on one shared
 * Sobol-policy study (surrogate 'none'), against a real server. Reports ask+tell pairs per second
 * and the p50/p99 latency of one pair (and of ask and tell alone) per N, as a markdown table.
 *
 *   npx tsx benchmarks/load.ts --clients 1,16,256 --rounds 200 [--storage sqlite|sqlite-normal|sqlite-thread|memory|URL] [--inproc | --url http://...]
 *   npx tsx benchmarks/load.ts --clients 16 --trials 100,10000,100000   (each study pre-filled with N completed trials)
 *   [--loop ask-tell|tell-and-ask] [--server npm-start|tsx] [--client compiled|tsx]   (the loop each client runs; how the server and the SDK run)
 *   npx tsx benchmarks/load.ts --storage postgres://... --redis redis://... --replicas 3 [--workers 2] [--surrogate gp --trials 50]
 *     (scale-out: N API replicas share the storage, clients spread round-robin over them; --workers
 *     starts them as --role api with N --role worker processes, else each replica computes itself;
 *     --surrogate gp makes every ask a model phase, its latency the remote-worker round trip plus the fit)
 *
 * By default the server runs as a child process (`server/main.ts`, SQLite in a temp dir) so that
 * clients and server do not share one event loop; --inproc starts it in this process instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client, connect as connectFn } from '../sdk/index.js';
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
    /** Completed trials put into each study (trial:add in chunks) before it is measured; comma list, one run per value. */
    trials: { type: 'string', default: '0' },
    /** API replicas sharing --storage (a postgres:// URL when more than 1). */
    replicas: { type: 'string', default: '1' },
    /** Redis URL for events across replicas and, with --workers, the job queue. */
    redis: { type: 'string' },
    /** Remote compute workers (--role worker); 0: replicas compute in their own threads (--role all). */
    workers: { type: 'string', default: '0' },
    /** 'none' (Sobol: the service's own cost) or 'gp' (model-phase asks: the fit and its round trip). */
    surrogate: { type: 'string', default: 'none' },
    /** How the server runs: 'npm-start' (what `npm start` runs in --root: compiled dist/ where it has tools/build-server.mjs) or 'tsx'. */
    server: { type: 'string', default: 'npm-start' },
    /** The SDK the clients use: 'compiled' (this tree's dist/sdk, as users run a built SDK) or 'tsx' (this tree's sources through tsx). */
    client: { type: 'string', default: 'compiled' },
    /** The loop each client runs: 'ask-tell' (ask, then tell: the issue's figure) or 'tell-and-ask' (study.tellAndAsk: one round trip per pair after the first ask). */
    loop: { type: 'string', default: 'ask-tell' },
  },
});
const CLIENTS = flags.clients!.split(',').map(Number);
const ROUNDS = Number(flags.rounds);
const PREFILL = flags.trials!.split(',').map(Number);
/** Trials per trial:add call while pre-filling (the wire allows 10,000; smaller keeps each message well under socket.io's limit). */
const ADD_CHUNK = 2000;
const ROOT = flags.root ?? fileURLToPath(new URL('..', import.meta.url));
/** Deployments measured one after the other in this run (comma lists: every replicas × workers pair). */
const DEPLOYMENTS = flags.replicas!.split(',').map(Number).flatMap((replicas) => flags.workers!.split(',').map((w) => ({ replicas, workers: Number(w) })));
for (const d of DEPLOYMENTS) {
  if (!(Number.isInteger(d.replicas) && d.replicas >= 1) || !(Number.isInteger(d.workers) && d.workers >= 0)) throw new Error('--replicas must be integers >= 1 and --workers >= 0');
  if ((d.replicas > 1 || d.workers > 0) && !/^postgres(ql)?:\/\//.test(flags.storage!)) throw new Error('--replicas > 1 and --workers need a shared --storage postgres://...');
  if (d.workers > 0 && !flags.redis) throw new Error('--workers needs --redis (the job queue)');
}
if (!['none', 'gp'].includes(flags.surrogate!)) throw new Error("--surrogate is 'none' or 'gp'");
if (!['npm-start', 'tsx'].includes(flags.server!)) throw new Error("--server is 'npm-start' or 'tsx'");
if (!['compiled', 'tsx'].includes(flags.client!)) throw new Error("--client is 'compiled' or 'tsx'");
if (!['ask-tell', 'tell-and-ask'].includes(flags.loop!)) throw new Error("--loop is 'ask-tell' or 'tell-and-ask'");
const SERVER_MODE = flags.server as 'npm-start' | 'tsx';
const HERE = fileURLToPath(new URL('..', import.meta.url));
/** The SDK's connect: from this tree's compiled dist/ (built now if stale) or its TypeScript sources. */
async function loadSdk(): Promise<typeof connectFn> {
  if (flags.client === 'tsx') return (await import('../sdk/index.js')).connect;
  const builder = pathToFileURL(join(HERE, 'tools', 'build-server.mjs')).href;
  await ((await import(builder)) as { ensureBuilt(o: { quiet: boolean }): Promise<number> }).ensureBuilt({ quiet: true });
  return ((await import(pathToFileURL(join(HERE, 'dist', 'sdk', 'index.js')).href)) as { connect: typeof connectFn }).connect;
}
const connect = await loadSdk();

/** q-quantile of sorted values (nearest rank); undefined for none (the tell-and-ask loop times only pairs). */
function quantile(sorted: number[], q: number): number | undefined {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}


/** The servers under test: their client URLs, the pids whose CPU is counted, and a stop function. */
interface Servers {
  readonly urls: string[];
  readonly pids: (number | undefined)[];
  stop(): Promise<void>;
}

/** Starts the server as a child (or in process); with --replicas/--workers, the replicas and workers as children. */
async function startServerForBench(storageUrl: string, { replicas: REPLICAS, workers: WORKERS }: { replicas: number; workers: number }): Promise<Servers> {
  if (flags.inproc) {
    const { startServer } = await import('../server/app.js');
    const s = await startServer({ port: 0, host: '127.0.0.1', storageUrl, logLevel: 'error' });
    return { urls: [s.url], pids: [process.pid], stop: () => s.close() };
  }
  const common = ['--storage', storageUrl, '--log-level', 'error', ...(flags.redis ? ['--redis', flags.redis] : [])];
  // The first replica migrates a fresh database; the others start after it.
  const first = await startChildServer(ROOT, [...common, ...(WORKERS > 0 ? ['--role', 'api'] : [])], 'listening', SERVER_MODE);
  const rest = await Promise.all([
    ...Array.from({ length: REPLICAS - 1 }, () => startChildServer(ROOT, [...common, ...(WORKERS > 0 ? ['--role', 'api'] : [])], 'listening', SERVER_MODE)),
    ...Array.from({ length: WORKERS }, (_, i) => startChildServer(ROOT, [...common, '--role', 'worker', '--compute-workers', '1', '--worker-id', `bench-w${i}`], 'worker_ready', SERVER_MODE)),
  ]);
  const all = [first, ...rest];
  const replicas = all.slice(0, REPLICAS);
  if (WORKERS > 0) await new Promise((r) => setTimeout(r, 1500)); // the replicas read the worker registry every second
  return { urls: replicas.map((r) => r.url), pids: all.map((c) => c.pid), stop: async () => void (await Promise.all(all.map((c) => c.stop()))) };
}

interface Row {
  clients: number;
  /** Completed trials in the study before the level started. */
  prefill: number;
  /** Seconds the pre-fill took. */
  prefillSeconds: number;
  pairs: number;
  seconds: number;
  pairLat: number[];
  askLat: number[];
  tellLat: number[];
  /** Server CPU seconds during the level (NaN when unknown). */
  serverCpu: number;
  /** Of which the servers' main threads (their event loops, which bound pairs/s), seconds. */
  serverMainCpu: number;
  /** This (client) process's CPU seconds during the level: all N SDK clients' work. */
  clientCpu: number;
  /** 1-minute load average when the level ended (the machine is shared). */
  load: number;
}

/** Server CPU seconds of every pid (NaN when one is unknown). */
function serversCpu(pids: readonly (number | undefined)[], mainThreadOnly = false): number {
  return pids.reduce((sum: number, p) => sum + cpuSeconds(p, mainThreadOnly), 0);
}

/** N clients (one connection each, round-robin over the replicas) × ROUNDS ask/tell pairs on one shared study, pre-filled with `prefill` completed trials. */
async function runLevel(urls: readonly string[], n: number, serverPids: readonly (number | undefined)[], prefill = 0): Promise<Row> {
  const clients: Client[] = await Promise.all(Array.from({ length: n }, (_, i) => connect(urls[i % urls.length]!, { clientId: `load-${n}-${i}`, timeoutMs: 120000 })));
  const study = await clients[0]!.createStudy({
    name: `load-${n}-${prefill}`,
    space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 }, k: { type: 'int', low: 0, high: 10 } },
    objectives: { f: 'minimize' },
    // gp: 2 initial trials, so after any pre-fill every ask is a model phase.
    algorithm: flags.surrogate === 'gp' ? { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 2, seed: 1 } : { surrogate: 'none', seed: 1 },
  });
  const handles = await Promise.all(clients.map((c) => c.getStudy<{ x: number; y: number; k: number }>(study.id)));
  const p0 = performance.now();
  for (let done = 0; done < prefill; done += ADD_CHUNK) {
    // Random points (a seeded LCG): not Sobol points, so they never collide with the sequence.
    const chunk = Array.from({ length: Math.min(ADD_CHUNK, prefill - done) }, (_, i) => {
      const u = (k: number) => (((done + i) * 2654435761 + k * 40503) % 1000003) / 1000003;
      const params = { x: -5 + 10 * u(1), y: -5 + 10 * u(2), k: Math.floor(11 * u(3)) };
      return { params, values: { f: params.x ** 2 + params.y ** 2 + params.k } };
    });
    await handles[0]!.addTrials(chunk);
  }
  const prefillSeconds = (performance.now() - p0) / 1000;
  if (prefill > 0) {
    // One untimed pair: the server loads the study's completed trials into memory on its first ask
    // (once per process); the level measures the steady state after it.
    const [t] = await handles[0]!.ask();
    await handles[0]!.tell(t!.id, { f: 0 });
  }
  const pairLat: number[] = [];
  const askLat: number[] = [];
  const tellLat: number[] = [];
  const t0 = performance.now();
  const cpu0 = serversCpu(serverPids);
  const main0 = serversCpu(serverPids, true);
  const client0 = process.cpuUsage();
  await Promise.all(
    handles.map(async (h) => {
      if (flags.loop === 'tell-and-ask') {
        // One round trip per pair: the first ask is outside the timed pairs; each pair is the tell of
        // the current trial with the next ask (the last round tells alone).
        let [t] = await h.ask();
        for (let r = 0; r < ROUNDS; r++) {
          const a = performance.now();
          const values = { f: t!.params.x ** 2 + t!.params.y ** 2 + t!.params.k };
          if (r < ROUNDS - 1) [t] = (await h.tellAndAsk(t!.id, values)).next;
          else await h.tell(t!.id, values);
          pairLat.push(performance.now() - a);
        }
        return;
      }
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
  const serverCpu = serversCpu(serverPids) - cpu0;
  const serverMainCpu = serversCpu(serverPids, true) - main0;
  const used = process.cpuUsage(client0);
  const clientCpu = (used.user + used.system) / 1e6;
  for (const c of clients) c.close();
  for (const xs of [pairLat, askLat, tellLat]) xs.sort((p, q) => p - q);
  return { clients: n, prefill, prefillSeconds, pairs: pairLat.length, seconds, pairLat, askLat, tellLat, serverCpu, serverMainCpu, clientCpu, load: loadavg()[0]! };
}

const dir = mkdtempSync(join(tmpdir(), 'bo-load-'));
/** 'sqlite' (the server's default: group commit, the connection on its thread), 'sqlite-normal' (no fsync for an answer), 'sqlite-thread' (the connection on its own thread), 'memory', or a storage URL. */
const SQLITE_QUERY: Record<string, string> = { sqlite: '', 'sqlite-normal': '?synchronous=normal', 'sqlite-thread': '?connection=thread' };
const storageUrl = flags.storage === 'memory' ? 'memory:' : Object.hasOwn(SQLITE_QUERY, flags.storage!) ? `sqlite:${join(dir, 'load.sqlite')}${SQLITE_QUERY[flags.storage!]}` : flags.storage!;
const rows: (Row & { servers: string })[] = [];
for (const d of flags.url ? [{ replicas: 1, workers: 0 }] : DEPLOYMENTS) {
  const servers = flags.url ? 'given' : flags.inproc ? 'in process' : d.workers > 0 ? `${d.replicas} api + ${d.workers} workers` : `${d.replicas} replica${d.replicas > 1 ? 's' : ''}`;
  const server: Servers = flags.url ? { urls: [flags.url], pids: [undefined], stop: async () => undefined } : await startServerForBench(storageUrl, d);
  try {
    await runLevel(server.urls, 4, server.pids).catch(() => undefined); // warm-up: JIT, sqlite pages
    for (const prefill of PREFILL) for (const n of CLIENTS) rows.push({ ...(await runLevel(server.urls, n, server.pids, prefill)), servers });
  } finally {
    await server.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
const f = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(1));
const lines = [
  `${flags.label ? `[${flags.label}] ` : ''}Load: ${ROUNDS} ask+tell rounds per client (${flags.loop === 'tell-and-ask' ? 'tell-and-ask loop: one round trip per pair' : 'ordinary loop: ask, then tell'}; server ${SERVER_MODE === 'tsx' ? 'through tsx' : 'as npm start runs it'}, SDK ${flags.client === 'tsx' ? 'through tsx' : 'compiled'}), one shared ${flags.surrogate === 'gp' ? 'GP study (every ask a model phase)' : "Sobol study (surrogate 'none')"}, storage ${flags.storage!.replace(/:\/\/[^@/]*@/, '://***@').replace(/\?.*$/, '')}, servers as child processes${flags.redis ? ' with --redis' : ''} (api: --role api; workers: --role worker, 1 thread each), node ${process.version}. Server CPU: all server processes (/proc); client CPU: this process (all N SDK clients).`,
  '',
  '| servers | trials before | clients | pairs | pairs/s | pair p50 ms | pair p99 ms | ask p50 / p99 ms | tell p50 / p99 ms | server CPU µs/pair | of which main thread | client CPU µs/pair | load |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.servers} | ${r.prefill}${r.prefill > 0 ? ` (added in ${r.prefillSeconds.toFixed(1)} s)` : ''} | ${r.clients} | ${r.pairs} | ${Math.round(r.pairs / r.seconds)} | ${f(quantile(r.pairLat, 0.5))} | ${f(quantile(r.pairLat, 0.99))} | ${f(quantile(r.askLat, 0.5))} / ${f(quantile(r.askLat, 0.99))} | ${f(quantile(r.tellLat, 0.5))} / ${f(quantile(r.tellLat, 0.99))} | ${Math.round((1e6 * r.serverCpu) / r.pairs)} | ${Math.round((1e6 * r.serverMainCpu) / r.pairs)} | ${Math.round((1e6 * r.clientCpu) / r.pairs)} | ${r.load.toFixed(1)} |`,
  ),
];
console.log(lines.join('\n'));
