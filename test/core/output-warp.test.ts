/**
 * Vizier-style output warping (core/output-warp.ts), checked against independent references:
 * - the half-rank warp against OSS Vizier's own unit-test values (vizier/pyvizier/converters/
 *   output_warpers_test.py, HalfRankComponentTest cases 1 and 2, finite entries) and against a
 *   brute-force re-computation (median by sorting, dense rank by counting distinct smaller values,
 *   the good half's spread by a loop, Φ⁻¹ by bisection on the erf-based normal CDF);
 * - the log warp against its closed-form inverse, its end points, and its slope by central finite
 *   differences against the closed-form derivative (c − 1)/(R·ln c·(1 + (max − v)(c − 1)/R));
 * - the whole transform for order preservation and invariance under y → a·y + b (a > 0).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalCdf } from '../../core/normal.js';
import { halfRankLogWarp, halfRankWarp, LOG_WARP_OFFSET, logWarp, logWarpInverse } from '../../core/output-warp.js';
import { createRng } from '../../core/rng.js';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${msg ?? ''} ${a} vs ${b}`);

test("half-rank warp reproduces OSS Vizier's unit-test values", () => {
  // Case 1 (its NaN and −inf entries dropped: they are not finite observations here).
  const a = halfRankWarp([1, 4, 2, 10, 12, 2, 3, 5, 6]).y;
  const expectA = [-2.7145447657886415, 4, 0.3722561569665319, 10, 12, 0.3722561569665319, 2.322289907556879, 5, 6];
  expectA.forEach((v, i) => close(a[i], v, 1e-12, `case 1 [${i}]`));
  const b = halfRankWarp([-4, -3, -2, 1.1, 1.2, 1.3, 1.4, 1.5]).y;
  const expectB = [0.7984888240158797, 0.9467291870388195, 1.0380072549079085, 1.1139555940074284, 1.2, 1.3, 1.4, 1.5];
  expectB.forEach((v, i) => close(b[i], v, 1e-12, `case 2 [${i}]`));
});

/** Φ⁻¹ by bisection on Φ (independent of core/normal.ts's AS 241 quantile). */
function quantileByBisection(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The half-rank warp written out the slow way, one value at a time. */
function bruteForceHalfRank(y: readonly number[]): number[] {
  const s = [...y].sort((p, q) => p - q);
  const n = s.length;
  const m = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const distinct = y.filter((v, i) => y.indexOf(v) === i);
  const below = distinct.filter((u) => u < m).length;
  const denominator = below + (distinct.includes(m) ? 0.5 : 0);
  const good = distinct.filter((u) => u >= m);
  let sd = Math.sqrt(good.reduce((acc, u) => acc + (u - m) ** 2, 0) / good.length);
  if (!(sd > 0)) sd = Math.sqrt(distinct.reduce((acc, u) => acc + (u - m) ** 2, 0) / distinct.length);
  return y.map((v) => {
    if (v >= m) return v;
    const rank = distinct.filter((u) => u < v).length + 1;
    return m + sd * quantileByBisection((0.5 * (rank - 0.5)) / denominator);
  });
}

test('half-rank warp equals a brute-force rank computation (ties, odd and even n), seeded', () => {
  const rng = createRng(20);
  for (const n of [2, 3, 7, 10, 31, 64]) {
    // Rounded values give ties; a heavy tail (exp) gives f6-like spreads.
    const y = Array.from({ length: n }, () => -Math.round(Math.exp(4 * rng.uniform()) * 4) / 4);
    const got = halfRankWarp(y).y;
    bruteForceHalfRank(y).forEach((v, i) => close(got[i], v, 1e-9, `n=${n} [${i}]`));
  }
});

test('half-rank warp keeps the order, the good half and the median; stats say what it did', () => {
  const rng = createRng(7);
  const y = Array.from({ length: 41 }, () => -Math.exp(6 * rng.uniform()));
  const { y: w, stats } = halfRankWarp(y);
  const sorted = [...y].sort((p, q) => p - q);
  assert.equal(stats.median, sorted[20]);
  assert.equal(stats.warped, 20);
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= stats.median) assert.equal(w[i], y[i]);
    else assert.ok(w[i] < stats.median);
    for (let j = 0; j < y.length; j++) if (y[i] < y[j]) assert.ok(w[i] < w[j], `order ${i} ${j}`);
  }
  // The bad tail (values down to −e^6 ≈ −403) now sits within a few good-half spreads of the median.
  assert.ok(Math.min(...w) > stats.median - 3 * stats.goodHalfSd);
  assert.deepEqual(Array.from(halfRankWarp([5]).y), [5]);
  assert.deepEqual(Array.from(halfRankWarp([2, 2, 2]).y), [2, 2, 2]);
  assert.throws(() => halfRankWarp([1, Number.NaN]), RangeError);
});

test('log warp: ends at ±0.5, closed-form inverse, slope by finite differences', () => {
  const y = [-7, -3.5, -1, 0.25, 2];
  const { y: w, min, max } = logWarp(y);
  close(w[0], -0.5, 1e-15);
  close(w[4], 0.5, 1e-15);
  logWarpInverse(w, { min, max }).forEach((v, i) => close(v, y[i], 1e-12, `inverse [${i}]`));
  const c = LOG_WARP_OFFSET;
  const R = max - min;
  const at = (v: number) => 0.5 - Math.log1p(((max - v) / R) * (c - 1)) / Math.log(c);
  for (const v of [-6, -2, 0, 1.9]) {
    const h = 1e-5;
    const fd = (at(v + h) - at(v - h)) / (2 * h);
    close(fd, (c - 1) / (R * Math.log(c) * (1 + ((max - v) * (c - 1)) / R)), 1e-7, `slope at ${v}`);
  }
  // c times steeper at the top than at the bottom.
  close((c - 1) / (R * Math.log(c)) / ((c - 1) / (R * Math.log(c) * c)), c, 1e-12);
  assert.deepEqual(Array.from(logWarp([3, 3]).y), [0.5, 0.5]);
});

test("'half-rank' transform: z-scored, order-preserving, invariant to y → a·y + b", () => {
  const rng = createRng(3);
  const y = Array.from({ length: 50 }, () => -Math.exp(8 * rng.uniform()) + rng.normal());
  const z = halfRankLogWarp(y);
  const mean = z.y.reduce((s, v) => s + v, 0) / z.y.length;
  const sd = Math.sqrt(z.y.reduce((s, v) => s + (v - mean) ** 2, 0) / (z.y.length - 1));
  close(mean, 0, 1e-12);
  close(sd, 1, 1e-12);
  const best = y.indexOf(Math.max(...y));
  assert.equal(z.y.indexOf(Math.max(...z.y)), best);
  const shifted = halfRankLogWarp(y.map((v) => 1e-3 * v + 40)).y;
  shifted.forEach((v, i) => close(v, z.y[i], 1e-9, `affine [${i}]`));
});
