/**
 * Thompson sampling inside the trust region (algorithm.trustRegion.acquisition = 'thompson',
 * TuRBO's acquisition; Eriksson et al. 2019 §2). Checked against independent references:
 * - the draws the region's Thompson step takes are posterior draws: over points of a region box,
 *   the Monte Carlo mean and variance of many draws of the fitted default GP match its posterior
 *   mean and variance (closed form of the GP) within 4 Monte Carlo standard errors;
 * - the policy's wiring by rule: in the local phase every suggestion lies in the reported box and
 *   the ask reports 'thompson'; the global phase still runs the study's acquisition (the same points
 *   as without the option); the same seed and data give the same points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { standardize } from '../../core/standardize.js';
import { createSearchSpace } from '../../core/search-space.js';
import { createThompson } from '../../acquisitions/thompson.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import { trustRegionBox } from '../../policy/trust-region.js';
import { trustRegionSpace } from '../../policy/trust-region-space.js';
import type { Observation } from '../../policy/types.js';
import { createSurrogate } from '../../surrogates/registry.js';

const space = createSearchSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } });
// A rugged function (Rastrigin-like) so the posterior keeps real spread inside the region.
const f = (x: number, y: number): number => x * x + y * y + 2 * (2 - Math.cos(3 * Math.PI * x) - Math.cos(3 * Math.PI * y));
const pts: [number, number][] = [[-1.5, 1.2], [1.8, 1.6], [0.2, -1.7], [0.9, -0.2], [-0.7, -0.9], [1.4, 0.8], [0.1, 0.3], [-1.1, 0.4]];
const completed: Observation[] = pts.map(([x, y]) => ({ params: { x, y }, value: f(x, y) }));

test('Thompson draws over a region box have the GP posterior mean and variance (Monte Carlo, 4 standard errors)', async () => {
  const X = { rows: pts.length, cols: 2, data: Float64Array.from(pts.flatMap((p) => Array.from(space.encode({ x: p[0], y: p[1] })))) };
  const y = standardize(Float64Array.from(completed, (o) => -o.value)).y;
  const model = await createSurrogate('gp').fit({ X, y }, { rng: createRng(3) });
  const region = trustRegionSpace(space, trustRegionBox(space.encode(completed[6].params), 0.4, [0, 1]));
  const rows = region.sample(24, createRng(5));
  const post = model.posterior(rows);
  const mean = post.mean();
  const variance = post.variance();
  const N = 4000;
  const sum = new Float64Array(rows.rows);
  const sq = new Float64Array(rows.rows);
  const rng = createRng(11);
  const ts = createThompson();
  for (let s = 0; s < N; s++) {
    const draw = ts.evaluate(post, { best: 0, rng });
    for (let i = 0; i < rows.rows; i++) {
      sum[i] += draw[i];
      sq[i] += draw[i] * draw[i];
    }
  }
  for (let i = 0; i < rows.rows; i++) {
    const m = sum[i] / N;
    const v = (sq[i] - N * m * m) / (N - 1);
    // SE of the mean sqrt(v/N); SE of the sample variance of a Gaussian v·sqrt(2/(N−1)).
    assert.ok(Math.abs(m - mean[i]) < 4 * Math.sqrt(variance[i] / N), `row ${i}: mean ${m} vs ${mean[i]}`);
    assert.ok(Math.abs(v - variance[i]) < 4 * variance[i] * Math.sqrt(2 / (N - 1)) + 1e-12, `row ${i}: variance ${v} vs ${variance[i]}`);
  }
});

async function ask(algorithm: AlgorithmInput, count = 3) {
  // The region under test: exploratory asks (the GP's default since session 12) are off here.
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', seed: 7, initialTrials: pts.length, exploration: { mode: 'off' }, ...algorithm });
  return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count });
}

test('local phase with Thompson: the suggestions lie in the reported box and the ask says thompson', async () => {
  const d = await ask({ trustRegion: { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.3, acquisition: 'thompson' } });
  const tr = d.diagnostics.trustRegion as { phase: string; center: number; lower: number[]; upper: number[]; acquisition?: string };
  assert.equal(tr.phase, 'local');
  assert.equal(tr.acquisition, 'thompson');
  assert.equal(d.diagnostics.acquisition, 'thompson');
  const argmin = completed.reduce((b, o, i) => (o.value < completed[b].value ? i : b), 0);
  assert.equal(tr.center, argmin, 'index of the minimum among the observations');
  assert.equal(d.suggestions.length, 3);
  const seen = new Set<string>();
  for (const s of d.suggestions) {
    const x = space.encode(s);
    for (let j = 0; j < 2; j++) assert.ok(x[j] >= tr.lower[j] - 1e-12 && x[j] <= tr.upper[j] + 1e-12, `${x[j]} outside [${tr.lower[j]}, ${tr.upper[j]}]`);
    seen.add(Array.from(x).join(','));
  }
  assert.equal(seen.size, 3, 'a batch of Thompson picks holds distinct points');
});

test('Thompson in the region: same seed and data give the same points; the global phase keeps the study acquisition', async () => {
  const local = { trustRegion: { mode: 'on-stall' as const, stallTolerance: 0, acquisition: 'thompson' as const } };
  const [a, b] = [await ask(local), await ask(local)];
  assert.deepEqual(a.suggestions, b.suggestions);
  // Default stall tolerance max(4, d) with no model-phase observations: still global, so the option changes nothing.
  const global = await ask({ trustRegion: { mode: 'on-stall', acquisition: 'thompson' } });
  const plain = await ask({ trustRegion: { mode: 'on-stall' } });
  assert.equal(global.diagnostics.acquisition, 'qlognei');
  assert.equal((global.diagnostics.trustRegion as { phase: string }).phase, 'global');
  assert.deepEqual(global.suggestions, plain.suggestions);
});

test('globalEvery: while local, the ask after every k-th observation searches the whole space with Thompson', async () => {
  // 8 observations: 8 mod 4 = 0 is a global step; 8 mod 3 = 2 is a local qLogNEI ask in the box.
  const step = await ask({ trustRegion: { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.3, globalEvery: 4 } }, 1);
  const tr = step.diagnostics.trustRegion as { phase: string; globalStep?: boolean; lower?: number[]; acquisition?: string };
  assert.equal(tr.phase, 'local', 'the region itself stays local');
  assert.equal(tr.globalStep, true);
  assert.equal(tr.lower, undefined, 'no box on a global step');
  assert.equal(step.diagnostics.acquisition, 'thompson');
  const local = await ask({ trustRegion: { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.3, globalEvery: 3 } }, 1);
  const box = local.diagnostics.trustRegion as { globalStep?: boolean; lower: number[]; upper: number[] };
  assert.equal(box.globalStep, undefined);
  assert.equal(local.diagnostics.acquisition, 'qlognei');
  const x = space.encode(local.suggestions[0]);
  for (let j = 0; j < 2; j++) assert.ok(x[j] >= box.lower[j] - 1e-12 && x[j] <= box.upper[j] + 1e-12);
});
