/**
 * Warm GP fits that reuse the previous hyperparameters (surrogates/gp/factor-reuse.ts): the
 * extended factor against a fresh Cholesky and the reconstruction of K_y + jitter·I, each rule of
 * the decision on constructed states, "barely moved" on real refits, the χ² quantile against
 * published table values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../../core/matrix.js';
import { matmulTransB } from '../../../core/linalg/linalg.js';
import { createRng } from '../../../core/rng.js';
import { GpSurrogate, type FittedGp } from '../../../surrogates/gp/gp-surrogate.js';
import { chiSquareQuantile, rowsHash, settledGain, type ReuseRecord } from '../../../surrogates/gp/factor-reuse.js';
import { trainingCovariance } from '../../../surrogates/gp/gp-likelihood.js';
import type { SurrogateState, TrainingData } from '../../../surrogates/types.js';

const D = 3;
const N0 = 300;

/** A smooth test function on [0,1]^3 plus N(0, 0.01²) noise; seeded rows. */
function dataset(n: number, seed = 7, shift = 0): TrainingData {
  const rng = createRng(seed);
  const X: Matrix = { rows: n, cols: D, data: Float64Array.from({ length: n * D }, () => rng.uniform()) };
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [X.data[i * D], X.data[i * D + 1], X.data[i * D + 2]];
    y[i] = Math.sin(6 * a) + Math.cos(4 * b) * c + 0.01 * rng.normal() + (i >= N0 ? shift : 0);
  }
  return { X, y };
}

/** The first n rows of a dataset. */
function head(data: TrainingData, n: number): TrainingData {
  return { X: { rows: n, cols: D, data: data.X.data.slice(0, n * D) }, y: data.y.slice(0, n) };
}

/** The model's state with its reuse record edited. */
function withRecord(model: FittedGp, edit: Partial<ReuseRecord>): SurrogateState {
  const s = model.state();
  return { ...s, reuse: { ...(s.reuse as ReuseRecord), ...edit } };
}

const gp = new GpSurrogate();
const full = dataset(N0 + 40);
let base: FittedGp | undefined;
/** A cold fit on the first N0 rows (shared; fitting costs a few seconds). */
async function baseModel(): Promise<FittedGp> {
  base ??= await gp.fit(head(full, N0), { rng: createRng(1) });
  return base;
}

test('χ² quantiles by Wilson–Hilferty are within 4% of the published values (Abramowitz & Stegun, table 26.8)', () => {
  const table: [number, number, number][] = [
    [1, 0.95, 3.841],
    [1, 0.999, 10.828],
    [9, 0.95, 16.919],
    [10, 0.999, 29.588],
    [100, 0.999, 149.449],
  ];
  for (const [k, p, exact] of table) {
    const q = chiSquareQuantile(k, p);
    assert.ok(Math.abs(q - exact) / exact < 0.04, `χ²_${k}(${p}) = ${q}, table ${exact}`);
  }
});

test('rowsHash covers exactly the first rows: equal for equal prefixes, different after one changed bit', () => {
  const a = dataset(50).X;
  const b: Matrix = { ...a, data: a.data.slice() };
  assert.equal(rowsHash(a, 40), rowsHash(b, 40));
  b.data[45 * D] += 1; // row 45 lies outside the first 40
  assert.equal(rowsHash(a, 40), rowsHash(b, 40));
  b.data[3] = a.data[3] + Number.EPSILON * a.data[3];
  assert.notEqual(rowsHash(a, 40), rowsHash(b, 40));
});

test('reuse: the extended factor equals a fresh Cholesky to 1e-10, and L Lᵀ = K_y + jitter·I (warm and cold worker paths)', async () => {
  const prev = await baseModel();
  const state = withRecord(prev, { fitGain: 0 }); // settled
  const data = head(full, N0 + 5);
  const warm = await gp.fit(data, { rng: createRng(2), warmStart: state, previous: prev });
  const cold = await gp.fit(data, { rng: createRng(2), warmStart: state });
  assert.equal(warm.diagnostics().fitPath, 'extended');
  assert.equal(cold.diagnostics().fitPath, 'refactored');
  assert.deepEqual(Array.from(warm.params), Array.from(prev.params), 'hyperparameters kept');
  const n = N0 + 5;
  let maxL = 0;
  for (let i = 0; i < n * n; i++) maxL = Math.max(maxL, Math.abs(warm.factor.L.data[i] - cold.factor.L.data[i]));
  assert.ok(maxL < 1e-10, `max |L_warm − L_cold| = ${maxL}`);
  // Independent of both: the factor reproduces the covariance the hyperparameters define.
  const Ky = trainingCovariance(warm.layout, warm.params, data);
  for (let i = 0; i < n; i++) Ky.data[i * n + i] += warm.factor.jitter;
  const LLt = matmulTransB(warm.factor.L, warm.factor.L);
  let maxK = 0;
  for (let i = 0; i < n * n; i++) maxK = Math.max(maxK, Math.abs(LLt.data[i] - Ky.data[i]));
  assert.ok(maxK < 1e-10, `max |L Lᵀ − K_y| = ${maxK}`);
  assert.ok(Math.abs(warm.factor.lml - cold.factor.lml) < 1e-8 * Math.abs(cold.factor.lml));
  const post = [warm, cold].map((m) => m.posterior(head(dataset(4, 99), 4).X));
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(post[0].mean()[j] - post[1].mean()[j]) < 1e-9);
  // The next state continues the record: more rows, same full-fit facts.
  const rec = warm.state().reuse as ReuseRecord;
  assert.deepEqual([rec.rows, rec.fitRows, rec.fitGain, rec.xHash], [n, N0, 0, rowsHash(data.X, n)]);
});

