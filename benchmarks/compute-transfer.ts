/**
 * What crossing to a compute worker costs at n observations (not a test):
 *
 *   npx tsx benchmarks/compute-transfer.ts [--n 2000] [--d 6] [--rounds 20] [--no-ask]
 *
 * Reports the median pool round trip of a do-nothing policy with n observations and with none
 * (their difference is the observation transfer: encode into Float64Array columns, transfer,
 * decode), and one real gp ask at n in a worker, so the overhead is a share of a real ask.
 */
import { parseArgs } from 'node:util';
import { AlgorithmSpec } from '../protocol/algorithm.js';
import type { Observation } from '../policy/types.js';
import { WorkerPool } from '../server/compute/worker-pool.js';
import type { SuggestJob } from '../server/compute/types.js';

const { values: flags } = parseArgs({ options: { n: { type: 'string', default: '2000' }, d: { type: 'string', default: '6' }, rounds: { type: 'string', default: '20' }, 'no-ask': { type: 'boolean', default: false } } });
const N = Number(flags.n);
const D = Number(flags.d);
const ROUNDS = Number(flags.rounds);
const space = Object.fromEntries(Array.from({ length: D }, (_, i) => [`x${i}`, { type: 'float' as const, low: 0, high: 1 }]));
const completed: Observation[] = Array.from({ length: N }, (_, i) => {
  const params = Object.fromEntries(Object.keys(space).map((k, j) => [k, (((i + 1) * (j + 2) * 0.6180339887) % 1)]));
  return { params, value: Object.values(params).reduce((s, v) => s + (v - 0.4) ** 2, 0) };
});
const job = (obs: Observation[], seed = 1): SuggestJob => ({ kind: 'suggest', spec: { space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed }) }, direction: 'minimize', completed: obs, pending: [], count: 1, timeBudgetMs: 60_000, hardLimitMs: 600_000 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const noop = new WorkerPool({ workers: 1, policyModule: new URL('./noop-policy.ts', import.meta.url) });
try {
  await noop.suggest('warm', job(completed));
  const empty: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    await noop.suggest('s', job([]));
    empty.push(performance.now() - t);
    t = performance.now();
    await noop.suggest('s', job(completed));
    full.push(performance.now() - t);
  }
  const lines = [`Compute plane transfer, n = ${N}, d = ${D}, ${ROUNDS} rounds, node ${process.version}:`, `- pool round trip, do-nothing policy: ${median(empty).toFixed(2)} ms with no observations, ${median(full).toFixed(2)} ms with ${N} (transfer ≈ ${(median(full) - median(empty)).toFixed(2)} ms)`];
  if (!flags['no-ask']) {
    const real = new WorkerPool({ workers: 1 });
    try {
      await real.suggest('boot', job(completed.slice(0, 3)));
      const t = performance.now();
      const d = await real.suggest('gp', job(completed, 2));
      const ms = performance.now() - t;
      lines.push(`- one gp ask at n = ${N} in a worker: ${(ms / 1000).toFixed(1)} s (phase ${String(d.diagnostics.phase)}); plane overhead ${((100 * median(full)) / ms).toFixed(2)}% of the ask`);
    } finally {
      await real.close();
    }
  }
  console.log(lines.join('\n'));
} finally {
  await noop.close();
}
