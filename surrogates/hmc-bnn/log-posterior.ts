/**
 * Batched log posterior of C Bayesian MLPs (one per HMC chain) and its gradient, in TensorFlow.js.
 * θ row = [network params (P) | s = log σ²_noise (only when the noise is sampled)].
 * log p(θ | X, y) = Σ_i log N(y_i | f_θ(x_i), σ²) + Σ_l log N(W_l | 0, v_W,l) + log N(b_l | 0, v_b,l)
 *                   + log N(s | m_s, v_s)   (constants dropped; the prior is on s itself, so no Jacobian).
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { LayerSlot, MlpShape } from './mlp.js';
import { tf as tfBackend } from '../neural/backend.js';

const tfRef = (): typeof TF => tfBackend as unknown as typeof TF;

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

/** A BatchedTarget whose tensors must be released after use. */
export interface DisposableTarget {
  readonly dim: number;
  logDensity(states: Float64Array, chains: number, grad: Float64Array): Float64Array;
  dispose(): void;
}

/**
 * The same log posterior with hand-written backprop in TensorFlow.js (no tape): X and y stay resident,
 * each call uploads the per-layer weights (C×in×out) once, runs ~8 ops per layer, and reads back one
 * gradient tensor per layer. Prior and noise terms are done in float64 JS (they are O(P), not O(nP)).
 * Formulas as in log-posterior-f64.ts; tanh' = 1 − h², relu' = [z > 0], elu' = z > 0 ? 1 : h + 1.
 */
export function makeTfTarget(spec: LogPosteriorSpec, Xdata: Float64Array, ydata: Float64Array): DisposableTarget {
  // Imported lazily through backend.js so this module keeps a type-only import of tfjs-core.
  const tf = tfRef();
  const n = ydata.length;
  const d = spec.shape.inputDim;
  const P = spec.paramCount;
  const sampled = spec.noise.kind === 'sampled';
  const D = P + (sampled ? 1 : 0);
  const X = tf.tensor3d(Float32Array.from(Xdata), [1, n, d]);
  const y = Float64Array.from(ydata);
  const Lc = spec.slots.length;
  const act = spec.shape.activation;
  return {
    dim: D,
    logDensity(states, C, grad) {
      const out = new Float64Array(C);
      // Per-layer weights and biases as C×in×out and C×1×out float32 tensors.
      const Wd = spec.slots.map((s) => new Float32Array(C * s.fanIn * s.fanOut));
      const Bd = spec.slots.map((s) => new Float32Array(C * s.fanOut));
      spec.slots.forEach((s, l) => {
        for (let c = 0; c < C; c++) {
          Wd[l].set(states.subarray(c * D + s.wOffset, c * D + s.wOffset + s.fanIn * s.fanOut), c * s.fanIn * s.fanOut);
          Bd[l].set(states.subarray(c * D + s.bOffset, c * D + s.bOffset + s.fanOut), c * s.fanOut);
        }
      });
      const prec = new Float64Array(C);
      for (let c = 0; c < C; c++) prec[c] = Math.exp(-(sampled ? states[c * D + P] : Math.log(spec.noise.variance ?? 0.01)));
      const grads = tf.tidy(() => {
        const W = spec.slots.map((s, l) => tf.tensor3d(Wd[l], [C, s.fanIn, s.fanOut]));
        const B = spec.slots.map((s, l) => tf.tensor3d(Bd[l], [C, 1, s.fanOut]));
        const H: TF.Tensor3D[] = [];
        let h: TF.Tensor3D = X;
        for (let l = 0; l < Lc; l++) {
          const z = tf.add(tf.matMul(h, W[l]), B[l]) as TF.Tensor3D;
          h = l === Lc - 1 ? z : ((act === 'tanh' ? tf.tanh(z) : act === 'relu' ? tf.relu(z) : tf.elu(z)) as TF.Tensor3D);
          H.push(h);
        }
        const f = H[Lc - 1].dataSync();
        // δ_out = e^{−s}(y − f), computed here in float64 along with the sse.
        const dOut = new Float32Array(C * n);
        for (let c = 0; c < C; c++) {
          let sse = 0;
          for (let i = 0; i < n; i++) {
            const r = y[i] - f[c * n + i];
            sse += r * r;
            dOut[c * n + i] = prec[c] * r;
          }
          const sLog = -Math.log(prec[c]);
          out[c] = -0.5 * sse * prec[c];
          if (sampled) {
            const m = spec.noise.priorMean ?? -3;
            const sd = spec.noise.priorSd ?? 1;
            out[c] += -0.5 * n * sLog - (0.5 * (sLog - m) ** 2) / (sd * sd);
            grad[c * D + P] = 0.5 * sse * prec[c] - 0.5 * n - (sLog - m) / (sd * sd);
          }
        }
        let delta: TF.Tensor3D = tf.tensor3d(dOut, [C, n, 1]);
        const res: TF.Tensor[] = [];
        for (let l = Lc - 1; l >= 0; l--) {
          const inp = l === 0 ? X : H[l - 1];
          res[2 * l] = tf.matMul(inp, delta, true, false); // C×in×out (X broadcasts over chains)
          res[2 * l + 1] = tf.sum(delta, 1); // C×out
          if (l === 0) break;
          const back = tf.matMul(delta, W[l], false, true); // C×n×in
          const hp = H[l - 1];
          const deriv = act === 'tanh' ? tf.sub(1, tf.square(hp)) : act === 'relu' ? tf.step(hp) : tf.add(tf.step(hp), tf.mul(tf.step(tf.neg(hp)), tf.add(hp, 1)));
          delta = tf.mul(back, deriv) as TF.Tensor3D;
        }
        return res;
      });
      spec.slots.forEach((s, l) => {
        const gw = grads[2 * l].dataSync();
        const gb = grads[2 * l + 1].dataSync();
        const iw = 1 / spec.priors[l].weightVar;
        const ib = 1 / spec.priors[l].biasVar;
        const nw = s.fanIn * s.fanOut;
        for (let c = 0; c < C; c++) {
          const o = c * D;
          let pr = 0;
          for (let k = 0; k < nw; k++) {
            const w = states[o + s.wOffset + k];
            pr += w * w * iw;
            grad[o + s.wOffset + k] = gw[c * nw + k] - w * iw;
          }
          for (let u = 0; u < s.fanOut; u++) {
            const b = states[o + s.bOffset + u];
            pr += b * b * ib;
            grad[o + s.bOffset + u] = gb[c * s.fanOut + u] - b * ib;
          }
          out[c] -= 0.5 * pr;
        }
      });
      grads.forEach((t) => t.dispose());
      return out;
    },
    dispose() {
      X.dispose();
    },
  };
}
