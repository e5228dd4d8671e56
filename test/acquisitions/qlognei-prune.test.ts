import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { standardize } from '../../core/standardize.js';
import { createQLogNei } from '../../acquisitions/qlognei.js';
import { marginalSurvivors } from '../../acquisitions/prune-baseline.js';
import { FittedGp } from '../../surrogates/gp/fitted-gp.js';
import { createSurrogate } from '../../surrogates/registry.js';
import { isGaussian, type FittedSurrogate } from '../../surrogates/types.js';
import { tinyGp } from './fakes.js';

/**
 * The old pruning (before the marginal screen), kept as the reference: S joint draws over ALL n
 * baseline points (Cholesky of the n×n posterior covariance); returns how often each row is the argmax.
 */
function fullJointWins(model: FittedSurrogate, baseline: Matrix, S: number, seed: number): Float64Array {
  const post = model.posterior(baseline);
  assert.ok(isGaussian(post));
  const Y = post.sampleFromBase(createQLogNei({ samples: S, seed }).baseSamples(baseline.rows));
  const wins = new Float64Array(baseline.rows);
  for (let i = 0; i < S; i++) {
    let arg = 0;
    for (let k = 1; k < Y.cols; k++) if (Y.data[i * Y.cols + k] > Y.data[i * Y.cols + arg]) arg = k;
    wins[arg] += 1 / S;
  }
  return wins;
}

function randomX(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const X = { rows: n, cols: d, data: new Float64Array(n * d) };
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  return X;
}

function rowsOf(X: Matrix): string[] {
  return Array.from({ length: X.rows }, (_, r) => Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)).join(','));
}

/**
 * Compares the screened pruning (S = 128) with the old full joint pruning run with 4,096 draws
 * (P̂_i = share of draws where row i is the best):
 * - every row the reference ever finds best (P̂ > 0) survives the marginal screen (the screen only
 *   drops rows with P(best) ≤ 2Φ(−6) = 2e-9, see prune-baseline.ts);
 * - every row with P̂ ≥ 0.05 is kept: a miss has probability (1 − 0.05)^128 = 1.4e-3 per row;
 * - every kept row has P̂ > 0: a row with P(best) = p is kept yet never seen by the reference with
 *   probability ≤ 128p·e^(−4096p) ≤ 0.011.
 */
function assertMatchesFullJoint(model: FittedSurrogate, X: Matrix, seed: number): { kept: number; survivors: number } {
  const ref = fullJointWins(model, X, 4096, seed + 1);
  // The screen as the product runs it: FittedGp's variance bounds, else the exact marginals.
  const post = model.posterior(X);
  const m = model instanceof FittedGp ? model.marginalBounds(X) : { mean: post.mean(), varianceUpper: post.variance() };
  const survivors = new Set(marginalSurvivors(m.mean, m.varianceUpper));
  ref.forEach((p, i) => p > 0 && assert.ok(survivors.has(i), `row ${i} (P̂ = ${p}) was screened out`));
  const kept = new Set(rowsOf(createQLogNei({ samples: 128, seed }).prepare(model, { baseline: X }).baseline));
  const all = rowsOf(X);
  ref.forEach((p, i) => p >= 0.05 && assert.ok(kept.has(all[i]), `row ${i} (P̂ = ${p}) not kept`));
  all.forEach((r, i) => kept.has(r) && assert.ok(ref[i] > 0, `row ${i} kept but P̂ = 0`));
  return { kept: kept.size, survivors: survivors.size };
}

test('screened pruning keeps what the full joint pruning keeps (fitted GP, seeded, n = 60..300, noise 0.05 and 0.5)', async () => {
  // Noise 0.05 and 0.5: few vs many rows with a real chance of being the best.
  for (const [n, seed, noise] of [[60, 1, 0.05], [150, 2, 0.5], [300, 3, 0.5], [300, 4, 0.05]]) {
    const X = randomX(n, 3, seed);
    const y = Array.from({ length: n }, (_, i) => {
      const x = X.data.subarray(i * 3, i * 3 + 3);
      return Math.sin(6 * x[0]) + Math.cos(4 * x[1]) * x[2] + noise * createRng(seed * 1000 + i).normal();
    });
    const model = await createSurrogate('gp').fit({ X, y: standardize(y).y }, { rng: createRng(seed) });
    const { survivors, kept } = assertMatchesFullJoint(model, X, seed);
    console.error(`n = ${n}: ${survivors} survivors, ${kept} kept`);
    assert.ok(survivors < n, `the screen drops something at n = ${n}: ${survivors} survivors`);
  }
});

test('FittedGp.marginalBounds: exact mean, variance bound ≥ the exact posterior variance', async () => {
  const X = randomX(80, 2, 7);
  const y = Array.from({ length: 80 }, (_, i) => Math.sin(5 * X.data[2 * i]) + X.data[2 * i + 1]);
  const model = await createSurrogate('gp').fit({ X, y: standardize(y).y }, { rng: createRng(7) });
  assert.ok(model instanceof FittedGp);
  const Xs = { rows: 100, cols: 2, data: new Float64Array(200) };
  Xs.data.set(X.data, 0); // 80 training rows, then 20 new ones
  Xs.data.set(randomX(20, 2, 8).data, 160);
  const post = model.posterior(Xs);
  const exact = post.variance();
  const mu = post.mean();
  const { mean, varianceUpper } = model.marginalBounds(Xs);
  for (let i = 0; i < Xs.rows; i++) {
    assert.ok(Math.abs(mean[i] - mu[i]) < 1e-9, `mean ${i}`);
    assert.ok(varianceUpper[i] >= exact[i] * (1 - 1e-9) - 1e-15, `variance ${i}: ${varianceUpper[i]} < ${exact[i]}`);
  }
});

test('screened pruning when marginals cannot separate: all points alike, nothing screened, joint step decides', () => {
  // Nearly equal y with noise 0.3: every σ_i is far larger than the spread of the means.
  const X = randomX(40, 2, 11);
  const rng = createRng(12);
  const y = Float64Array.from({ length: 40 }, () => 0.01 * rng.normal());
  const model = tinyGp(X, y, 0.3, 0.3);
  const { survivors, kept } = assertMatchesFullJoint(model, X, 5);
  assert.equal(survivors, 40);
  assert.ok(kept > 1, `several rows kept: ${kept}`);
});