test('reuse rule: every condition that blocks it sends the fit to a full refit, and says which', async () => {
  const prev = await baseModel();
  const settled = withRecord(prev, { fitGain: 0 });
  const fit = async (data: TrainingData, warmStart: SurrogateState, options = gp) =>
    (await options.fit(data, { rng: createRng(3), warmStart, previous: prev })).diagnostics();
  const cases: [string, Promise<Record<string, unknown>>, RegExp][] = [
    ['cold last fit', fit(head(full, N0 + 1), prev.state()), /cold/],
    ['moved', fit(head(full, N0 + 1), withRecord(prev, { fitGain: settledGain(prev.layout) + 0.01 })), /moved/],
    // (c) at 300 rows the schedule refits after ⌈0.05·300⌉ = 15 new rows.
    ['schedule', fit(head(full, N0 + 15), settled), /scheduled/],
    ['not a prefix', fit({ X: { rows: N0 + 2, cols: D, data: swapRows(head(full, N0 + 2).X, 0, N0 + 1) }, y: head(full, N0 + 2).y }, settled), /prefix/],
    ['small', fit(head(full, 201), withRecord(prev, { fitGain: 0, rows: 200, fitRows: 200, xHash: rowsHash(full.X, 200) })), /fewer than 256/],
    ['yVar', fit({ ...head(full, N0 + 1), yVar: new Float64Array(N0 + 1) }, settled), /variances/],
    // (d) the new rows shifted up by 5 (y's sd is ~0.8, the noise sd 0.01): Σz² far past χ²_m(0.999).
    ['inconsistent', fit(head(dataset(N0 + 3, 7, 5), N0 + 3), settled), /inconsistent/],
    ['disabled', fit(head(full, N0 + 1), settled, new GpSurrogate({ factorReuse: false })), /disabled/],
  ];
  for (const [name, diag, reason] of cases) {
    const d = await diag;
    assert.equal(d.fitPath, 'refit', name);
    assert.match(String(d.refitReason), reason, name);
  }
  // Just under the schedule and consistent: reused.
  assert.equal((await fit(head(full, N0 + 14), settled)).fitPath, 'extended');
});

test('"barely moved" on real refits: one more consistent row moves a converged fit by far less than ½χ²_p(0.95); a shifted objective by far more', async () => {
  const prev = await baseModel();
  const refit = new GpSurrogate({ factorReuse: false, warmMaxIterations: 100 });
  const one = await refit.fit(head(full, N0 + 1), { rng: createRng(4), warmStart: prev.state() });
  const gainOne = (one.state().reuse as ReuseRecord).fitGain!;
  const limit = settledGain(prev.layout);
  assert.ok(gainOne >= 0 && gainOne < 0.1 * limit, `gain ${gainOne} nats, limit ${limit}`);
  // Same rows, the objective rescaled (its lengthscales and noise are now wrong): a large gain.
  const moved = head(full, N0 + 1);
  const y = moved.y.map((v, i) => v * 3 + Math.sin(40 * moved.X.data[i * D + 2]));
  const two = await refit.fit({ X: moved.X, y }, { rng: createRng(4), warmStart: prev.state() });
  assert.ok((two.state().reuse as ReuseRecord).fitGain! > limit, `gain ${(two.state().reuse as ReuseRecord).fitGain}`);
});

function swapRows(X: Matrix, a: number, b: number): Float64Array {
  const out = X.data.slice();
  for (let c = 0; c < D; c++) [out[a * D + c], out[b * D + c]] = [out[b * D + c], out[a * D + c]];
  return out;
}
