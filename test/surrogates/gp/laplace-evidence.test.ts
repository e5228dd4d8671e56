/**
 * The Laplace log evidence of a fitted GP against brute-force quadrature of the same joint density
 * p(y|θ)·p(θ) over the free hyperparameters (1-D inputs, fixed noise: lengthscale, outputscale and the
 * mean, a 3-D grid). Laplace is an approximation, so the reference bounds its error; the gap between two
 * lengthscale priors is what a choice between them reads, and it must match the quadrature's more closely.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { fitGp, makeObjective } from '../../../surrogates/gp/gp-fit.js';
import { parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { GpOptions, resolveModelSpec } from '../../../surrogates/gp/gp-options.js';
import { laplaceLogEvidence } from '../../../surrogates/gp/laplace-evidence.js';

const n = 40;
const rng = createRng(11);
const xs = Array.from({ length: n }, () => rng.uniform());
const X = fromRows(xs.map((x) => [x]), 1);
const y = Float64Array.from(xs, (x) => Math.sin(6 * x) + 0.5 * x + 0.1 * rng.normal());
const data = { X, y };

/** ln ∫ p(y|θ)·p_θ(θ) dθ over (ln ℓ, ln s, mean) by the midpoint rule on a box around the MAP point, in log-sum-exp. */
function quadratureLogEvidence(options: GpOptions, center: Float64Array): number {
  const spec = resolveModelSpec(options, 1);
  const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise, spec.fixedNoise);
  const objective = makeObjective(layout, { prior: spec.noisePrior, fixed: true }, data);
  const grad = new Float64Array(layout.size);
  const half = [2.5, 3, 1.5];
  const steps = 48;
  const h = half.map((w) => (2 * w) / steps);
  const values: number[] = [];
  const v = Float64Array.from(center);
  for (let a = 0; a < steps; a++) {
    v[0] = center[0] - half[0] + (a + 0.5) * h[0];
    for (let b = 0; b < steps; b++) {
      v[1] = center[1] - half[1] + (b + 0.5) * h[1];
      for (let c = 0; c < steps; c++) {
        v[layout.meanIndex] = center[layout.meanIndex] - half[2] + (c + 0.5) * h[2];
        // The joint in θ: −n·f is ln p(y|θ) + ln p(e^θ); the Jacobian of the two log-scale parameters is θ_ℓ + θ_s.
        values.push(-n * objective(v, grad) + v[0] + v[1]);
      }
    }
  }
  const max = Math.max(...values);
  let sum = 0;
  for (const value of values) sum += Math.exp(value - max);
  return max + Math.log(sum * h[0] * h[1] * h[2]);
}

test('Laplace log evidence against quadrature, and the gap between two lengthscale priors', async () => {
  const evidences: { laplace: number; quadrature: number }[] = [];
  for (const prior of ['gamma', 'dimension-scaled'] as const) {
    const options = GpOptions.parse({ lengthscalePrior: prior, noise: 0.01 });
    const fitted = await fitGp(options, data, { rng: createRng(3) });
    const ev = laplaceLogEvidence(resolveModelSpec(options, 1), fitted);
    assert.equal(ev.free, 3, 'lengthscale, outputscale and mean are integrated; the fixed noise is not');
    assert.ok(Number.isFinite(ev.logEvidence));
    const quadrature = quadratureLogEvidence(options, fitted.params);
    evidences.push({ laplace: ev.logEvidence, quadrature });
    assert.ok(Math.abs(ev.logEvidence - quadrature) < 0.5, `${prior}: Laplace ${ev.logEvidence} vs quadrature ${quadrature}`);
  }
  const gapLaplace = evidences[0].laplace - evidences[1].laplace;
  const gapQuadrature = evidences[0].quadrature - evidences[1].quadrature;
  assert.ok(Math.abs(gapLaplace - gapQuadrature) < 0.25, `gap ${gapLaplace} vs ${gapQuadrature}`);
});
