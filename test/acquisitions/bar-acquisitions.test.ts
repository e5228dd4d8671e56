/**
 * Bar acquisitions and the candidate-set optimizer.
 * - A bar posterior with 2,000 fine equal-mass buckets over a N(μ, σ²) (probabilities from the
 *   normal CDF) must reproduce the Gaussian closed forms (independent reference, core/normal.ts):
 *   EI = σ·h(z), PI = Φ(z), UCB quantile = μ + √β·σ; the discretization error is O(width²).
 * - optimizeCandidateSet on known objectives reaches the known maximiser, uses one scoring call for
 *   the candidates plus one per refinement round, and handles integer + categorical coordinates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBarAcquisition } from '../../acquisitions/bar-acquisitions.js';
import { optimizeCandidateSet } from '../../acquisitions/bar-optimize.js';
import { logH, normalCdf, normalQuantile } from '../../core/normal.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Matrix } from '../../core/matrix.js';
import { BarDistribution } from '../../surrogates/pfn/bar-distribution.js';
import { PfnBarPosterior } from '../../surrogates/pfn/bar-posterior.js';

describe('bar acquisitions vs Gaussian closed forms (fine buckets)', () => {
  const B = 2000;
  // Borders at equal standard-normal mass; outer ones at the 1e-6 quantiles.
  const borders = Array.from({ length: B + 1 }, (_, k) => normalQuantile(Math.min(1 - 1e-6, Math.max(1e-6, k / B))));
  const dist = new BarDistribution(borders);
  // Two rows: N(0.3, 0.8²) and N(−1, 0.5²), bucket masses from the normal CDF.
  const rows = [
    [0.3, 0.8],
    [-1, 0.5],
  ];
  const logits: number[] = [];
  for (const [mu, s] of rows) {
    for (let k = 0; k < B; k++) {
      const lo = k === 0 ? -Infinity : borders[k];
      const hi = k === B - 1 ? Infinity : borders[k + 1];
      logits.push(Math.log(Math.max(1e-300, normalCdf((hi - mu) / s) - normalCdf((lo - mu) / s))));
    }
  }
  const post = new PfnBarPosterior(dist, logits, 2);
  const ctx = { best: 0.5, rng: createRng(1) };

  it('log-EI ≈ log(σ·h((μ − f*)/σ)) and EI, PI agree (relative 2e-3)', () => {
    const le = createBarAcquisition('log-ei').evaluate(post, ctx);
    const ei = createBarAcquisition('ei').evaluate(post, ctx);
    const pi = createBarAcquisition('pi').evaluate(post, ctx);
    const lpi = createBarAcquisition('log-pi').evaluate(post, ctx);
    rows.forEach(([mu, s], i) => {
      const z = (mu - ctx.best) / s;
      const ref = logH(z) + Math.log(s);
      assert.ok(Math.abs(le[i] - ref) < 2e-3, `log-EI row ${i}: ${le[i]} vs ${ref}`);
      assert.ok(Math.abs(Math.log(ei[i]) - ref) < 2e-3, `EI row ${i}`);
      assert.ok(Math.abs(pi[i] - normalCdf(z)) < 2e-3 * normalCdf(z) + 1e-6, `PI row ${i}: ${pi[i]} vs ${normalCdf(z)}`);
      assert.ok(Math.abs(lpi[i] - Math.log(pi[i])) < 1e-9, 'log-PI = log PI');
    });
  });

  it('UCB is the Φ(√β) quantile = μ + √β·σ for a Gaussian; posterior-mean is the mean', () => {
    const u = createBarAcquisition('ucb', { ucbBeta: 2 }).evaluate(post, ctx);
    const m = createBarAcquisition('posterior-mean').evaluate(post, ctx);
    rows.forEach(([mu, s], i) => {
      assert.ok(Math.abs(u[i] - (mu + Math.SQRT2 * s)) < 2e-3, `UCB row ${i}: ${u[i]}`);
      assert.ok(Math.abs(m[i] - mu) < 2e-3, `mean row ${i}: ${m[i]}`);
    });
  });

  it('refuses a non-bar posterior', () => {
    const gaussianLike = { kind: 'gaussian' as const, size: 1, mean: () => new Float64Array(1), variance: () => new Float64Array(1), sample: () => ({ rows: 0, cols: 1, data: new Float64Array(0) }) };
    assert.throws(() => createBarAcquisition('log-ei').evaluate(gaussianLike, ctx), /needs a bar/);
  });
});

describe('candidate-set optimizer', () => {
  it('finds the maximiser of a smooth 4-d function: one call for 1,024 candidates + one per round', () => {
    const space = createSearchSpace(Object.fromEntries([0, 1, 2, 3].map((j) => [`x${j}`, { type: 'float' as const, low: 0, high: 1 }])));
    const target = [0.21, 0.77, 0.5, 0.93];
    const score = (X: Matrix) => {
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) for (let j = 0; j < 4; j++) out[i] -= (X.data[i * 4 + j] - target[j]) ** 2;
      return out;
    };
    const r = optimizeCandidateSet(score, space, { rng: createRng(3), candidates: 1024, topK: 10, rounds: 40 });
    assert.equal(r.calls, 1 + r.rounds, 'one scoring call per round');
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(r.x[j] - target[j]) < 3e-3, `x${j} = ${r.x[j]}`);
    assert.equal(r.source, 'refined');
  });

  it('respects integer and categorical parameters and the avoid list', () => {
    const space = createSearchSpace({
      x: { type: 'float', low: 0, high: 1 },
      n: { type: 'int', low: 1, high: 9 },
      c: { type: 'categorical', choices: ['a', 'b', 'c'] },
    });
    const d = space.dim;
    // Best: x = 0.4, n = 7, c = 'b'; the categorical bonus is only visible by enumeration.
    const f = (row: Float64Array) => {
      const p = space.decode(row);
      return -(((p.x as number) - 0.4) ** 2) - 0.01 * ((p.n as number) - 7) ** 2 + (p.c === 'b' ? 1 : 0);
    };
    const score = (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => f(X.data.slice(i * d, (i + 1) * d)));
    const r = optimizeCandidateSet(score, space, { rng: createRng(4), candidates: 256, topK: 5 });
    const p = space.decode(r.x);
    assert.equal(p.c, 'b');
    assert.equal(p.n, 7);
    assert.ok(Math.abs((p.x as number) - 0.4) < 5e-3, `x = ${p.x}`);
    // Avoiding the winner returns a different valid point.
    const again = optimizeCandidateSet(score, space, { rng: createRng(4), candidates: 256, topK: 5, avoid: { rows: 1, cols: d, data: r.x } });
    assert.ok(again.x.some((v, j) => Math.abs(v - r.x[j]) > 1e-6));
  });
});
