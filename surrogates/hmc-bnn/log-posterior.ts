/**
 * Batched log posterior of C Bayesian MLPs (one per HMC chain) and its gradient, in TensorFlow.js.
 * θ row = [network params (P) | s = log σ²_noise (only when the noise is sampled)].
 * log p(θ | X, y) = Σ_i log N(y_i | f_θ(x_i), σ²) + Σ_l log N(W_l | 0, v_W,l) + log N(b_l | 0, v_b,l)
 *                   + log N(s | m_s, v_s)   (constants dropped; the prior is on s itself, so no Jacobian).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { LayerSlot, MlpShape } from './mlp.js';


/** Per-layer prior variances of weights and biases. */
export interface LayerPrior {
  readonly weightVar: number;
  readonly biasVar: number;
}

export interface NoiseModel {
  /** 'sampled': s = log σ² is part of θ with prior N(mean, sd²); 'fixed': σ² = variance. */
  readonly kind: 'sampled' | 'fixed';
  readonly variance?: number;
  readonly priorMean?: number;
  readonly priorSd?: number;
}

export interface LogPosteriorSpec {
  readonly shape: MlpShape;
  readonly slots: readonly LayerSlot[];
  readonly paramCount: number;
  readonly priors: readonly LayerPrior[];
  readonly noise: NoiseModel;
}

/** Builds f(θ: C×D) -> log posterior per chain (length C), for tf.valueAndGrad. */
export function makeLogPosterior(tf: typeof TF, spec: LogPosteriorSpec, X: TF.Tensor2D, y: TF.Tensor1D): (theta: TF.Tensor) => TF.Tensor1D {
  const n = X.shape[0];
  const Xb = tf.expandDims(X, 0) as TF.Tensor3D; // 1×n×d, broadcast over chains
  const act = (z: TF.Tensor) => (spec.shape.activation === 'tanh' ? tf.tanh(z) : spec.shape.activation === 'relu' ? tf.relu(z) : tf.elu(z));
  return (theta: TF.Tensor) => {
    const C = theta.shape[0];
    let h: TF.Tensor = Xb;
    let logPrior: TF.Tensor = tf.zeros([C]);
    spec.slots.forEach((s, l) => {
      const W = tf.reshape(tf.slice(theta, [0, s.wOffset], [C, s.fanIn * s.fanOut]), [C, s.fanIn, s.fanOut]);
      const bFlat = tf.slice(theta, [0, s.bOffset], [C, s.fanOut]);
      const b = tf.reshape(bFlat, [C, 1, s.fanOut]);
      const z = tf.add(tf.matMul(h as TF.Tensor3D, W as TF.Tensor3D), b);
      h = l === spec.slots.length - 1 ? z : act(z);
      const p = spec.priors[l];
      const wSq = tf.sum(tf.square(tf.reshape(W, [C, -1])), 1);
      const bSq = tf.sum(tf.square(bFlat), 1);
      logPrior = tf.sub(logPrior, tf.add(tf.mul(wSq, 0.5 / p.weightVar), tf.mul(bSq, 0.5 / p.biasVar)));
    });
    const f = tf.reshape(h, [C, n]);
    const sse = tf.sum(tf.square(tf.sub(f, tf.expandDims(y, 0))), 1);
    let logLik: TF.Tensor;
    if (spec.noise.kind === 'sampled') {
      const s = tf.reshape(tf.slice(theta, [0, spec.paramCount], [C, 1]), [C]);
      // -½·sse·e^{-s} - (n/2)·s, plus the prior N(s | m, sd²).
      logLik = tf.sub(tf.mul(tf.mul(sse, tf.exp(tf.neg(s))), -0.5), tf.mul(s, n / 2));
      const m = spec.noise.priorMean ?? -3;
      const sd = spec.noise.priorSd ?? 1;
      logPrior = tf.sub(logPrior, tf.mul(tf.square(tf.sub(s, m)), 0.5 / (sd * sd)));
    } else {
      logLik = tf.mul(sse, -0.5 / (spec.noise.variance ?? 0.01));
    }
    return tf.add(logLik, logPrior) as TF.Tensor1D;
  };
}
