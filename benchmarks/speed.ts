/**
 * Ask latency (fit + acquisition optimization) against the number of observations, d = 6
 * (Hartmann6 data), for the js, wasm and native linear algebra (one run, so the curves share the load):
 *   npx tsx benchmarks/speed.ts [--sizes 50,100,200,500,1000,2000] [--backends js,wasm,native] [--max js:1000] [--asks 5] [--algorithm gp-logei[,gp-qlognei,...]]
 *   npm run bench -- speed [same options]
 * Each size: one cold ask on n − asks points (its state warms the next), then `asks` timed asks
 * on n − asks + 1 … n points, each warm-started from the previous one, as in a real loop.
 * A throwaway run at n = 30 warms the JIT first. Reports the median and mean whole-ask, fit and
 * acquisition times and how each GP fit ran (refit / extended ...). Several algorithms (comma
 * list) run back to back per size and backend. The native backend is used only if built.
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
  algorithm: string;
  n: number;
  askMs: number;
  meanAskMs: number;
  /** Median process CPU time (user + system) per ask: what the ask costs, less sensitive to a loaded machine than wall time. */
  cpuMs: number;
  /** GP fit path per timed ask (diagnostics.model.fitPath), '-' where none. */
  fitPaths: string[];
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
export async function timeAsks(n: number, asks: number, algorithm: string, seed = 0): Promise<Omit<SpeedRow, 'backend' | 'algorithm'>> {
  const { policy, base, all } = speedSetup(n, algorithm, seed);
  let state: PolicyState | undefined = (await policy.suggest({ ...base, completed: all.slice(0, n - asks) })).state;
  const ask: number[] = [];
  const cpu: number[] = [];
  const fit: number[] = [];
  const acq: number[] = [];
  const phases: string[] = [];
  const fitPaths: string[] = [];
  for (let k = asks - 1; k >= 0; k--) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const decision = await policy.suggest({ ...base, completed: all.slice(0, n - k), state });
    ask.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    fit.push(Number(decision.diagnostics.fitMs ?? NaN));
    acq.push(Number(decision.diagnostics.acquireMs ?? NaN));
    phases.push(decision.diagnostics.phase);
    fitPaths.push(String((decision.diagnostics.model as Record<string, unknown> | undefined)?.fitPath ?? '-'));
    state = decision.state;
  }
  return { n, askMs: median(ask), meanAskMs: ask.reduce((a, b) => a + b, 0) / ask.length, cpuMs: median(cpu), fitPaths, fitMs: median(fit), acquireMs: median(acq), asks, phases };
}

/** Markdown table of speed rows. */
export function speedTable(rows: readonly SpeedRow[]): string {
  const head = '| algorithm | backend | n | asks | ask ms (median) | ask ms (mean) | ask CPU ms (median) | fit ms | acquisition ms | phases | fit paths |\n|---|---|---|---|---|---|---|---|---|---|---|';
  return [head, ...rows.map((r) => `| ${r.algorithm} | ${r.backend} | ${r.n} | ${r.asks} | ${fmt(r.askMs)} | ${fmt(r.meanAskMs)} | ${fmt(r.cpuMs)} | ${fmt(r.fitMs)} | ${fmt(r.acquireMs)} | ${[...new Set(r.phases)].join(',')} | ${pathCounts(r.fitPaths)} |`)].join('\n');
}

/** 'refit×1, extended×2': how many timed asks took each fit path, in first-seen order. */
function pathCounts(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, c]) => `${p}×${c}`).join(', ');
}

/** CLI entry (see the file comment). */
export async function main(argv: readonly string[]): Promise<void> {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) opts.set(argv[i].replace(/^--/, ''), argv[i + 1]);
  const sizes = (opts.get('sizes') ?? '50,100,200,500,1000,2000').split(',').map(Number);
  const backends = (opts.get('backends') ?? 'js,wasm,native').split(',');
  const asks = Number(opts.get('asks') ?? 5);
  const algorithms = (opts.get('algorithm') ?? 'gp-logei').split(',');
  // --max js:1000 caps a backend's sizes (the JS path at n = 2000 takes minutes per ask).
  const maxN = new Map((opts.get('max') ?? '').split(',').filter(Boolean).map((kv) => [kv.split(':')[0], Number(kv.split(':')[1])] as const));
  const usable: string[] = [];
  for (const backend of backends) {
    try {
      linalg.setLinalgBackend(backend as Parameters<typeof linalg.setLinalgBackend>[0]);
      usable.push(backend);
      for (const algorithm of algorithms) await timeAsks(30, 2, algorithm, 1); // JIT warm-up, not reported
    } catch (e) {
      process.stderr.write(`backend ${backend} unavailable: ${e instanceof Error ? e.message : e}\n`);
    }
  }
  // Sizes outer, backends inner: the backends of one size run back to back, so a neighbour's
  // load on this shared machine hits them alike and the ratios stay meaningful.
  const rows: SpeedRow[] = [];
  for (const n of sizes)
    for (const backend of usable)
      for (const algorithm of algorithms) {
        if (n > (maxN.get(backend) ?? Infinity)) continue;
        linalg.setLinalgBackend(backend as Parameters<typeof linalg.setLinalgBackend>[0]);
        const r = { backend, algorithm, ...(await timeAsks(n, Math.min(asks, n - 2), algorithm)) };
        process.stderr.write(`${algorithm} ${backend} n=${n}: ask ${r.askMs.toFixed(1)} ms, CPU ${r.cpuMs.toFixed(1)} ms (fit ${r.fitMs.toFixed(1)}, acq ${r.acquireMs.toFixed(1)}; ${pathCounts(r.fitPaths)})\n`);
        rows.push(r);
      }
  linalg.setLinalgBackend('auto');
  rows.sort((a, b) => algorithms.indexOf(a.algorithm) - algorithms.indexOf(b.algorithm) || usable.indexOf(a.backend) - usable.indexOf(b.backend) || a.n - b.n);
  process.stdout.write(`## Ask latency, d = 6 (Hartmann6 data), ${algorithms.join(', ')}\n\n${speedTable(rows)}\n\nCommand: npx tsx benchmarks/speed.ts ${argv.join(' ')}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
