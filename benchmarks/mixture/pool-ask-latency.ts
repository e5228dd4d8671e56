/**
 * In-process ask latency of pool mode (the policy the server builds for a pool study): a pool of
 * N random 19-weight mixtures, each at one of 3 levels, checked and expanded once, then `asks`
 * sequential ask/tell steps on a toy objective; prints per-ask total / fit / acquisition ms.
 *   npx tsx benchmarks/mixture/pool-ask-latency.ts [N=2000] [asks=16]
 * (test/e2e/pool.test.ts measures the same through the real server and SDK.)
 */
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import type { PoolCell } from '../../protocol/study.js';
import { createPolicy } from '../../policy/create-policy.js';
import { checkPool, expandPool } from '../../policy/pool.js';
import type { Observation, PolicyState } from '../../policy/types.js';

const N = Number(process.argv[2] ?? 2000);
const asks = Number(process.argv[3] ?? 16);
const comps = Array.from({ length: 19 }, (_, i) => `d${i}`);
const space = createSearchSpace({
  mix: { type: 'simplex', components: comps },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.1 }, { value: 'M', cost: 0.4 }, { value: 'L', cost: 1 }], target: 'L' },
});
const rng = createRng(11);
const rows: PoolCell[][] = [];
for (let i = 0; i < N; i++) {
  const g = comps.map(() => -Math.log(rng.uniform()));
  const s = g.reduce((a, b) => a + b, 0);
  rows.push([g.map((v) => v / s), ['S', 'M', 'L'][i % 3]]);
}
let t = performance.now();
const pool = expandPool(space, checkPool(space, { columns: ['mix', 'size'], rows }));
console.log(`pool of ${N} rows: check + expand ${(performance.now() - t).toFixed(0)} ms`);
const algorithm = AlgorithmSpec.parse({ seed: 1, initialTrials: 4 });
const policy = createPolicy(algorithm, { pool });
const completed: Observation[] = [];
let state: PolicyState | undefined;
const model: number[] = [];
for (let i = 0; i < asks; i++) {
  t = performance.now();
  const d = await policy.suggest({ space, algorithm, direction: 'maximize', completed, pending: [], count: 1, state });
  const ms = performance.now() - t;
  state = d.state;
  const p = d.suggestions[0] as Params;
  const w = p.mix as Record<string, number>;
  completed.push({ params: p, value: w.d0 - (w.d1 - 0.1) ** 2 + (p.size === 'L' ? 0.1 : 0) });
  if (d.diagnostics.phase === 'model') model.push(ms);
  console.log(`ask ${i} ${d.diagnostics.phase}: ${ms.toFixed(0)} ms (fit ${Number(d.diagnostics.fitMs ?? 0).toFixed(0)}, acquisition ${Number(d.diagnostics.acquireMs ?? 0).toFixed(0)}) level ${p.size}`);
}
model.sort((a, b) => a - b);
if (model.length > 0) console.log(`model asks: median ${model[Math.floor(model.length / 2)].toFixed(0)} ms, max ${model[model.length - 1].toFixed(0)} ms over ${model.length}`);
