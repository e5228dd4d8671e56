/**
 * The welded beam bench problem (benchmarks/mo/welded-beam.ts) against the published optimum
 * (Coello & Montes 2002: f* = 1.724852 at (0.205730, 3.470489, 9.036624, 0.205730); Cagnina,
 * Esquivel & Coello 2008 give it to 15 digits), hand-computed intermediate values, and a seeded random
 * scan around the optimum that finds no feasible point cheaper than the published one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { WELDED_BEAM_OPTIMUM, weldedBeam, weldedBeamConstraints, weldedBeamCost } from '../../benchmarks/mo/welded-beam.js';

test('the published optimum costs 1.7248524 and is feasible with c0, c1, c2 and c5 active', () => {
  const x = [...WELDED_BEAM_OPTIMUM.x];
  assert.ok(Math.abs(weldedBeamCost(x) - 1.7248523725928164) < 1e-12, `cost ${weldedBeamCost(x)}`);
  // Coello & Montes' 6-decimal point costs the same to its rounding.
  assert.ok(Math.abs(weldedBeamCost([0.20573, 3.470489, 9.036624, 0.20573]) - 1.724852) < 1e-5);
  const c = weldedBeamConstraints(x);
  // Active: shear stress, bending stress, h = b, buckling (ratios, to the published digits).
  for (const j of [0, 1, 2, 5]) assert.ok(Math.abs(c[j]) < 1e-6, `c${j} = ${c[j]} should be active`);
  for (const v of c) assert.ok(v <= 1e-9, `feasible: ${c}`);
  // Inactive: c3 = 0.10471 h² + 0.04811 t b (14 + l) − 5 ≈ −3.43, c4: δ = 2.1952/(t³ b) ≈ 0.0145, so δ/0.25 − 1 ≈ −0.94.
  assert.ok(Math.abs(c[3] + 3.43) < 0.01, `c3 = ${c[3]}`);
  assert.ok(Math.abs(c[4] - (2.1952 / (x[2] ** 3 * x[3]) / 0.25 - 1)) < 1e-9, `c4 = ${c[4]}`);
  assert.equal(weldedBeam.maxHv.value, weldedBeam.ref[0] - 1.7248523725928164);
});

test('bending stress by hand: σ = 6·6000·14/(b t²) = 30 000 psi at the optimum, so c1 ≈ 0', () => {
  const [, , t, b] = WELDED_BEAM_OPTIMUM.x;
  const sigma = (6 * 6000 * 14) / (b * t ** 2);
  assert.ok(Math.abs(sigma / 30000 - 1 - weldedBeamConstraints(WELDED_BEAM_OPTIMUM.x)[1]) < 1e-12);
  assert.ok(Math.abs(sigma - 30000) < 1, `σ = ${sigma}`);
});

test('a random scan around the optimum (±20%, 200 000 seeded points) finds no feasible point cheaper than 1.7248524', () => {
  const rng = createRng(24);
  const x0 = WELDED_BEAM_OPTIMUM.x;
  let best = Infinity;
  let feasible = 0;
  for (let s = 0; s < 200_000; s++) {
    const x = x0.map((v) => v * (0.8 + 0.4 * rng.uniform()));
    if (weldedBeamConstraints(x).every((c) => c <= 0)) {
      feasible++;
      best = Math.min(best, weldedBeamCost(x));
    }
  }
  assert.ok(feasible > 1000, `${feasible} feasible points`);
  assert.ok(best >= 1.7248523725928164 - 1e-9, `scan best ${best}`);
  assert.ok(best < 1.9, `scan best ${best} should come near the optimum`);
});
