/**
 * The pressure vessel bench problem (benchmarks/mo/pressure-vessel.ts) against published values:
 * the discrete optimum proved global by Yang et al. (2013, arXiv:1403.7793), the continuous
 * optimum quoted in the literature, the cost the R package CompModels documents at an infeasible
 * point, and a brute-force scan for the continuous optimum that assumes nothing but monotonicity.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { continuousOptimum, pressureVessel, pressureVesselConstraints, pressureVesselCost } from '../../benchmarks/mo/pressure-vessel.js';

/** Feasible within `tol` (the published points are rounded to 7 decimals; c2 is in in³, ~1e6). */
function assertFeasible(x: number[], tol: readonly number[]): void {
  pressureVesselConstraints(x).forEach((c, j) => assert.ok(c <= tol[j], `c${j} = ${c} at ${x}`));
}

test('the discrete optimum of Yang et al. (2013) costs 6059.714335 and is feasible (to its 7-decimal rounding)', () => {
  const x = [0.8125, 0.4375, 42.0984456, 176.6365958];
  // Rounding R and L to 1e-7 moves the cost by ~1e-3 and the volume by ~1e-2 in³.
  assert.ok(Math.abs(pressureVesselCost(x) - 6059.714335048436) < 1e-3, `cost ${pressureVesselCost(x)}`);
  assertFeasible(x, [1e-6, 1e-6, 0.1, 0]);
  // Its active constraints: c0 (Ts = 0.0193 R, with Ts on the 1/16 grid) and the volume c2.
  const c = pressureVesselConstraints(x);
  assert.ok(Math.abs(c[0]) < 1e-6 && Math.abs(c[2]) < 0.1);
});

test('the continuous optimum quoted in the literature, (0.7781686, 0.3846492, 40.3196187, 200), costs 5885.33 and matches the closed form', () => {
  const published = [0.7781686, 0.3846492, 40.3196187, 200];
  assert.ok(Math.abs(pressureVesselCost(published) - 5885.3328) < 5e-3, `cost ${pressureVesselCost(published)}`);
  // 7-decimal rounding of Ts leaves c0 at 4e-8, and of R the volume within 0.01 in³.
  assertFeasible(published, [1e-7, 1e-7, 0.01, 0]);
  const { x, cost } = continuousOptimum();
  x.forEach((v, i) => assert.ok(Math.abs(v - published[i]) < 1e-6, `x${i}: ${v} vs ${published[i]}`));
  assert.ok(Math.abs(cost - 5885.3328) < 1e-3, `closed form ${cost}`);
  assertFeasible(x, [1e-12, 1e-12, 1e-6, 0]);
  // The continuous relaxation cannot cost more than the discrete optimum.
  assert.ok(cost < 6059.714335048436);
  assert.equal(pressureVessel.maxHv.value, pressureVessel.ref[0] - cost);
});

test('no feasible point of a brute-force scan costs less than the closed-form continuous optimum', () => {
  // Independent of the closed form's argument: scan R and L on a grid, put Ts and Th at the
  // smallest feasible values (the cost grows with both), keep points with enough volume.
  const { cost } = continuousOptimum();
  let best = Infinity;
  for (let r = 10; r <= 200; r += 0.01) {
    for (let l = 10; l <= 200; l += 0.5) {
      const x = [0.0193 * r, 0.00954 * r, r, l];
      if (pressureVesselConstraints(x).every((c) => c <= 0)) best = Math.min(best, pressureVesselCost(x));
    }
  }
  // The grid's best lies above the optimum, by less than one R step costs (~0.5).
  assert.ok(best >= cost - 1e-9 && best < cost + 1, `grid best ${best} vs closed form ${cost}`);
});

test('a known infeasible point: CompModels documents cost 55536.1 at (10, 4, 21, 24); its volume is far too small', () => {
  const x = [10, 4, 21, 24];
  assert.ok(Math.abs(pressureVesselCost(x) - 55536.1) < 0.05, `cost ${pressureVesselCost(x)}`);
  const c = pressureVesselConstraints(x);
  // By hand: 0.0193·21 − 10, 0.00954·21 − 4, 1296000 − π·21²·24 − 4/3·π·21³, 24 − 240.
  const byHand = [0.4053 - 10, 0.20034 - 4, 1296000 - Math.PI * 441 * 24 - (4 / 3) * Math.PI * 9261, -216];
  c.forEach((v, j) => assert.ok(Math.abs(v - byHand[j]) < 1e-6 * Math.max(1, Math.abs(v)), `c${j}: ${v} vs ${byHand[j]}`));
  assert.ok(c[2] > 1e6, 'the volume constraint is violated');
  assert.ok(c[0] < 0 && c[1] < 0 && c[3] < 0, 'only the volume is violated');
});

test('the box holds the optimum and the reference point lies above the cost anywhere on it', () => {
  const { x } = continuousOptimum();
  x.forEach((v, i) => assert.ok(v >= pressureVessel.lower[i] && v <= pressureVessel.upper[i], `x${i} = ${v}`));
  // The cost is increasing in every variable (positive coefficients, positive variables): its max is at the upper corner.
  assert.ok(pressureVesselCost(pressureVessel.upper) < pressureVessel.ref[0]);
});
