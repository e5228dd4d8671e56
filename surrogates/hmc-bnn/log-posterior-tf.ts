/**
 * The HMC-BNN log posterior (formula in log-posterior.ts) with hand-written backprop in TensorFlow.js,
 * on the backend chosen by neural/backend.ts. Loaded lazily by the surrogate: importing tfjs costs
 * seconds, which a process that only uses the float64 engine should not pay.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { tf as tfBackend } from '../neural/backend.js';
import type { LogPosteriorSpec } from './log-posterior.js';

const tfRef = (): typeof TF => tfBackend as unknown as typeof TF;

/** A BatchedTarget whose tensors must be released after use. */
export interface DisposableTarget {
  readonly dim: number;
  logDensity(states: Float64Array, chains: number, grad: Float64Array): Float64Array;
  /** The same with an asynchronous read-back (tfjs's WebGPU backend in Node can read back no other way). */
  logDensityAsync(states: Float64Array, chains: number, grad: Float64Array): Promise<Float64Array>;
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
  const yT = tf.tensor3d(Float32Array.from(ydata), [1, n, 1]);
  const Lc = spec.slots.length;
  const act = spec.shape.activation;
  /** Uploads the chains' weights and queues the batched forward/backward; [sse (C), grads in layer order] packed. */
  const launch = (states: Float64Array, C: number): { packed: TF.Tensor; prec: Float64Array } => {
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
    const packed = tf.tidy(() => {
      const W = spec.slots.map((s, l) => tf.tensor3d(Wd[l], [C, s.fanIn, s.fanOut]));
      const B = spec.slots.map((s, l) => tf.tensor3d(Bd[l], [C, 1, s.fanOut]));
      const H: TF.Tensor3D[] = [];
      let h: TF.Tensor3D = X;
      for (let l = 0; l < Lc; l++) {
        const z = tf.add(tf.matMul(h, W[l]), B[l]) as TF.Tensor3D;
        h = l === Lc - 1 ? z : ((act === 'tanh' ? tf.tanh(z) : act === 'relu' ? tf.relu(z) : tf.elu(z)) as TF.Tensor3D);
        H.push(h);
      }
      // δ_out = e^{−s}(y − f) and the per-chain sse stay on the device: one read-back per call
      // (a GPU round trip each), not one for f and two per layer.
      const r = tf.sub(yT, H[Lc - 1]) as TF.Tensor3D; // C×n×1
      const precT = tf.tensor3d(Float32Array.from(prec), [C, 1, 1]);
      const sse = tf.reshape(tf.sum(tf.square(r), [1, 2]), [C]);
      let delta: TF.Tensor3D = tf.mul(r, precT) as TF.Tensor3D;
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
      return tf.concat([sse, ...res.map((t) => tf.reshape(t, [-1]))]);
    });
    return { packed, prec };
  };
  /** Adds the float64 prior and noise terms to the packed read-back; fills grad, returns the values. */
  const finish = (flat: Float32Array, states: Float64Array, C: number, prec: Float64Array, grad: Float64Array): Float64Array => {
    const out = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const sse = flat[c];
      const sLog = -Math.log(prec[c]);
      out[c] = -0.5 * sse * prec[c];
      if (sampled) {
        const m = spec.noise.priorMean ?? -3;
        const sd = spec.noise.priorSd ?? 1;
        out[c] += -0.5 * n * sLog - (0.5 * (sLog - m) ** 2) / (sd * sd);
        grad[c * D + P] = 0.5 * sse * prec[c] - 0.5 * n - (sLog - m) / (sd * sd);
      }
    }
    let at = C;
    spec.slots.forEach((s, l) => {
      const gw = flat.subarray(at, at + C * s.fanIn * s.fanOut);
      at += C * s.fanIn * s.fanOut;
      const gb = flat.subarray(at, at + C * s.fanOut);
      at += C * s.fanOut;
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
    return out;
  };
  return {
    dim: D,
    logDensity(states, C, grad) {
      const { packed, prec } = launch(states, C);
      const flat = packed.dataSync() as Float32Array;
      packed.dispose();
      return finish(flat, states, C, prec, grad);
    },
    async logDensityAsync(states, C, grad) {
      const { packed, prec } = launch(states, C);
      const flat = (await packed.data()) as Float32Array;
      packed.dispose();
      return finish(flat, states, C, prec, grad);
    },
    dispose() {
      X.dispose();
      yT.dispose();
    },
  };
}
