/**
 * Service benchmark of the compute plane (not a test): a real server as a child process
 * (`server/main.ts`, memory storage), driven by SDK clients and plain HTTP.
 *
 *   npm run bench:service -- [--seconds 30] [--parts isolation,throughput,import] [--root DIR]
 *
 * - isolation: two hmc-bnn studies ask/tell continuously on 2 workers; meanwhile p50/p99 of
 *   GET /v1/health and of an ask+tell pair on a third, Sobol-phase study (and the same with
 *   --compute-workers 0, the event-loop baseline, unless --no-baseline).
 * - throughput: asks per minute of the two hmc-bnn studies on 2 workers vs 1 worker.
 * - import: 512 RegMix 1M training runs (../shared/data; a synthetic 512-point set if absent)
 *   added to a gp study, then one ask: its wall time, phase and the hard limit.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { connect, type Client } from '../sdk/index.js';
import { loadRegmixPile, mixtureDataAvailable } from './mixture/data.js';
import { cpuSeconds, startChildServer, type ChildServer } from './child-server.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    parts: { type: 'string', default: 'isolation,throughput,import' },
    root: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(flags.seconds);
const PARTS = new Set(flags.parts!.split(','));
const ROOT = flags.root ?? fileURLToPath(new URL('..', import.meta.url));

/** A small HMC-BNN (2 chains, JS engine) with a warm refit of ~0.5–1 s of one core per ask, so the workers stay busy. */
const HMC = {
  surrogate: 'hmc-bnn' as const,
  seed: 1,
  initialTrials: 6,
  surrogateOptions: { widths: [20], chains: 2, warmup: 100, samplesPerChain: 20, warmWarmup: 80, warmSamplesPerChain: 30, warmLeapfrog: 30, pretrainSteps: 100, engine: 'js' },
};
const SPACE6 = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: 'float' as const, low: 0, high: 1 }]));
const f6 = (p: Record<string, number>) => Object.values(p).reduce((s, v, i) => s + (v - 0.1 * (i + 2)) ** 2, 0);

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${quantile(s, 0.5).toFixed(1)} / ${quantile(s, 0.99).toFixed(1)} (n=${s.length})`;
};


function startServer(workers: number): Promise<ChildServer> {
  return startChildServer(ROOT, ['--storage', 'memory:', '--log-level', 'error', '--compute-workers', String(workers)]);
}

/** A 6-d hmc-bnn study with 8 told points (past its initial design): every ask fits. */
async function heavyStudy(c: Client, name: string) {
  const s = await c.createStudy({ name, space: SPACE6, objectives: { f: 'minimize' }, algorithm: HMC });
  const pts = Array.from({ length: 8 }, (_, i) => Object.fromEntries(Object.keys(SPACE6).map((k, j) => [k, ((i * 7 + j * 3) % 11) / 10])));
  await s.addTrials(pts.map((params) => ({ params, values: { f: f6(params) } })));
  return s;
}

/** Asks/tells on `studies` until `stop`; returns the completed ask count and each ask's ms. */
async function churn(studies: Awaited<ReturnType<typeof heavyStudy>>[], stop: { done: boolean }): Promise<number[]> {
  const lat: number[] = [];
  await Promise.all(
    studies.map(async (s) => {
      while (!stop.done) {
        const a = performance.now();
        const [t] = await s.ask();
        lat.push(performance.now() - a);
        await s.tell(t!.id, { f: f6(t!.params as Record<string, number>) });
      }
    }),
  );
  return lat;
}

/** The server's own event-loop lag (prom-client default metrics): p99 and max since start, ms. */
async function eventLoopLag(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return `${get('nodejs_eventloop_lag_p99_seconds').toFixed(1)} / ${get('nodejs_eventloop_lag_max_seconds').toFixed(1)}`;
}

/** Probes while `heavyLoad` (two hmc-bnn studies, or none: the machine's noise floor) runs on a server with `workers`. */
async function isolation(workers: number, heavyLoad = true): Promise<string> {
  const server = await startServer(workers);
  const c = await connect(server.url, { timeoutMs: 600_000 });
  try {
    const heavy = heavyLoad ? [await heavyStudy(c, 'hmc-a'), await heavyStudy(c, 'hmc-b')] : [];
    const sobol = await c.createStudy({ name: 'sobol', space: SPACE6, objectives: { f: 'minimize' }, algorithm: { surrogate: 'none', seed: 2 } });
    const stop = { done: false };
    const load = churn(heavy, stop);
    await new Promise((r) => setTimeout(r, 3000)); // let both fits start (workers booted, busy)
    const health: number[] = [];
    const pairs: number[] = [];
    const end = performance.now() + SECONDS * 1000;
    await Promise.all([
      (async () => {
        while (performance.now() < end) {
          const a = performance.now();
          await (await fetch(`${server.url}/v1/health`)).json();
          health.push(performance.now() - a);
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      (async () => {
        while (performance.now() < end) {
          const a = performance.now();
          const [t] = await sobol.ask();
          await sobol.tell(t!.id, { f: f6(t!.params as Record<string, number>) });
          pairs.push(performance.now() - a);
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
    ]);
    stop.done = true;
    const asks = await load;
    const lag = await eventLoopLag(server.url);
    return `| ${workers}${heavyLoad ? '' : ' (no hmc load: noise floor)'} | ${stats(health)} | ${stats(pairs)} | ${asks.length} | ${stats(asks)} | ${lag} |`;
  } finally {
    c.close();
    await server.stop();
  }
}

async function throughput(workers: number): Promise<{ row: string; perMin: number }> {
  const server = await startServer(workers);
  const c = await connect(server.url, { timeoutMs: 600_000 });
  try {
    const heavy = [await heavyStudy(c, 'hmc-a'), await heavyStudy(c, 'hmc-b')];
    // Warm-up: boot the workers and run each study's first (cold) fit outside the timed window.
    await Promise.all(heavy.map(async (s) => { const [t] = await s.ask(); await s.tell(t!.id, { f: f6(t!.params as Record<string, number>) }); }));
    const stop = { done: false };
    const t0 = performance.now();
    const cpu0 = cpuSeconds(server.pid);
    const run = churn(heavy, stop);
    // Sample the pool's busy count: shows whether both fits really ran at once, whatever the CPU share the OS gave them.
    const busy: number[] = [];
    while (performance.now() - t0 < SECONDS * 2000) {
      busy.push(((await (await fetch(`${server.url}/v1/health`)).json()) as { data: { compute: { busy: number } } }).data.compute.busy);
      await new Promise((r) => setTimeout(r, 200));
    }
    stop.done = true;
    const lat = await run;
    const minutes = (performance.now() - t0) / 60_000;
    const cores = (cpuSeconds(server.pid) - cpu0) / (minutes * 60);
    const perMin = lat.length / minutes;
    const both = busy.filter((b) => b >= 2).length / busy.length;
    return { row: `| ${workers} | ${lat.length} | ${minutes.toFixed(2)} | ${perMin.toFixed(1)} | ${stats(lat)} | ${(100 * both).toFixed(0)}% | ${cores.toFixed(2)} |`, perMin };
  } finally {
    c.close();
    await server.stop();
  }
}

async function importRuns(): Promise<string> {
  const server = await startServer(2);
  const c = await connect(server.url, { timeoutMs: 600_000 });
  try {
    let space: Record<string, unknown>;
    let trials: { params: Record<string, unknown>; values: { loss: number } }[];
    let source: string;
    if (mixtureDataAvailable()) {
      const data = loadRegmixPile();
      const runs = data.runs[0]!.slice(0, 512);
      space = { w: { type: 'simplex', components: data.components } };
      trials = runs.map((r) => ({ params: { w: Object.fromEntries(data.components.map((k, i) => [k, r.weights[i]!])) }, values: { loss: r.value } }));
      source = `RegMix Pile 1M training runs (${runs.length}, ${data.components.length}-component simplex)`;
    } else {
      space = SPACE6;
      trials = Array.from({ length: 512 }, (_, i) => {
        const params = Object.fromEntries(Object.keys(SPACE6).map((k, j) => [k, ((i * (j + 3) * 0.6180339887) % 1 + 1) % 1]));
        return { params, values: { loss: f6(params) } };
      });
      source = 'synthetic 512 points, 6-d (RegMix data not found)';
    }
    const s = await c.createStudy({ name: 'import', space: space as never, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'gp', seed: 3 } });
    for (let i = 0; i < trials.length; i += 128) await s.addTrials(trials.slice(i, i + 128) as never);
    const health: number[] = [];
    let asking = true;
    const probe = (async () => {
      while (asking) {
        const a = performance.now();
        await (await fetch(`${server.url}/v1/health`)).json();
        health.push(performance.now() - a);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const a = performance.now();
    const [t] = await s.ask();
    const ms = performance.now() - a;
    asking = false;
    await probe;
    return `${source}: the next ask took ${(ms / 1000).toFixed(1)} s (hard limit 125 s), phase '${String(t!.diagnostics?.phase)}'${t!.diagnostics?.fallbackReason ? ` (${String(t!.diagnostics.fallbackReason)})` : ''}; GET /v1/health during it p50/p99 ms ${stats(health)}.`;
  } finally {
    c.close();
    await server.stop();
  }
}

const out: string[] = [`Service benchmark, node ${process.version}, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}, ${SECONDS} s windows.`];
if (PARTS.has('isolation')) {
  out.push('', 'Isolation: two hmc-bnn studies ask/tell continuously; probes on the same server.', '', '| compute workers | GET /v1/health p50 / p99 ms | Sobol ask+tell p50 / p99 ms | hmc asks done | hmc ask p50 / p99 ms | server event-loop lag p99 / max ms |', '|---:|---|---|---:|---|---|');
  out.push(await isolation(2, false));
  out.push(await isolation(2));
  out.push(await isolation(1));
  if (!flags['no-baseline']) out.push(await isolation(0));
}
if (PARTS.has('throughput')) {
  out.push('', `Throughput: two hmc-bnn studies, ${SECONDS * 2} s each.`, '', '| compute workers | asks | minutes | asks/min | ask p50 / p99 ms | samples with 2 workers busy | server CPU (cores used) |', '|---:|---:|---:|---:|---|---:|---:|');
  const two = await throughput(2);
  const one = await throughput(1);
  out.push(two.row, one.row, '', `2 workers / 1 worker: ${(two.perMin / one.perMin).toFixed(2)}x asks per minute (load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}).`);
}
if (PARTS.has('import')) out.push('', 'Import: ' + (await importRuns()));
console.log(out.join('\n'));
