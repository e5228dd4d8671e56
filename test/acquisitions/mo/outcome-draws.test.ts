/**
 * acquisitions/mo/outcome-draws.ts, the multi-outcome surface's draws by posterior kind, against
 * independent references:
 * - ensemble joint draws over [head; x]: mean and covariance = the mixture's closed-form moments
 *   (law of total variance over the members), by Monte Carlo with batch-spread standard errors;
 * - members stratified (exactly S/M samples each) and paired at random across outcomes (the
 *   cross-outcome covariance of two identical ensembles is 0, where index pairing would give the
 *   members' spread);
 * - Student-t draws: marginal variance ν/(ν−2)·scale² and excess kurtosis 6/(ν−4) (closed forms),
 *   head-candidate covariance = the posterior's joint covariance;
 * - qLogNEHVI on a one-member ensemble = the Gaussian path on the same (diagonal) Gaussian, exactly;
 * - qLogNEHVI on ensembles, mixtures and the STP = log of a brute-force Monte Carlo EHVI drawn by
 *   each posterior's own sample() (exact hypervolumes, no box decomposition, no smoothing);
 * - analytic x-gradients = central finite differences of the same surface;
 * - a bar (PFN) posterior is refused with the reason.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, vstack, zeros, type Matrix } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { stratifiedMembers } from '../../../acquisitions/mo/ensemble-draws.js';
import { outcomeDraws } from '../../../acquisitions/mo/outcome-draws.js';
import { buildSampleSurface } from '../../../acquisitions/mo/sample-surface.js';
import { logNehviScore } from '../../../acquisitions/mo/scores.js';
import { StpSurrogate } from '../../../surrogates/stp/stp-surrogate.js';
import type { FittedSurrogate } from '../../../surrogates/types.js';
import { fakeDiagonalGaussian, fakeEnsemble, fakeMixture, membersOf, OBJECTIVES } from './fake-posteriors.js';
import { bruteForceEhvi } from './support.js';

const row = (x: ArrayLike<number>): Matrix => ({ rows: 1, cols: x.length, data: Float64Array.from(x) });
const HEAD = fromRows([[0.1, 0.3], [0.7, 0.6], [0.4, 0.9]]);

/** An estimate over S samples and its standard error from the spread of B contiguous batches. */
function estimate(S: number, stat: (from: number, to: number) => number, B = 25): { value: number; se: number } {
  const value = stat(0, S);
  const per = Array.from({ length: B }, (_, b) => stat(Math.floor((b * S) / B), Math.floor(((b + 1) * S) / B)));
  const m = per.reduce((a, v) => a + v, 0) / B;
  const sd = Math.sqrt(per.reduce((a, v) => a + (v - m) ** 2, 0) / (B - 1));
  return { value, se: sd / Math.sqrt(B) };
}

/** Joint draws of [head; x] (S×(h+1)) of one outcome. */
function jointDraws(model: FittedSurrogate, head: Matrix, x: ArrayLike<number>, S: number, seed: number, k = 0): { Y: Float64Array; m: number } {
  const d = outcomeDraws(model, head, S, seed, k);
  const h = head.rows;
  const cand = d.batch(row(x));
  const m = h + 1;
  const Y = new Float64Array(S * m);
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < h; j++) Y[i * m + j] = d.head[i * h + j];
    Y[i * m + h] = cand[i];
  }
  return { Y, m };
}

/** Stp fitted with α fixed (ν = 2α + n) on the first objective plus noise. */
async function fittedStp(alpha: number): Promise<{ model: FittedSurrogate; X: Matrix }> {
  const rng = createRng(11);
  const X = zeros(8, 2);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const y = Float64Array.from({ length: 8 }, (_, i) => OBJECTIVES[0].f(X.data.subarray(2 * i, 2 * i + 2)) + 0.05 * rng.normal());
  const model = await new StpSurrogate({ kernel: 'matern52', alpha, beta: 1, restarts: 0, maxIterations: 40 }).fit({ X, y }, { rng });
  return { model, X };
}

