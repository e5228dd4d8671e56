/**
 * GP-matched prior by second moments: the same family and reparameterization as gp-match.ts
 * (W_l ~ N(0, softplus(ρ_W,l)²/fan_in), b_l ~ N(0, softplus(ρ_b,l)²)), but ψ minimizes
 * ‖Σ̂_BNN(ψ) − K‖²_F / M² + ‖diag(Σ̂_BNN − K)‖² / M (the second term weights the marginal variance,
 * which the off-diagonal entries would otherwise outvote) on measurement sets X_M, where
 * Σ̂_BNN = FᵀF/n_s from n_s reparameterized function draws F (n_s×M; the prior mean is 0 by the
 * sign symmetry of the output weights) and K is the target RBF Gram matrix. For a zero-mean Gaussian
 * process the covariance is the whole law, so this is the Gaussian part of the Wasserstein matching;
 * it needs no critic. Common random numbers (a sample-average approximation): a few fixed X_M with
 * fixed weight noise ε, cycled, so the objective is deterministic and Adam converges in a few hundred
 * cheap steps; ψ is then averaged over the last quarter of the steps.
 */
import type { Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import { bnnSamples } from './gp-match.js';
import type { LayerPrior } from './log-posterior.js';
import { INPUT_SCALE, layout, type MlpShape } from './mlp.js';

/** Sizes of a moment-matching run. */
export interface MomentMatchOptions {
  readonly lengthscale: number;
  /** Adam steps [200]. */
  readonly iterations?: number;
  /** |X_M| [32]. */
  readonly measurementPoints?: number;
  /** Function draws per set [512]. */
  readonly functionSamples?: number;
  /** Fixed measurement sets cycled through [4]. */
  readonly sets?: number;
  /** Adam learning rate on ρ [0.1]. */
  readonly learningRate?: number;
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

/** Fits ψ; returns the per-layer priors and the loss trace. */
export async function fitMomentMatchedPriors(shape: MlpShape, rng: Rng, options: MomentMatchOptions): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const T = options.iterations ?? 200;
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 512;
  const d = shape.inputDim;
  const ell = options.lengthscale;
  const { layers: slots } = layout(shape);
  const Lc = slots.length;
  const init = Math.log(Math.expm1(1));
  const rhoW = Array.from({ length: Lc }, () => tf.variable(tf.scalar(init)));
  const rhoB = Array.from({ length: Lc }, () => tf.variable(tf.scalar(init)));
  const opt = tf.train.adam(options.learningRate ?? 0.1);
  const avgFrom = Math.floor(0.75 * T);
  const sumW = new Float64Array(Lc);
  const sumB = new Float64Array(Lc);
  const loss: number[] = [];
  const sets = Array.from({ length: options.sets ?? 4 }, () => {
    const Xm = Float64Array.from({ length: M * d }, () => rng.uniform());
    const K = new Float32Array(M * M);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < M; j++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += (Xm[i * d + k] - Xm[j * d + k]) ** 2;
        K[i * M + j] = Math.exp((-0.5 * r2) / (ell * ell));
      }
    return { XM: tf.tensor2d(Float32Array.from(Xm, (v) => (v - 0.5) * INPUT_SCALE), [M, d]), K: tf.tensor2d(K, [M, M]), seed: rng.int(2 ** 30) };
  });
  const eye = tf.eye(M);
  for (let t = 0; t < T; t++) {
    const { XM, K: Kt, seed } = sets[t % sets.length];
    tf.tidy(() => {
      const value = opt.minimize(
        () => {
          const F = bnnSamples(shape, slots, rhoW, rhoB, XM, ns, seed);
          const S = tf.div(tf.matMul(F, F, true, false), ns);
          const E = tf.square(tf.sub(S, Kt));
          return tf.add(tf.mean(E), tf.div(tf.sum(tf.mul(E, eye)), M)) as tf.Scalar;
        },
        true,
        [...rhoW, ...rhoB],
      );
      loss.push(value!.dataSync()[0]);
    });
    if (t >= avgFrom)
      for (let l = 0; l < Lc; l++) {
        sumW[l] += softplus(rhoW[l].dataSync()[0]);
        sumB[l] += softplus(rhoB[l].dataSync()[0]);
      }
    if (t % 25 === 0) await new Promise((r) => setImmediate(r));
  }
  const k = T - avgFrom;
  [...rhoW, ...rhoB, eye, ...sets.flatMap((x) => [x.XM, x.K])].forEach((v) => v.dispose());
  opt.dispose();
  return { priors: slots.map((s, l) => ({ weightVar: (sumW[l] / k) ** 2 / s.fanIn, biasVar: (sumB[l] / k) ** 2 })), loss };
}
