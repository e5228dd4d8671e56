/**
 * Gradients of the DKL training objective J(w, v) = log p(y | φ_w(X), v) + ln p(v) − ½λ‖w‖²
 * against central finite differences of the float64 objective (references: the objective itself,
 * no external numbers), and the TensorFlow.js vector-Jacobian product against the float64 one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import type { Matrix } from '../../../core/matrix.js';
import { DklOptions } from '../../../surrogates/dkl/dkl-options.js';
import { dklModel, evaluateObjective, objectiveValue, type DklModel } from '../../../surrogates/dkl/dkl-objective.js';
import { featuresWithJacobian, forwardBatch, initialWeights, networkLayout, pullback, type NetworkShape } from '../../../surrogates/dkl/feature-network.js';
import { tfInputs, tfPullback } from '../../../surrogates/dkl/tf-pullback.js';
import { ensureTensorBackend } from '../../../surrogates/neural/backend.js';

function problem(kernel: 'rbf' | 'matern52', activation: 'tanh' | 'elu', featureDim: number | undefined, skipInputs = false) {
  const rng = createRng(7);
  const n = 12;
  const d = 3;
  const X: Matrix = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(4 * X.data[i * d]) + 0.5 * X.data[i * d + 1] - 0.2);
  const shape: NetworkShape = { inputDim: d, widths: [5, 4], activation, skipInputs, ...(featureDim !== undefined ? { featureDim } : {}) };
  const net = networkLayout(shape);
  const model: DklModel = dklModel(shape, net, DklOptions.parse({ kernel, weightDecay: 0.1 }));
  const w = initialWeights(net, rng);
  for (let i = 0; i < w.length; i++) w[i] *= 3; // larger weights: a less linear, harder check
  const v = model.gp.kernel.initialTheta();
  const vFull = new Float64Array(model.gp.size);
  vFull.set(v);
  vFull[model.gp.noiseIndex] = Math.log(0.05);
  vFull[model.gp.meanIndex] = 0.1;
  return { data: { X, y }, shape, net, model, w, v: vFull };
}

const jsPull = (p: ReturnType<typeof problem>) => (w: Float64Array, cache: Parameters<typeof pullback>[3], G: Matrix) => pullback(p.shape, p.net, w, cache, G);

describe('DKL objective gradients (float64, central differences, h = 1e-6)', () => {
  for (const [kernel, act, k, skip] of [['matern52', 'tanh', 2, true], ['rbf', 'elu', undefined, false]] as const) {
    it(`∂J/∂w and ∂J/∂v match finite differences (${kernel}, ${act}, features ${k ?? 'hidden'}, skipInputs ${skip})`, () => {
      const p = problem(kernel, act, k, skip);
      const e = evaluateObjective(p.model, p.w, p.v, p.data, jsPull(p));
      assert.ok(e);
      assert.ok(Math.abs(e.value - objectiveValue(p.model, p.w, p.v, p.data)) < 1e-10);
      const h = 1e-6;
      let worst = 0;
      for (let i = 0; i < p.w.length; i++) {
        const wp = p.w.slice(); wp[i] += h;
        const wm = p.w.slice(); wm[i] -= h;
        const fd = (objectiveValue(p.model, wp, p.v, p.data) - objectiveValue(p.model, wm, p.v, p.data)) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - e.gradW[i]) / (1 + Math.abs(fd)));
      }
      assert.ok(worst < 1e-6, `worst relative weight-gradient error ${worst}`);
      let worstV = 0;
      for (let i = 0; i < p.v.length; i++) {
        const vp = p.v.slice(); vp[i] += h;
        const vm = p.v.slice(); vm[i] -= h;
        const fd = (objectiveValue(p.model, p.w, vp, p.data) - objectiveValue(p.model, p.w, vm, p.data)) / (2 * h);
        worstV = Math.max(worstV, Math.abs(fd - e.gradV[i]) / (1 + Math.abs(fd)));
      }
      assert.ok(worstV < 1e-6, `worst relative hyperparameter-gradient error ${worstV}`);
    });
  }

  it('the TensorFlow.js pullback equals the float64 one to float32 accuracy (with skipped inputs)', async () => {
    await ensureTensorBackend();
    const p = problem('matern52', 'tanh', 2, true);
    const inputs = tfInputs(p.data.X);
    try {
      const ej = evaluateObjective(p.model, p.w, p.v, p.data, jsPull(p));
      const et = evaluateObjective(p.model, p.w, p.v, p.data, (w, _c, G) => tfPullback(p.shape, p.net, w, inputs, G));
      assert.ok(ej && et);
      let scale = 0;
      for (const g of ej.gradW) scale = Math.max(scale, Math.abs(g));
      for (let i = 0; i < ej.gradW.length; i++) assert.ok(Math.abs(ej.gradW[i] - et.gradW[i]) < 1e-4 * (1 + scale), `w[${i}]: ${ej.gradW[i]} vs ${et.gradW[i]}`);
    } finally {
      inputs.dispose();
    }
  });

  it('featuresWithJacobian matches the batch forward and finite differences of φ = [x, g(x)]', () => {
    const p = problem('rbf', 'tanh', 3, true);
    assert.equal(p.net.featureDim, 6);
    const x = [0.3, 0.7, 0.1];
    const { phi, J } = featuresWithJacobian(p.shape, p.net, p.w, x);
    const F = forwardBatch(p.shape, p.net, p.w, { rows: 1, cols: 3, data: Float64Array.from(x) }).F.data;
    for (let c = 0; c < phi.length; c++) assert.ok(Math.abs(phi[c] - F[c]) < 1e-14);
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const xp = x.slice(); xp[j] += h;
      const xm = x.slice(); xm[j] -= h;
      const fp = featuresWithJacobian(p.shape, p.net, p.w, xp).phi;
      const fm = featuresWithJacobian(p.shape, p.net, p.w, xm).phi;
      for (let c = 0; c < phi.length; c++) assert.ok(Math.abs((fp[c] - fm[c]) / (2 * h) - J.data[c * 3 + j]) < 1e-7, `J[${c},${j}]`);
    }
  });
});
