/**
 * The per-cut statistics of score 'decision' (surrogates/auto/decision-statistic.ts) and the cut
 * spacing (decision-score.ts decisionCuts) against brute-force references:
 * - 'rank' against Spearman's ρ from pairwise counts with ties averaged (spearman-by-pairs.ts) on
 *   integer windows with ties, and against the closed form 1 − 6Σd²/(W(W²−1)) on windows without ties;
 * - 'top1' against the first maximum's pairwise win share;
 * - 'top3' against the mean pairwise win share of the three rows picked by repeated argmax by hand;
 * - 'disjoint' cuts against a brute-force filter over every prefix length.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { decisionCuts } from '../../../surrogates/auto/decision-score.js';
import { cutQuality, firstRanked, rankQuality, topKQuality } from '../../../surrogates/auto/decision-statistic.js';
import { spearmanByPairs } from './spearman-by-pairs.js';

test("'rank' equals Spearman's ρ from pairwise counts (ties averaged) on integer windows with ties", () => {
  const rng = createRng(21);
  let checked = 0;
  for (let rep = 0; rep < 400; rep++) {
    const W = 2 + rng.int(12);
    const acq = Array.from({ length: W }, () => rng.int(4));
    const y = Array.from({ length: W }, () => rng.int(6));
    const ref = spearmanByPairs(acq, y);
    const got = cutQuality('rank', acq, y);
    // Reference NaN (a constant side ranks nothing): the cut counts 0 by definition.
    assert.ok(Math.abs(got - (Number.isNaN(ref) ? 0 : ref)) < 1e-12, `acq=${acq} y=${y}: ${got} vs ${ref}`);
    if (!Number.isNaN(ref)) checked++;
  }
  assert.ok(checked > 300, `${checked} windows with a ranking`);
});

test("'rank' on windows without ties equals 1 − 6Σd²/(W(W²−1)), ±1 for the same and the reversed order", () => {
  const rng = createRng(5);
  for (let rep = 0; rep < 200; rep++) {
    const W = 2 + rng.int(15);
    const acq = Array.from({ length: W }, () => rng.normal());
    const y = Array.from({ length: W }, () => rng.normal());
    const rankOf = (v: number[]) => v.map((x) => 1 + v.filter((u) => u < x).length);
    const ra = rankOf(acq);
    const ry = rankOf(y);
    const d2 = ra.reduce((s, r, i) => s + (r - ry[i]) ** 2, 0);
    assert.ok(Math.abs(rankQuality(acq, y) - (1 - (6 * d2) / (W * (W * W - 1)))) < 1e-12);
  }
  assert.equal(rankQuality([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(rankQuality([4, 3, 2, 1], [10, 20, 30, 40]), -1);
  // LogEI can be −∞ far from the incumbent: −∞ values tie among themselves.
  assert.ok(Math.abs(rankQuality([-Infinity, -Infinity, 0, 1], [1, 2, 3, 4]) - spearmanByPairs([-1e300, -1e300, 0, 1], [1, 2, 3, 4])) < 1e-12);
});

test("'rank' of a flat window or a flat acquisition is 0; mismatched or one-trial windows throw", () => {
  assert.equal(rankQuality([1, 2, 3], [5, 5, 5]), 0);
  assert.equal(rankQuality([7, 7, 7], [1, 2, 3]), 0);
  assert.throws(() => rankQuality([1, 2], [1, 2, 3]), /2 acquisition values for 3/);
  assert.throws(() => rankQuality([1], [1]), /at least 2/);
});

test("'top1' is the first maximum's pairwise win share among the window (ties half), ties in the acquisition going to the earlier row", () => {
  const rng = createRng(8);
  for (let rep = 0; rep < 300; rep++) {
    const W = 2 + rng.int(10);
    const acq = Array.from({ length: W }, () => rng.int(3));
    const y = Array.from({ length: W }, () => rng.int(5));
    const pick = acq.indexOf(Math.max(...acq));
    assert.equal(firstRanked(acq), pick);
    let wins = 0;
    for (let j = 0; j < W; j++) if (j !== pick) wins += y[pick] > y[j] ? 1 : y[pick] === y[j] ? 0.5 : 0;
    assert.ok(Math.abs(cutQuality('top1', acq, y) - wins / (W - 1)) < 1e-12);
  }
});

test("'disjoint' cuts are the last `cuts` prefix lengths t ≡ n − window (mod window) with minPrefix <= t <= n − window (brute-force filter)", () => {
  for (let n = 0; n <= 120; n++) {
    for (const [window, cuts, minPrefix] of [[10, 10, 10], [5, 3, 6], [2, 20, 5], [10, 10, 5]]) {
      const all = Array.from({ length: n + 1 }, (_, t) => t).filter((t) => t >= minPrefix && t + window <= n && (n - window - t) % window === 0);
      const got = decisionCuts(n, window, cuts, minPrefix, 'disjoint');
      assert.deepEqual(got, all.slice(Math.max(0, all.length - cuts)), `n=${n} window=${window}`);
      // No trial is in two windows.
      for (let c = 1; c < got.length; c++) assert.ok(got[c] - got[c - 1] >= window);
    }
  }
  // The bbob selection case (d = 5, window 10, minPrefix 10): 9 cuts at n = 100, the 3 needed for evidence from n = 40.
  assert.deepEqual(decisionCuts(100, 10, 10, 10, 'disjoint'), [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.deepEqual(decisionCuts(40, 10, 10, 10, 'disjoint'), [10, 20, 30]);
  assert.deepEqual(decisionCuts(39, 10, 10, 10, 'disjoint'), [19, 29]);
});

test("'top3' is the mean pairwise win share (ties half) of the three rows a repeated argmax picks (ties to the earlier row)", () => {
  const rng = createRng(13);
  for (let rep = 0; rep < 300; rep++) {
    const W = 2 + rng.int(12);
    const acq = Array.from({ length: W }, () => rng.int(4));
    const y = Array.from({ length: W }, () => rng.int(6));
    // Reference: pick the highest acquisition among rows not yet picked, the earliest on ties, three times.
    const picked: number[] = [];
    for (let k = 0; k < Math.min(3, W); k++) {
      let best = -1;
      for (let j = 0; j < W; j++) if (!picked.includes(j) && (best < 0 || acq[j] > acq[best])) best = j;
      picked.push(best);
    }
    const share = (c: number) => y.reduce((s, v, j) => s + (j === c ? 0 : y[c] > v ? 1 : y[c] === v ? 0.5 : 0), 0) / (W - 1);
    const ref = picked.reduce((s, c) => s + share(c), 0) / picked.length;
    assert.ok(Math.abs(cutQuality('top3', acq, y) - ref) < 1e-12, `acq=${acq} y=${y}`);
  }
  // Its first pick is top1's: with k = 1 the two agree.
  assert.equal(topKQuality([0, 5, 1], [3, 1, 2], 1), cutQuality('top1', [0, 5, 1], [3, 1, 2]));
  // The three best trials ranked first: (1 + 3/4 + 2/4)/3, the most a window of 5 allows; the three worst: (0 + 1/4 + 2/4)/3.
  assert.equal(cutQuality('top3', [9, 8, 7, 1, 0], [5, 4, 3, 2, 1]), 0.75);
  assert.equal(cutQuality('top3', [0, 1, 7, 8, 9], [5, 4, 3, 2, 1]), 0.25);
});
