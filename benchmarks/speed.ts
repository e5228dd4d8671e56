/**
 * Ask latency (fit + acquisition optimization) against the number of observations, d = 6
 * (Hartmann6 data), for the js, wasm and native linear algebra (one run, so the curves share the load):
 *   npx tsx benchmarks/speed.ts [--sizes 50,100,200,500,1000,2000] [--backends js,wasm,native] [--max js:1000] [--asks 5] [--algorithm gp-logei]
 *   npm run bench -- speed [same options]
 * Each size: one cold ask on n − asks points (its state warms the next), then `asks` timed asks
 * on n − asks + 1 … n points, each warm-started from the previous one, as in a real loop.
 * A throwaway run at n = 30 warms the JIT first. Reports the median whole-ask, fit and acquisition times. The native backend is used only if built.
 */
import { fileURLToPath } from 'node:url';
import { createRng } from '../core/rng.js';
import { createSearchSpace } from '../core/search-space.js';
import * as linalg from '../core/linalg/linalg.js';
import type { Observation, PolicyState } from '../policy/types.js';
import { buildAlgorithm } from './algorithms.js';
import { problemSpace } from './loop.js';
import { hartmann6 } from './problems/hartmann.js';
import { fmt, median } from './stats.js';

/** Timings of one (backend, n) cell, ms. */
export interface SpeedRow {
  backend: string;
  n: number;
  askMs: number;
  fitMs: number;
  acquireMs: number;
  asks: number;
  phases: string[];
}

/** The timing setup shared by the speed benchmarks: n seeded uniform Hartmann6 observations and the algorithm's policy. */
export function speedSetup(n: number, algorithm: string, seed = 0) {
  const space = createSearchSpace(problemSpace(hartmann6));
  const rng = createRng(seed);
  const all: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 6 }, () => rng.uniform());
    all.push({ params: Object.fromEntries(x.map((v, j) => [`x${j}`, v])), value: hartmann6.f(x) });
  }
  const { policy, spec } = buildAlgorithm(algorithm, seed, 10);
  const base = { space, algorithm: spec, direction: 'minimize' as const, pending: [], count: 1 };
  return { policy, base, all };
}

/** Time `asks` warm asks at size n (see the file comment). */
export async function timeAsks(n: number, asks: number, algorithm: string, seed = 0): Promise<Omit<SpeedRow, 'backend'>> {
  const { policy, base, all } = speedSetup(n, algorithm, seed);
  let state: PolicyState | undefined = (await policy.suggest({ ...base, completed: all.slice(0, n - asks) })).state;
  const ask: number[] = [];
  const fit: number[] = [];
  const acq: number[] = [];
  const phases: string[] = [];
  for (let k = asks - 1; k >= 0; k--) {
    const t0 = performance.now();
    const decision = await policy.suggest({ ...base, completed: all.slice(0, n - k), state });
    ask.push(performance.now() - t0);
    fit.push(Number(decision.diagnostics.fitMs ?? NaN));
    acq.push(Number(decision.diagnostics.acquireMs ?? NaN));
    phases.push(decision.diagnostics.phase);
    state = decision.state;
  }
  return { n, askMs: median(ask), fitMs: median(fit), acquireMs: median(acq), asks, phases };
}

/** Markdown table of speed rows. */
export function speedTable(rows: readonly SpeedRow[]): string {
  const head = '| backend | n | asks | ask ms (median) | fit ms | acquisition ms | phases |\n|---|---|---|---|---|---|---|';
  return [head, ...rows.map((r) => `| ${r.backend} | ${r.n} | ${r.asks} | ${fmt(r.askMs)} | ${fmt(r.fitMs)} | ${fmt(r.acquireMs)} | ${[...new Set(r.phases)].join(',')} |`)].join('\n');
}

/** CLI entry (see the file comment). */
export async function main(argv: readonly string[]): Promise<void> {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) opts.set(argv[i].replace(/^--/, ''), argv[i + 1]);
  const sizes = (opts.get('sizes') ?? '50,100,200,500,1000,2000').split(',').map(Number);
  const backends = (opts.get('backends') ?? 'js,wasm,native').split(',');
  const asks = Number(opts.get('asks') ?? 5);
  const algorithm = opts.get('algorithm') ?? 'gp-logei';
  // --max js:1000 caps a backend's sizes (the JS path at n = 2000 takes minutes per ask).
  const maxN = new Map((opts.get('max') ?? '').split(',').filter(Boolean).map((kv) => [kv.split(':')[0], Number(kv.split(':')[1])] as const));
  const usable: string[] = [];
  for (const backend of backends) {
    try {
      linalg.setLinalgBackend(backend as Parameters<typeof linalg.setLinalgBackend>[0]);
      usable.push(backend);
      await timeAsks(30, 2, algorithm, 1); // JIT warm-up, not reported
    } catch (e) {
      process.stderr.write(`backend ${backend} unavailable: ${e instanceof Error ? e.message : e}\n`);
    }
  }
  // Sizes outer, backends inner: the backends of one size run back to back, so a neighbour's
  // load on this shared machine hits them alike and the ratios stay meaningful.
  const rows: SpeedRow[] = [];
  for (const n of sizes)
    for (const backend of usable) {
      if (n > (maxN.get(backend) ?? Infinity)) continue;
      linalg.setLinalgBackend(backend as Parameters<typeof linalg.setLinalgBackend>[0]);
      const r = { backend, ...(await timeAsks(n, Math.min(asks, n - 2), algorithm)) };
      process.stderr.write(`${backend} n=${n}: ask ${r.askMs.toFixed(1)} ms (fit ${r.fitMs.toFixed(1)}, acq ${r.acquireMs.toFixed(1)})\n`);
      rows.push(r);
    }
  linalg.setLinalgBackend('auto');
  rows.sort((a, b) => usable.indexOf(a.backend) - usable.indexOf(b.backend) || a.n - b.n);
  process.stdout.write(`## Ask latency, d = 6 (Hartmann6 data), ${algorithm}\n\n${speedTable(rows)}\n\nCommand: npx tsx benchmarks/speed.ts ${argv.join(' ')}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