test('ensemble joint draws over [head; x]: mean and covariance = the mixture moments (Monte Carlo, 5 standard errors)', () => {
  const members = membersOf(0, 4);
  const model = fakeEnsemble(members, 2);
  const x = [0.55, 0.2];
  const S = 40000;
  const { Y, m } = jointDraws(model, HEAD, x, S, 5);
  const rows = vstack(HEAD, row(x));
  // Closed form: mean_j = avg_s μ_s(r_j); cov_jl = avg_s μ_sj μ_sl − mean_j mean_l + δ_jl avg_s v_sj.
  const mu = members.map((mb) => Array.from({ length: m }, (_, j) => mb.mean(rows.data.slice(2 * j, 2 * j + 2))));
  const v = members.map((mb) => Array.from({ length: m }, (_, j) => mb.variance(rows.data.slice(2 * j, 2 * j + 2))));
  const M = members.length;
  const mean = Array.from({ length: m }, (_, j) => mu.reduce((a, r) => a + r[j], 0) / M);
  for (let j = 0; j < m; j++) {
    const e = estimate(S, (a, b) => {
      let s = 0;
      for (let i = a; i < b; i++) s += Y[i * m + j];
      return s / (b - a);
    });
    assert.ok(Math.abs(e.value - mean[j]) < 5 * e.se, `mean ${j}: ${e.value} vs ${mean[j]} ± ${e.se}`);
    for (let l = j; l < m; l++) {
      const exact = mu.reduce((a, r) => a + r[j] * r[l], 0) / M - mean[j] * mean[l] + (j === l ? v.reduce((a, r) => a + r[j], 0) / M : 0);
      const c = estimate(S, (a, b) => {
        let s = 0;
        for (let i = a; i < b; i++) s += (Y[i * m + j] - mean[j]) * (Y[i * m + l] - mean[l]);
        return s / (b - a);
      });
      assert.ok(Math.abs(c.value - exact) < 5 * c.se + 1e-12, `cov ${j},${l}: ${c.value} vs ${exact} ± ${c.se}`);
    }
  }
});

test('ensemble members: exactly S/M samples each, paired at random across outcomes (cross-outcome covariance 0)', () => {
  for (const [S, M] of [[128, 4], [128, 5], [30, 64]] as const) {
    const counts = new Array(M).fill(0);
    for (const s of stratifiedMembers(S, M, 9)) counts[s]++;
    for (const c of counts) assert.ok(c === Math.floor(S / M) || c === Math.ceil(S / M) || (S < M && c <= 1), `S=${S} M=${M}: counts ${counts}`);
  }
  // Two outcomes with the SAME function-draw ensemble: index-by-index pairing would correlate them
  // with covariance Var_s(μ_s); independent outcomes must show 0.
  const members = membersOf(0, 8, false).map((mb) => ({ mean: mb.mean, variance: () => 0 }));
  const model = fakeEnsemble(members, 2);
  const S = 32000;
  const a = outcomeDraws(model, HEAD, S, 3, 0).head;
  const b = outcomeDraws(model, HEAD, S, 3, 1).head;
  const h = HEAD.rows;
  const mu = members.map((mb) => mb.mean(HEAD.data.slice(0, 2)));
  const mbar = mu.reduce((s, v) => s + v, 0) / mu.length;
  const spread = mu.reduce((s, v) => s + (v - mbar) ** 2, 0) / mu.length;
  const c = estimate(S, (p, q) => {
    let s = 0;
    for (let i = p; i < q; i++) s += (a[i * h] - mbar) * (b[i * h] - mbar);
    return s / (q - p);
  });
  assert.ok(Math.abs(c.value) < 5 * c.se, `cross-outcome covariance ${c.value} ± ${c.se}`);
  assert.ok(spread > 10 * c.se, `the test discriminates: index pairing would give ${spread}, se ${c.se}`);
});

test('student-t draws: marginal variance ν/(ν−2)·scale², excess kurtosis 6/(ν−4), covariance with the candidate = the posterior covariance', async () => {
  const { model } = await fittedStp(3); // ν = 2·3 + 8 = 14
  const x = [0.35, 0.75];
  const S = 200000;
  const { Y, m } = jointDraws(model, HEAD, x, S, 21);
  const post = model.posterior(vstack(HEAD, row(x))) as unknown as { df: number; mean(): Float64Array; scale2(): Float64Array; covariance(): Matrix };
  const nu = post.df;
  assert.ok(Math.abs(nu - 14) < 1e-9, `ν = ${nu}`);
  const mean = post.mean();
  const scale2 = post.scale2();
  const cov = post.covariance();
  for (let j = 0; j < m; j++) {
    const exactVar = (nu / (nu - 2)) * scale2[j];
    const e = estimate(S, (a, b) => {
      let s = 0;
      for (let i = a; i < b; i++) s += (Y[i * m + j] - mean[j]) ** 2;
      return s / (b - a);
    });
    assert.ok(Math.abs(e.value - exactVar) < 5 * e.se, `variance ${j}: ${e.value} vs ν/(ν−2)·scale² = ${exactVar} ± ${e.se}`);
    const k = estimate(S, (a, b) => {
      let s2 = 0;
      let s4 = 0;
      for (let i = a; i < b; i++) {
        const z = (Y[i * m + j] - mean[j]) ** 2;
        s2 += z;
        s4 += z * z;
      }
      const n = b - a;
      return (s4 / n) / (s2 / n) ** 2 - 3;
    });
    assert.ok(Math.abs(k.value - 6 / (nu - 4)) < 5 * k.se, `excess kurtosis ${j}: ${k.value} vs 6/(ν−4) = ${6 / (nu - 4)} ± ${k.se}`);
  }
  const h = HEAD.rows;
  for (let j = 0; j < h; j++) {
    const c = estimate(S, (a, b) => {
      let s = 0;
      for (let i = a; i < b; i++) s += (Y[i * m + j] - mean[j]) * (Y[i * m + h] - mean[h]);
      return s / (b - a);
    });
    const exact = cov.data[j * m + h];
    assert.ok(Math.abs(c.value - exact) < 5 * c.se, `cov(head ${j}, x): ${c.value} vs ${exact} ± ${c.se}`);
  }
});

