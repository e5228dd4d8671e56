import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { makeLogPosterior } from '../../../surrogates/hmc-bnn/log-posterior.js';
import { makeTfTarget } from '../../../surrogates/hmc-bnn/log-posterior-tf.js';
import { F64LogPosterior } from '../../../surrogates/hmc-bnn/log-posterior-f64.js';
import { forward, layout, type MlpShape } from '../../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../../surrogates/hmc-bnn/priors.js';
import { FittedHmcBnn } from '../../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import { ensureTensorBackend, tf, useTensorBackend } from '../../../surrogates/neural/backend.js';

const shape: MlpShape = { inputDim: 3, widths: [8, 6], activation: 'tanh' };
const { layers, size: P } = layout(shape);
const priors = fanInPriors(layers, 1, 1);
const n = 12;
const rng = createRng(7);
const X = Float64Array.from({ length: n * 3 }, () => rng.uniform());
const y = Float64Array.from({ length: n }, () => rng.normal());

/** The same log posterior in float64 JS, written from the formula (the independent reference). */
function logPostF64(theta: Float64Array): number {
  const s = theta[P];
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - forward(shape, layers, theta, 0, X.subarray(i * 3, i * 3 + 3))) ** 2;
  let lp = -0.5 * sse * Math.exp(-s) - (n / 2) * s - 0.5 * (s + 3) ** 2;
  layers.forEach((sl, l) => {
    for (let k = 0; k < sl.fanIn * sl.fanOut; k++) lp -= (0.5 * theta[sl.wOffset + k] ** 2) / priors[l].weightVar;
    for (let k = 0; k < sl.fanOut; k++) lp -= (0.5 * theta[sl.bOffset + k] ** 2) / priors[l].biasVar;
  });
  return lp;
}

