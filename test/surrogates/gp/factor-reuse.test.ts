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
import { GpSurrogate, fittedGpFromHyperparameters, type FittedGp } from '../../../surrogates/gp/gp-surrogate.js';
import { chiSquareQuantile, encodeHashes, reuseOrder, rowHashes, settledGain, type ReuseRecord } from '../../../surrogates/gp/factor-reuse.js';
import { trainingCovariance } from '../../../surrogates/gp/gp-likelihood.js';
import type { SurrogateState, TrainingData } from '../../../surrogates/types.js';
import { capabilitiesOf } from '../../../surrogates/capabilities.js';
import { fitStpOnGp } from '../../../surrogates/stp/stp-on-gp.js';

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

test('rowHashes: one 64-bit hash per row, equal for equal rows, different after one changed bit', () => {
  const a = dataset(50).X;
  const b: Matrix = { ...a, data: a.data.slice() };
  b.data[3] = a.data[3] + Number.EPSILON * a.data[3]; // row 1
  const [ha, hb] = [rowHashes(a), rowHashes(b)];
  assert.equal(ha.length, 100);
  assert.deepEqual([ha[0], ha[1], ha[4], ha[5]], [hb[0], hb[1], hb[4], hb[5]]);
  assert.ok(ha[2] !== hb[2] || ha[3] !== hb[3]);
});

test('reuseOrder: the previous rows in their old order, then the new ones; a missing previous row gives undefined', () => {
  const X = dataset(8).X;
  const pick = (rows: number[]): Matrix => ({ rows: rows.length, cols: D, data: Float64Array.from(rows.flatMap((r) => Array.from(X.data.subarray(r * D, (r + 1) * D)))) });
  const record: ReuseRecord = { rows: 4, rowHashes: encodeHashes(rowHashes(pick([0, 1, 3, 2]))), jitter: 0, fitRows: 4, fitGain: 0 };
  // The caller's order 0..5 (a late tell: row 2 arrived after 3, rows 4 and 5 are new).
  assert.deepEqual(Array.from(reuseOrder(record, pick([0, 1, 2, 3, 4, 5]))!), [0, 1, 3, 2, 4, 5]);
  assert.deepEqual(Array.from(reuseOrder(record, pick([5, 0, 4, 1, 2, 3]))!), [1, 3, 5, 4, 0, 2]);
  assert.equal(reuseOrder(record, pick([0, 1, 3, 4, 5])), undefined);
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
  assert.deepEqual([rec.rows, rec.fitRows, rec.fitGain, rec.rowHashes], [n, N0, 0, encodeHashes(rowHashes(data.X))]);
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
    ['a previous row gone', fit({ X: { rows: N0, cols: D, data: full.X.data.slice(D, (N0 + 1) * D) }, y: full.y.slice(1, N0 + 1) }, settled), /not in the data/],
    ['small', fit(head(full, 201), withRecord(prev, { fitGain: 0, rows: 200, fitRows: 200, rowHashes: encodeHashes(rowHashes(head(full, 200).X)) })), /fewer than 256/],
    // (d) the new rows shifted up by 5 (y's sd is ~0.8, the noise sd 0.01): Σz² far past χ²_m(0.999).
    ['inconsistent', fit(head(dataset(N0 + 3, 7, 5), N0 + 3), settled), /inconsistent/],
    ['disabled', fit(head(full, N0 + 1), settled, new GpSurrogate({ factorReuse: false })), /disabled/],
    ['malformed record', fit(head(full, N0 + 1), withRecord(prev, { fitGain: 0, fitRows: N0 + 5 })), /no reuse record/],
  ];
  for (const [name, diag, reason] of cases) {
    const d = await diag;
    assert.equal(d.fitPath, 'refit', name);
    assert.match(String(d.refitReason), reason, name);
  }
  // Just under the schedule and consistent: reused.
  assert.equal((await fit(head(full, N0 + 14), settled)).fitPath, 'extended');
});