test('qLogNEHVI on a one-member ensemble equals the Gaussian path on the same diagonal Gaussian, exactly', () => {
  const ens = [0, 1].map((k) => fakeEnsemble(membersOf(k, 1, false), 2));
  const gauss = [0, 1].map((k) => fakeDiagonalGaussian(membersOf(k, 1, false)[0], 2));
  const head = vstack(HEAD, fromRows([[0.5, 0.5]])); // a pending point in the head too
  const score = logNehviScore({ objectives: 2, bounds: [] }, [-1, -1]);
  const a = buildSampleSurface(ens, head, 64, 7, score);
  const b = buildSampleSurface(gauss, head, 64, 7, score);
  assert.deepEqual(Array.from(a.draws.data), Array.from(b.draws.data));
  const rng = createRng(2);
  const X = zeros(50, 2);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const va = a.values(X);
  const vb = b.values(X);
  assert.ok(va.some(Number.isFinite));
  assert.deepEqual(Array.from(va), Array.from(vb));
});

async function surfaceModels(): Promise<[string, FittedSurrogate[]][]> {
  const stp0 = await fittedStp(2);
  // The second STP objective on the same design.
  const rng = createRng(12);
  const y1 = Float64Array.from({ length: 8 }, (_, i) => OBJECTIVES[1].f(stp0.X.data.subarray(2 * i, 2 * i + 2)) + 0.05 * rng.normal());
  const stp1 = await new StpSurrogate({ kernel: 'matern52', alpha: 2, beta: 1, restarts: 0, maxIterations: 40 }).fit({ X: stp0.X, y: y1 }, { rng });
  return [
    ['ensemble (Gaussian members and a function draw)', [0, 1].map((k) => fakeEnsemble(membersOf(k, 4), 2))],
    ['mixture (function draws, hmc-bnn moment-matched)', [0, 1].map((k) => fakeMixture(membersOf(k, 5), 2))],
    ['student-t (stp)', [stp0.model, stp1]],
  ];
}

test('qLogNEHVI on ensemble, mixture and Student-t posteriors = log of a brute-force Monte Carlo EHVI', async () => {
  const ref = [-1.2, -1.2];
  const S = 4096;
  for (const [name, models] of await surfaceModels()) {
    // τ_max small so the fat min's smoothing bias is far under the MC error.
    const surface = buildSampleSurface(models, HEAD, S, 17, logNehviScore({ objectives: 2, bounds: [] }, ref, { tauMax: 1e-6 }));
    const rng = createRng(4);
    let checked = 0;
    for (let t = 0; t < 12 && checked < 3; t++) {
      const x = [rng.uniform(), rng.uniform()];
      const mc = bruteForceEhvi(models, HEAD, x, ref, 4000, 100 + t);
      if (mc.mean < 1e-2) continue; // the fat tail keeps qLogNEHVI > 0 where EHVI is ~0: compare where it is not
      checked++;
      const ehvi = Math.exp(surface.values(row(x))[0]);
      // Two MC estimates of one expectation: 4 combined standard errors (the surface's sd taken as the brute force's).
      const tol = 4 * Math.sqrt(mc.se ** 2 * (1 + 4000 / S));
      assert.ok(Math.abs(ehvi - mc.mean) < tol, `${name}, x=${x}: exp(qLogNEHVI)=${ehvi} vs MC ${mc.mean} ± ${mc.se}`);
    }
    assert.ok(checked >= 2, `${name}: too few candidates with a visible EHVI`);
  }
});