describe('HMC-BNN log posterior (TensorFlow.js) against a float64 reference', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: value equals the float64 formula and the gradient equals its central differences`, async () => {
      await ensureTensorBackend();
      await useTensorBackend(backend);
      const theta = Float64Array.from({ length: P + 1 }, () => 0.5 * rng.normal());
      theta[P] = -1.2;
      const f = makeLogPosterior(tf as never, { shape, slots: layers, paramCount: P, priors, noise: { kind: 'sampled', priorMean: -3, priorSd: 1 } }, tf.tensor2d(Float32Array.from(X), [n, 3]) as never, tf.tensor1d(Float32Array.from(y)) as never);
      const { value, grad } = tf.valueAndGrad(f as never)(tf.tensor2d(Float32Array.from(theta), [1, P + 1]), tf.ones([1])) as { value: { dataSync(): Float32Array }; grad: { dataSync(): Float32Array } };
      const v = value.dataSync()[0];
      const g = grad.dataSync();
      const ref = logPostF64(theta);
      // float32 arithmetic in tfjs: relative 1e-4 on the value.
      assert.ok(Math.abs(v - ref) < 1e-4 * Math.max(1, Math.abs(ref)), `value ${v} vs ${ref}`);
      const h = 1e-5;
      let worst = 0;
      for (let k = 0; k < P + 1; k++) {
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[k] += h;
        tm[k] -= h;
        const fd = (logPostF64(tp) - logPostF64(tm)) / (2 * h);
        worst = Math.max(worst, Math.abs(g[k] - fd) / Math.max(1, Math.abs(fd)));
      }
      assert.ok(worst < 2e-3, `worst relative gradient error ${worst}`);
    });
  }

  /** Central differences of the float64 formula at every coordinate of one chain's θ. */
  function fdGradient(theta: Float64Array): Float64Array {
    const h = 1e-5;
    return Float64Array.from({ length: theta.length }, (_, k) => {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[k] += h;
      tm[k] -= h;
      return (logPostF64(tp) - logPostF64(tm)) / (2 * h);
    });
  }

  const spec = { shape, slots: layers, paramCount: P, priors, noise: { kind: 'sampled' as const, priorMean: -3, priorSd: 1 } };
  for (const activation of ['tanh', 'relu', 'elu'] as const) {
    it(`float64 JS engine (${activation}): batched values and gradients of 3 chains equal the formula / its central differences`, () => {
      const C = 3;
      const sh = { ...shape, activation };
      const target = new F64LogPosterior({ ...spec, shape: sh }, X, y);
      const states = Float64Array.from({ length: C * (P + 1) }, () => 0.5 * rng.normal());
      for (let c = 0; c < C; c++) states[c * (P + 1) + P] = -1 + 0.3 * c;
      const grad = new Float64Array(states.length);
      const vals = target.logDensity(states, C, grad);
      const saved = shape.activation;
      (shape as { activation: string }).activation = activation;
      try {
        for (let c = 0; c < C; c++) {
          const th = states.slice(c * (P + 1), (c + 1) * (P + 1));
          assert.ok(Math.abs(vals[c] - logPostF64(th)) < 1e-9 * Math.max(1, Math.abs(vals[c])), `value ${vals[c]}`);
          const fd = fdGradient(th);
          for (let k = 0; k < P + 1; k++) assert.ok(Math.abs(grad[c * (P + 1) + k] - fd[k]) < 1e-5 * Math.max(1, Math.abs(fd[k])), `chain ${c} coord ${k}: ${grad[c * (P + 1) + k]} vs ${fd[k]}`);
        }
      } finally {
        (shape as { activation: string }).activation = saved;
      }
    });
  }

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`${backend}: hand-written tfjs backprop (makeTfTarget) equals the float64 engine (float32 tolerance)`, async () => {
      await ensureTensorBackend();
      await useTensorBackend(backend);
      const C = 2;
      const states = Float64Array.from({ length: C * (P + 1) }, () => 0.5 * rng.normal());
      states[P] = -1.2;
      states[2 * P + 1] = -0.4;
      const gT = new Float64Array(states.length);
      const gJ = new Float64Array(states.length);
      const t = makeTfTarget(spec, X, y);
      const vT = t.logDensity(states, C, gT);
      t.dispose();
      const vJ = new F64LogPosterior(spec, X, y).logDensity(states, C, gJ);
      for (let c = 0; c < C; c++) assert.ok(Math.abs(vT[c] - vJ[c]) < 1e-4 * Math.max(1, Math.abs(vJ[c])), `value ${vT[c]} vs ${vJ[c]}`);
      let worst = 0;
      for (let k = 0; k < gT.length; k++) worst = Math.max(worst, Math.abs(gT[k] - gJ[k]) / Math.max(1, Math.abs(gJ[k])));
      assert.ok(worst < 1e-3, `worst relative gradient difference ${worst}`);
    });
  }

  it('predictWithGradient: input gradients of the mixture mean and variance match central differences', () => {
    const S = 5;
    const draws = Float64Array.from({ length: S * P }, () => 0.7 * rng.normal());
    const fitted = new FittedHmcBnn(shape, layers, P, { rows: S, cols: P, data: draws }, new Float64Array(S).fill(0.01), { kind: 'hmc-bnn', width: P, chains: 1, last: [], stepSize: [] }, {});
    const x = Float64Array.from([0.3, 0.6, 0.2]);
    const p = fitted.predictWithGradient(x);
    const h = 1e-6;
    for (let k = 0; k < 3; k++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[k] += h;
      xm[k] -= h;
      const a = fitted.predictWithGradient(xp);
      const b = fitted.predictWithGradient(xm);
      assert.ok(Math.abs(p.dMean[k] - (a.mean - b.mean) / (2 * h)) < 1e-6);
      assert.ok(Math.abs(p.dVariance[k] - (a.variance - b.variance) / (2 * h)) < 1e-6);
    }
    // The mixture moments equal those of the posterior over the same row.
    const post = fitted.posterior({ rows: 1, cols: 3, data: x });
    assert.ok(Math.abs(post.mean()[0] - p.mean) < 1e-12);
    assert.ok(Math.abs(post.variance()[0] - p.variance) < 1e-10);
  });
});
