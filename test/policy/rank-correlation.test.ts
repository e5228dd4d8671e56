/**
 * Spearman's ρ (policy/rank-correlation.ts) against a brute-force computation written differently:
 * ranks counted pairwise (1 + #smaller + (#equal − 1)/2, the average rank of a tie) and the
 * correlation from raw sums; without ties also against the closed form 1 − 6Σd²/(n(n² − 1)).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { averageRanks, spearman } from '../../policy/rank-correlation.js';

function bruteRanks(v: readonly number[]): number[] {
  return v.map((x) => 1 + v.filter((u) => u < x).length + (v.filter((u) => u === x).length - 1) / 2);
}

function bruteSpearman(a: readonly number[], b: readonly number[]): number {
  const ra = bruteRanks(a);
  const rb = bruteRanks(b);
  const n = a.length;
  const sa = ra.reduce((s, v) => s + v, 0);
  const sb = rb.reduce((s, v) => s + v, 0);
  const sab = ra.reduce((s, v, i) => s + v * rb[i], 0);
  const saa = ra.reduce((s, v) => s + v * v, 0);
  const sbb = rb.reduce((s, v) => s + v * v, 0);
  return (n * sab - sa * sb) / Math.sqrt((n * saa - sa * sa) * (n * sbb - sb * sb));
}

test('average ranks equal the pairwise count, ties included', () => {
  const rng = createRng(3);
  const v = Array.from({ length: 40 }, () => Math.floor(rng.uniform() * 8));
  assert.deepEqual(averageRanks(v), bruteRanks(v));
});

test('without ties ρ equals 1 − 6Σd²/(n(n²−1)) (to 1e-12)', () => {
  const rng = createRng(11);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + trial;
    const a = Array.from({ length: n }, () => rng.normal());
    const b = a.map((x) => x + 2 * rng.normal());
    const ra = bruteRanks(a);
    const rb = bruteRanks(b);
    const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
    assert.ok(Math.abs(spearman(a, b) - (1 - (6 * d2) / (n * (n * n - 1)))) < 1e-12);
  }
});

test('with ties ρ is Pearson of the average ranks (brute force, to 1e-12); ±1 for monotone maps; NaN when constant', () => {
  const rng = createRng(5);
  const a = Array.from({ length: 30 }, () => Math.round(rng.normal() * 2));
  const b = a.map((x) => Math.round(x + rng.normal()));
  assert.ok(Math.abs(spearman(a, b) - bruteSpearman(a, b)) < 1e-12);
  const x = Array.from({ length: 12 }, () => rng.normal());
  assert.ok(Math.abs(spearman(x, x.map(Math.exp)) - 1) < 1e-12);
  assert.ok(Math.abs(spearman(x, x.map((v) => -(v ** 3))) + 1) < 1e-12);
  assert.ok(Number.isNaN(spearman(x, x.map(() => 2))));
  assert.throws(() => spearman([1, 2], [1]), RangeError);
});