test('known variances (told per trial, or the robust likelihood\'s outlier variances) are reused as they are now; the held factor is extended only when its rows\' variances are unchanged', async () => {
  const prev = await baseModel();
  const yVar = Float64Array.from({ length: N0 + 2 }, (_, i) => (i % 7 === 0 ? 0.05 * (1 + (i % 3)) : 0));
  const withVar = (n: number, v: Float64Array): TrainingData => ({ ...head(full, n), yVar: v.slice(0, n) });
  // The held model had no variances: same hyperparameters, factored afresh with them.
  const held = await gp.fit(withVar(N0, yVar), { rng: createRng(6), warmStart: withRecord(prev, { fitGain: 0 }), previous: prev });
  assert.equal(held.diagnostics().fitPath, 'refactored');
  const grown = await gp.fit(withVar(N0 + 2, yVar), { rng: createRng(6), warmStart: held.state(), previous: held });
  assert.equal(grown.diagnostics().fitPath, 'extended');
  const changed = yVar.slice();
  changed[3] += 0.01;
  const redone = await gp.fit(withVar(N0 + 2, changed), { rng: createRng(6), warmStart: held.state(), previous: held });
  assert.equal(redone.diagnostics().fitPath, 'refactored', 'an old row\'s variance changed: not extended');
  // Independent reference: the same hyperparameters and today's variances, factored from scratch.
  const Xt = dataset(6, 321).X;
  for (const [model, v] of [[grown, yVar], [redone, changed]] as const) {
    const ref = fittedGpFromHyperparameters({ kernel: model.kernel, theta: model.params.subarray(0, model.kernel.size), noise: model.noise, mean: model.mean }, withVar(N0 + 2, v));
    const [a, b] = [model.posterior(Xt), ref.posterior(Xt)];
    for (let j = 0; j < 6; j++) {
      assert.ok(Math.abs(a.mean()[j] - b.mean()[j]) < 1e-9, `mean ${j}`);
      assert.ok(Math.abs(a.variance()[j] - b.variance()[j]) < 1e-9, `variance ${j}`);
    }
  }
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

// The robust likelihood (robust-fit.ts) returns the reused model as it is when the pursuit finds no outlier: its data must stay in the factor's order.
for (const likelihood of ['gaussian', 'robust'] as const) test(`reuse with a late tell (${likelihood}): a new row in the middle of X is appended to the model; the posterior equals a fresh GP on the caller\'s order`, async () => {
  const prev = await baseModel();
  const surrogate = likelihood === 'gaussian' ? gp : new GpSurrogate({ likelihood });
  const state = withRecord(prev, { fitGain: 0 });
  // Caller's order: rows 0..149, then new row N0 (a late tell of an older trial), then 150..N0−1, then N0+1.
  const order = [...Array.from({ length: 150 }, (_, i) => i), N0, ...Array.from({ length: N0 - 150 }, (_, i) => 150 + i), N0 + 1];
  const given: TrainingData = {
    X: { rows: order.length, cols: D, data: Float64Array.from(order.flatMap((r) => Array.from(full.X.data.subarray(r * D, (r + 1) * D)))) },
    y: Float64Array.from(order.map((r) => full.y[r])),
  };
  const warm = await surrogate.fit(given, { rng: createRng(5), warmStart: state, previous: prev });
  assert.equal(warm.diagnostics().fitPath, 'extended');
  if (likelihood === 'robust') assert.deepEqual((warm.diagnostics().robust as { outlierRows: number[] }).outlierRows, [], 'the pursuit finds no outlier in this smooth data');
  // Independent reference: the same hyperparameters on the caller's order, factored from scratch.
  const p = warm.params;
  const ref = fittedGpFromHyperparameters({ kernel: warm.kernel, theta: p.subarray(0, warm.kernel.size), noise: warm.noise, mean: warm.mean }, given);
  assert.equal(ref.factor.jitter, warm.factor.jitter);
  const Xt = dataset(6, 123).X;
  const [a, b] = [warm.posterior(Xt), ref.posterior(Xt)];
  for (let j = 0; j < 6; j++) {
    assert.ok(Math.abs(a.mean()[j] - b.mean()[j]) < 1e-9, `mean ${j}`);
    assert.ok(Math.abs(a.variance()[j] - b.variance()[j]) < 1e-9, `variance ${j}`);
  }
  assert.ok(Math.abs(warm.factor.lml - ref.factor.lml) < 1e-8 * Math.abs(ref.factor.lml));
  // Per-row outputs are in the caller's order (the exploration gate and 'auto' pair them with the caller's y).
  const [la, lb] = [capabilitiesOf(warm).leaveOneOut!(), capabilitiesOf(ref).leaveOneOut!()];
  for (let i = 0; i < order.length; i++) {
    assert.ok(Math.abs(la.mean[i] - lb.mean[i]) < 1e-8, `LOO mean of row ${i}: ${la.mean[i]} vs ${lb.mean[i]}`);
    assert.ok(Math.abs(la.variance[i] - lb.variance[i]) < 1e-8, `LOO variance of row ${i}`);
  }
  // So are a Student-t process's on the reused GP (stp-on-gp.ts: its scale fit reads order-free quantities only).
  const [ta, tb] = [capabilitiesOf(fitStpOnGp(warm, 'gp')).leaveOneOut!(), capabilitiesOf(fitStpOnGp(ref, 'gp')).leaveOneOut!()];
  for (let i = 0; i < order.length; i++) assert.ok(Math.abs(ta.variance[i] - tb.variance[i]) < 1e-7 * tb.variance[i] && Math.abs(ta.mean[i] - tb.mean[i]) < 1e-8, `STP LOO of row ${i}`);
});

test('robust reuse with a late tell and an outlier: the model is refactored on the caller\'s rows, its LOO and outlier rows are the caller\'s, and its reuse record names those rows', async () => {
  const prev = await baseModel();
  const order = [...Array.from({ length: 150 }, (_, i) => i), N0, ...Array.from({ length: N0 - 150 }, (_, i) => 150 + i), N0 + 1];
  const y = Float64Array.from(order.map((r) => full.y[r]));
  const planted = 200; // caller's row 200 is the model's 199 (the late tell sits at caller's row 150)
  y[planted] += 8; // y's sd is ~0.8, the noise sd 0.01
  const given: TrainingData = { X: { rows: order.length, cols: D, data: Float64Array.from(order.flatMap((r) => Array.from(full.X.data.subarray(r * D, (r + 1) * D)))) }, y };
  // Last ask already flagged the planted row (robust-fit.ts keys rows by their hash), so the first fit is reused with its ρ and the pursuit is stable at once.
  const h = rowHashes(given.X);
  const state = { ...withRecord(prev, { fitGain: 0 }), robust: { keys: [`${h[2 * planted].toString(16)}:${h[2 * planted + 1].toString(16)}`], rho: [64] } };
  const warm = await new GpSurrogate({ likelihood: 'robust' }).fit(given, { rng: createRng(5), warmStart: state, previous: prev });
  const robust = warm.diagnostics().robust as { outlierRows: number[]; outlierVariances: number[] };
  assert.deepEqual(robust.outlierRows, [planted], 'the planted row, by its index in the caller\'s order');
  assert.equal(warm.diagnostics().fitPath, 'refactored', 'the hyperparameters were reused (the held factor had no ρ, so it was factored afresh)');
  // Independent reference: a fresh GP on the caller's rows with the outlier's variance as a known variance.
  const yVar = new Float64Array(order.length);
  yVar[planted] = robust.outlierVariances[0];
  const p = warm.params;
  const ref = fittedGpFromHyperparameters({ kernel: warm.kernel, theta: p.subarray(0, warm.kernel.size), noise: warm.noise, mean: warm.mean }, { ...given, yVar });
  const [la, lb] = [capabilitiesOf(warm).leaveOneOut!(), capabilitiesOf(ref).leaveOneOut!()];
  for (let i = 0; i < order.length; i++) assert.ok(Math.abs(la.mean[i] - lb.mean[i]) < 1e-7, `LOO mean of row ${i}: ${la.mean[i]} vs ${lb.mean[i]}`);
  assert.equal((warm.state().reuse as ReuseRecord).rowHashes, encodeHashes(rowHashes(given.X)));
});