test('qLogNEHVI analytic x-gradient = central finite differences on ensemble, mixture and Student-t posteriors (pending point in the head)', async () => {
  const head = vstack(HEAD, fromRows([[0.5, 0.45]]));
  for (const [name, models] of await surfaceModels()) {
    const surface = buildSampleSurface(models, head, 64, 2, logNehviScore({ objectives: 2, bounds: [] }, [-1.5, -1.5]));
    assert.ok(surface.valueAndGradient, `${name}: analytic gradients offered`);
    const rng = createRng(6);
    for (let t = 0; t < 4; t++) {
      const x = Float64Array.from({ length: 2 }, () => 0.1 + 0.8 * rng.uniform());
      const grad = new Float64Array(2);
      const v = surface.valueAndGradient(x, grad);
      assert.ok(Math.abs(v - surface.values(row(x))[0]) < 1e-10, `${name}: value paths agree`);
      const eps = 1e-6;
      for (let j = 0; j < 2; j++) {
        const up = Float64Array.from(x);
        const dn = Float64Array.from(x);
        up[j] += eps;
        dn[j] -= eps;
        const fd = (surface.values(row(up))[0] - surface.values(row(dn))[0]) / (2 * eps);
        assert.ok(Math.abs(fd - grad[j]) < 1e-4 * Math.max(1, Math.abs(fd)), `${name}, x=${Array.from(x)}, ∂${j}: analytic ${grad[j]} vs FD ${fd}`);
      }
    }
  }
});

test('a bar (PFN) posterior is refused: its rows are predicted independently', () => {
  const bar: FittedSurrogate = {
    kind: 'pfn',
    dim: 2,
    posteriorKind: 'bar',
    posterior: (X) => ({ kind: 'bar', size: X.rows, mean: () => new Float64Array(X.rows), variance: () => new Float64Array(X.rows).fill(1), sample: () => zeros(1, X.rows) }),
    state: () => ({ kind: 'pfn' }),
    diagnostics: () => ({}),
  };
  assert.throws(() => outcomeDraws(bar, HEAD, 16, 1, 0), /'pfn' gives a 'bar' posterior, which predicts each point independently/);
});

test('a head covariance indefinite beyond jitter (near-duplicate rows): the pivoted root draws [head; x] with the posterior covariance (MC, 5 standard errors + 5δ)', () => {
  // Gaussian posterior with covariance K − δI, K an RBF kernel (ℓ = 0.8) on rows that nearly
  // coincide: K's small eigenvalues are ≪ δ, so Σ is indefinite by ~δ, as round-off made the STP's.
  const delta = 1e-4;
  const k = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.exp(-((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / (2 * 0.8 ** 2));
  const model: FittedSurrogate = {
    kind: 'fake-indefinite',
    dim: 2,
    posterior: (X) => {
      const m = X.rows;
      const cov = zeros(m, m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) cov.data[i * m + j] = k(X.data.subarray(2 * i, 2 * i + 2), X.data.subarray(2 * j, 2 * j + 2)) - (i === j ? delta : 0);
      return { kind: 'gaussian', size: m, mean: () => new Float64Array(m), variance: () => Float64Array.from({ length: m }, (_, i) => cov.data[i * m + i]), covariance: () => cov, sampleFromBase: () => { throw new Error('unused'); }, sample: () => { throw new Error('unused'); } } as never;
    },
    state: () => ({ kind: 'fake-indefinite' }),
    diagnostics: () => ({}),
  };
  const head = fromRows([[0.5, 0.5], [0.5, 0.501], [0.502, 0.5], [0.51, 0.49], [0.49, 0.52], [0.5, 0.5]]);
  const x = [0.9, 0.1];
  const S = 40000;
  const d = outcomeDraws(model, head, S, 3, 0);
  assert.ok(d.pivotedRank !== undefined && d.pivotedRank < head.rows, `pivoted rank ${d.pivotedRank}`);
  const { Y, m } = jointDraws(model, head, x, S, 3);
  const all = vstack(head, row(x));
  for (let j = 0; j < m; j++) {
    for (let l = j; l < m; l++) {
      const exact = k(all.data.subarray(2 * j, 2 * j + 2), all.data.subarray(2 * l, 2 * l + 2)) - (j === l ? delta : 0);
      const c = estimate(S, (a, b) => {
        let s = 0;
        for (let i = a; i < b; i++) s += Y[i * m + j] * Y[i * m + l];
        return s / (b - a);
      });
      assert.ok(Math.abs(c.value - exact) < 5 * c.se + 5 * delta, `cov ${j},${l}: ${c.value} vs ${exact} ± ${c.se}`);
    }
  }
});
