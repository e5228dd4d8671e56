/**
 * The trust region's rules (policy/trust-region.ts) against TuRBO's (Eriksson et al. 2019, §2;
 * the reference code's _adjust_length): success when y > best + 1e-3·|best|; τ_succ = 3 successes
 * in a row double the side up to L_max = 1.6; τ_fail = ceil(max(4/q, d/q)) failures in a row (q = 1)
 * halve it; a side below L_min = 0.5^7 restarts from L_init = 0.8. Expected states are derived by
 * hand from those rules (each case says how); the box checks are closed forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTrustRegion, GP_DEFAULT_TRUST_REGION, improves, replayTrustRegion, resolveTrustRegion, trustRegionBox, type TrustRegionSettings } from '../../policy/trust-region.js';

const paper = (d: number): TrustRegionSettings => resolveTrustRegion({ mode: 'on-stall' }, d)!;

test('defaults are the paper constants; tau_fail = max(4, d); off resolves to null', () => {
  assert.deepEqual(paper(2), { stallTolerance: 4, lengthInit: 0.8, lengthMin: 0.5 ** 7, lengthMax: 1.6, successTolerance: 3, failureTolerance: 4, acquisition: 'study', globalEvery: undefined, incumbent: 'observed', restart: 'length-min', restartDesign: 'model', noisySearch: 'local', noisyGlobalMinDim: 5 });
  assert.equal(paper(10).failureTolerance, 10);
  assert.equal(paper(10).stallTolerance, 10);
  assert.equal(resolveTrustRegion({ mode: 'off' }, 3), null);
  // Only the exact GP and 'auto' have a trust region by default (chosen on the bbob selection set); others are off.
  assert.deepEqual(defaultTrustRegion('nngp'), { mode: 'off' });
  assert.deepEqual(defaultTrustRegion('gp'), GP_DEFAULT_TRUST_REGION);
  // Session 15: a noisy ask searches the whole space from five confined columns on (benchmarks/results/bbob-s15-noisy-global-rule.md).
  assert.deepEqual(GP_DEFAULT_TRUST_REGION, { mode: 'on-stall', incumbent: 'posterior-mean', noisySearch: 'global' });
  // 'auto' has the GP's region, so an ask where it keeps the GP is the GP's ask (test/server/auto-reference-stream.test.ts).
  assert.deepEqual(defaultTrustRegion('auto'), GP_DEFAULT_TRUST_REGION);
  assert.equal(resolveTrustRegion({ mode: 'on-stall', failureTolerance: 2, stallTolerance: 0 }, 9)!.failureTolerance, 2);
});

test('improvement threshold is 1e-3 of |best| (maximized values), for either sign', () => {
  assert.equal(improves(1.0011, 1), true);
  assert.equal(improves(1.0009, 1), false);
  // best = −1: threshold −1 + 0.001 = −0.999.
  assert.equal(improves(-0.9989, -1), true);
  assert.equal(improves(-0.9991, -1), false);
  // best = 0: any strictly larger value.
  assert.equal(improves(1e-12, 0), true);
});

test('the global phase ends after stallTolerance values without improvement; the region centres on the best value', () => {
  // Initial design of 3 with best at index 1 (value 5); then 4 non-improving values (d = 2: tolerance 4).
  const values = [1, 5, 2, 4, 4.004, 3, 0];
  const before = replayTrustRegion(values.slice(0, 6), 3, paper(2));
  assert.equal(before.phase, 'global');
  assert.equal(before.stall, 3);
  const after = replayTrustRegion(values, 3, paper(2));
  assert.equal(after.phase, 'local');
  assert.equal(after.length, 0.8);
  assert.equal(after.center, 1);
  // 5.004 is no improvement (threshold 5 + 0.005 = 5.005): it counts as a stall but moves the centre.
  const moved = replayTrustRegion([1, 5, 2, 5.004, 3, 0, 0], 3, paper(2));
  assert.equal(moved.phase, 'local');
  assert.equal(moved.center, 3);
});

test('tau_fail failures in a row halve the side; 7 halvings from 0.8 fall below 0.5^7 and restart', () => {
  const s = paper(2);
  const init = [0, 10]; // best 10 at index 1
  const stall = [1, 1, 1, 1]; // enter the local phase
  const fails = (k: number): number[] => Array.from({ length: k }, () => 1);
  // 0.8 / 2^k after 4k failures: 0.4, 0.2, ..., 0.8/64 = 0.0125 after 24; the 28th gives 0.00625 < 0.0078125.
  for (const k of [1, 2, 6]) {
    const st = replayTrustRegion([...init, ...stall, ...fails(4 * k)], 2, s);
    assert.equal(st.phase, 'local');
    assert.ok(Math.abs(st.length - 0.8 / 2 ** k) < 1e-15, `k=${k}: ${st.length}`);
    assert.equal(st.failures, 0);
  }
  const three = replayTrustRegion([...init, ...stall, ...fails(27)], 2, s);
  assert.equal(three.failures, 3);
  const restarted = replayTrustRegion([...init, ...stall, ...fails(28)], 2, s);
  assert.equal(restarted.phase, 'global');
  assert.equal(restarted.restarts, 1);
  assert.equal(restarted.runStart, init.length + stall.length + 28);
  assert.equal(restarted.center, undefined);
  assert.equal(restarted.length, 0.8);
});

test('tau_succ successes in a row double the side up to lengthMax; a success resets the failure count', () => {
  const s = paper(2);
  const base = [0, 10, 1, 1, 1, 1]; // local from here, length 0.8
  const up3 = replayTrustRegion([...base, 11, 12, 13], 2, s);
  assert.equal(up3.length, 1.6);
  assert.equal(up3.successes, 0);
  const up6 = replayTrustRegion([...base, 11, 12, 13, 14, 15, 16], 2, s);
  assert.equal(up6.length, 1.6, 'capped at L_max');
  // 3 failures, a success, 3 failures: never 4 in a row, so no halving.
  const mixed = replayTrustRegion([...base, 1, 1, 1, 11, 1, 1, 1], 2, s);
  assert.equal(mixed.length, 0.8);
  assert.equal(mixed.failures, 3);
  // A failure resets the success count: 2 successes, a failure, 2 successes: no doubling.
  const broken = replayTrustRegion([...base, 11, 12, 1, 13, 14], 2, s);
  assert.equal(broken.length, 0.8);
  assert.equal(broken.successes, 2);
});

test('after a restart the first value starts the new run and its own best, even when worse than the global best', () => {
  const s = { ...paper(2), stallTolerance: 0, failureTolerance: 1 };
  // stallTolerance 0: local at once after the design; failureTolerance 1: each failure halves,
  // 0.8 → 0.4 … 0.00625 after 7 failures → restart. Then value −5 starts run 2 and (tolerance 0) its region.
  const st = replayTrustRegion([3, 10, 0, 0, 0, 0, 0, 0, 0, -5], 2, s);
  assert.equal(st.restarts, 1);
  assert.equal(st.runStart, 9);
  assert.equal(st.phase, 'local');
  assert.equal(st.center, 9);
  // In run 2, −4.9 improves on −5 (threshold −5 + 0.005) although both are far below 10.
  const next = replayTrustRegion([3, 10, 0, 0, 0, 0, 0, 0, 0, -5, -4.9], 2, s);
  assert.equal(next.center, 10);
  assert.equal(next.successes, 1);
});

test('stallTolerance 0 starts the region right after the initial design; fewer values than the design stay global', () => {
  const s = { ...paper(3), stallTolerance: 0 };
  assert.equal(replayTrustRegion([1, 2, 3], 3, s).phase, 'local');
  assert.equal(replayTrustRegion([], 3, s).phase, 'global');
});

test('box: equal lengthscales give a cube of side L; weights multiply to 1 (volume L^m); clipping at the cube faces', () => {
  const c = Float64Array.of(0.5, 0.5, 0.5);
  const cube = trustRegionBox(c, 0.4, [0, 1, 2], [0.2, 0.2, 0.2]);
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(cube.lower[j] - 0.3) < 1e-15 && Math.abs(cube.upper[j] - 0.7) < 1e-15);
  }
  // λ = (1, 2, 4): λ/mean = (3/7, 6/7, 12/7), geometric mean 6/7, so w = (1/2, 1, 2); sides L·w.
  const shaped = trustRegionBox(c, 0.2, [0, 1, 2], [1, 2, 4]);
  const sides = [0, 1, 2].map((j) => shaped.upper[j] - shaped.lower[j]);
  assert.deepEqual(sides.map((x) => Math.round(x * 1e12) / 1e12), [0.1, 0.2, 0.4]);
  assert.ok(Math.abs(sides.reduce((a, b) => a * b, 1) - 0.2 ** 3) < 1e-15);
  // Near a face the box is clipped to [0, 1]; an unconfined column spans [0, 1].
  const edge = trustRegionBox(Float64Array.of(0.05, 0.5), 0.4, [0]);
  assert.equal(edge.lower[0], 0);
  assert.ok(Math.abs(edge.upper[0] - 0.25) < 1e-15);
  assert.equal(edge.lower[1], 0);
  assert.equal(edge.upper[1], 1);
  // Unusable lengthscales (wrong length, non-positive) fall back to a cube.
  const flat = trustRegionBox(c, 0.4, [0, 1, 2], [1, 0, 2]);
  assert.ok(Math.abs(flat.upper[1] - flat.lower[1] - 0.4) < 1e-15);
});
