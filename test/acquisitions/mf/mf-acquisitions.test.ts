import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vstack, zeros } from '../../../core/matrix.js';
import { logNormalCdf, normalCdf, normalPdf } from '../../../core/normal.js';
import { createRng } from '../../../core/rng.js';
import { createLogEi } from '../../../acquisitions/log-ei.js';
import { costWeightedLogEi } from '../../../acquisitions/mf/cost-ei.js';
import { levelCosts } from '../../../acquisitions/mf/level-costs.js';
import { gumbelMaxValues, informationGain, mfMesScores } from '../../../acquisitions/mf/mf-mes.js';
import { targetMoments } from '../../../acquisitions/mf/target-moments.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { gammaPrior } from '../../../surrogates/gp/priors.js';
import { LinearTruncatedFidelityKernel } from '../../../surrogates/mf-gp/linear-truncated-fidelity-kernel.js';

test('informationGain matches scipy quadrature, the MES limit at ρ → 1 and 0 at ρ = 0', () => {
  // python (scipy 1.17): I(g,r) = −logΦ(g) + quad(φ(z)Φ(u)(logΦ(u) + ½(1−z²)), −12, 12)/Φ(g), u = (g−rz)/√(1−r²)
  const refs: [number, number, number][] = [
    [0.3, 0.7, 0.16409070013133636],
    [-1.0, 0.9, 0.5363190030148837],
    [1.5, 0.4, 0.01856241197671559],
  ];
  for (const [g, r, ref] of refs) assert.ok(Math.abs(informationGain(g, r) - ref) < 1e-6 * (1 + ref), `${g},${r}: ${informationGain(g, r)} vs ${ref}`);
  assert.ok(Math.abs(informationGain(0, 0.999) - 0.6609292978986847) < 1e-5);
  const g = 0.3;
  const mes = (g * normalPdf(g)) / (2 * normalCdf(g)) - logNormalCdf(g); // 0.5739932896303915 (scipy)
  assert.ok(Math.abs(informationGain(g, 1) - mes) < 1e-5, `${informationGain(g, 1)} vs ${mes}`);
  assert.equal(informationGain(0.3, 0), 0);
  // symmetric in ρ, increasing in |ρ|
  assert.ok(Math.abs(informationGain(0.3, -0.7) - informationGain(0.3, 0.7)) < 1e-12);
  assert.ok(informationGain(0.3, 0.5) < informationGain(0.3, 0.7));
});

test('gumbelMaxValues: one candidate gives its median at u = ½; more candidates shift f* up', () => {
  const one = gumbelMaxValues([0.5], [0.04], 1);
  assert.ok(Math.abs(one[0] - 0.5) < 1e-8);
  const many = gumbelMaxValues(new Float64Array(50).fill(0), new Float64Array(50).fill(1), 9);
  // median of max of 50 iid N(0,1): Φ⁻¹(0.5^(1/50)) = 2.2037 (scipy norm.ppf(0.5**(1/50))); Gumbel midpoint sample k=4 is the median.
  assert.ok(Math.abs(many[4] - 2.2037) < 1e-3, `${many[4]}`);
  for (let k = 1; k < 9; k++) assert.ok(many[k] > many[k - 1]);
});

test('targetMoments equals the joint posterior covariance; scores rank as expected', () => {
  const rng = createRng(2);
  const kernel = new ScaleKernel(new LinearTruncatedFidelityKernel({ dim: 3, fidelityIndex: 2 }), { outputscalePrior: gammaPrior(2, 0.15) });
  const theta = Float64Array.of(Math.log(0.4), Math.log(0.6), Math.log(2), Math.log(2), Math.log(0.8), Math.log(1.3));
  const X = zeros(12, 3);
  const y = new Float64Array(12);
  for (let i = 0; i < 12; i++) {
    X.data[i * 3] = rng.uniform();
    X.data[i * 3 + 1] = rng.uniform();
    X.data[i * 3 + 2] = i % 3 === 0 ? 1 : 0.2;
    y[i] = Math.sin(4 * X.data[i * 3]) + rng.normal() * 0.1;
  }
  const model = fittedGpFromHyperparameters({ kernel, theta, noise: 0.01 }, { X, y });
  const Xs = { rows: 2, cols: 3, data: Float64Array.of(0.3, 0.6, 0.2, 0.7, 0.1, 0.5) };
  const Xt = { rows: 2, cols: 3, data: Float64Array.of(0.3, 0.6, 1, 0.7, 0.1, 1) };
  const m = targetMoments(model, Xs, Xt);
  const post = model.posterior(vstack(Xs, Xt));
  const C = post.covariance();
  const mu = post.mean();
  for (let j = 0; j < 2; j++) {
    assert.ok(Math.abs(m.meanObserved[j] - mu[j]) < 1e-10, `${m.meanObserved[j]} vs ${mu[j]}`);
    assert.ok(Math.abs(m.meanTarget[j] - mu[2 + j]) < 1e-10);
    assert.ok(Math.abs(m.varObserved[j] - (C.data[j * 4 + j] + 0.01)) < 1e-10);
    assert.ok(Math.abs(m.varTarget[j] - C.data[(2 + j) * 4 + 2 + j]) < 1e-10);
    assert.ok(Math.abs(m.cov[j] - C.data[j * 4 + 2 + j]) < 1e-10);
  }
  // Cost-aware: the same moments at 10x the cost score 10x lower.
  const f = gumbelMaxValues(m.meanTarget, m.varTarget, 4);
  const a = mfMesScores(m, f, [1, 1]);
  const b = mfMesScores(m, f, [10, 10]);
  for (let j = 0; j < 2; j++) assert.ok(Math.abs(a.value[j] - 10 * b.value[j]) < 1e-12 && a.value[j] > 0);
  // Cost-weighted LogEI at ρ ≈ 1 and cost 1 is LogEI at the target moments.
  const logEi = createLogEi();
  const same = { ...m, cov: m.varTarget, varObserved: m.varTarget };
  const ce = costWeightedLogEi(same, 0.2, [1, 1]);
  for (let j = 0; j < 2; j++) {
    const ref = logEi.fromMoments(m.meanTarget[j], m.varTarget[j], { best: 0.2, rng }).value;
    assert.ok(Math.abs(ce[j] - ref) < 1e-9);
  }
});

test('levelCosts: fixed costs, told means, unobserved levels scaled by the observed ratio', () => {
  assert.deepEqual(Array.from(levelCosts([0.2, 0.5, 1], [])), [0.2, 0.5, 1]);
  const c = levelCosts([0.2, 0.5, 1], [{ level: 0, cost: 40 }, { level: 0, cost: 60 }, { level: 2, cost: 400 }]);
  // level 0: mean 50; level 2: 400; ratios 250 and 400, geometric mean √(1e5) = 316.23; level 1 = 0.5·316.23
  assert.ok(Math.abs(c[0] - 50) < 1e-12 && Math.abs(c[2] - 400) < 1e-12);
  assert.ok(Math.abs(c[1] - 0.5 * Math.sqrt(250 * 400)) < 1e-9);
});
