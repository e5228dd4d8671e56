/**
 * GP-matched BNN prior (Tran, Rossi, Milios, Filippone 2022, "All you need is a good functional prior";
 * seed-specs.md §5): per layer l, W_l ~ N(0, softplus(ρ_W,l)²/fan_in), b_l ~ N(0, softplus(ρ_b,l)²);
 * ψ = (ρ_W, ρ_b) minimizes the 1-Wasserstein distance between BNN and GP function samples on a
 * random measurement set X_M ⊂ [0,1]^d, in Kantorovich-Rubinstein dual form with a critic φ
 * (MLP |X_M|→64→64→1, softplus) trained with a gradient penalty λ = 10 (WGAN-GP):
 * critic: max E φ(f_BNN) − E φ(f_GP) − λ E (‖∇φ(f̂)‖ − 1)², f̂ = α f_BNN + (1 − α) f_GP;
 * prior: min_ψ E φ(f_BNN(ψ)) with reparameterized draws f_BNN = MLP(x'; softplus(ρ)·ε).
 * The network sees x' = (x − ½)·INPUT_SCALE (mlp.ts), the GP sees x.
 */
import type { Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import type { LayerPrior } from './log-posterior.js';
import { INPUT_SCALE, layout, type LayerSlot, type MlpShape } from './mlp.js';

/** Sizes of the matching run (defaults in brackets). */
export interface MatchOptions {
  /** Outer iterations (ψ updates) [300]. */
  readonly iterations?: number;
  /** |X_M| [32]. */
  readonly measurementPoints?: number;
  /** Function samples per side per step [128]. */
  readonly functionSamples?: number;
  /** Critic steps per outer iteration [5]. */
  readonly criticSteps?: number;
  /** Adam learning rate of ψ [0.05]. */
  readonly learningRate?: number;
  /** Target GP lengthscale on [0,1]^d (default: targetLengthscale(d) in priors.ts). */
  readonly lengthscale?: number;
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const softplusInv = (y: number) => Math.log(Math.expm1(y));

/** RBF Gram matrix on M points plus jitter, and its Cholesky factor (M is small: plain loops). */
export function gpCholesky(X: Float64Array, M: number, d: number, ell: number): Float64Array {
  const K = new Float64Array(M * M);
  for (let i = 0; i < M; i++)
    for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += (X[i * d + k] - X[j * d + k]) ** 2;
      const v = Math.exp((-0.5 * r2) / (ell * ell)) + (i === j ? 1e-6 : 0);
      K[i * M + j] = v;
      K[j * M + i] = v;
    }
  const L = new Float64Array(M * M);
  for (let i = 0; i < M; i++)
    for (let j = 0; j <= i; j++) {
      let s = K[i * M + j];
      for (let k = 0; k < j; k++) s -= L[i * M + k] * L[j * M + k];
      L[i * M + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * M + j];
    }
  return L;
}

/** Draws n_s functions from the BNN prior with scales ψ at X_M (differentiable in ψ). */
export function bnnSamples(shape: MlpShape, slots: readonly LayerSlot[], rhoW: readonly tf.Variable[], rhoB: readonly tf.Variable[], XM: tf.Tensor2D, ns: number, seed: number): tf.Tensor2D {
  let h: tf.Tensor = tf.tile(tf.expandDims(XM, 0), [ns, 1, 1]);
  slots.forEach((s, l) => {
    const eW = tf.randomNormal([ns, s.fanIn, s.fanOut], 0, 1, 'float32', seed + 2 * l);
    const eB = tf.randomNormal([ns, 1, s.fanOut], 0, 1, 'float32', seed + 2 * l + 1);
    const W = tf.mul(eW, tf.div(tf.softplus(rhoW[l]), Math.sqrt(s.fanIn)));
    const b = tf.mul(eB, tf.softplus(rhoB[l]));
    const z = tf.add(tf.matMul(h as tf.Tensor3D, W as tf.Tensor3D), b);
    h = l === slots.length - 1 ? z : shape.activation === 'tanh' ? tf.tanh(z) : shape.activation === 'relu' ? tf.relu(z) : tf.elu(z);
  });
  return tf.squeeze(h, [2]) as tf.Tensor2D;
}

/** Runs the Wasserstein matching; returns the per-layer priors and the final critic estimate. */
export async function fitGpMatchedPriors(shape: MlpShape, rng: Rng, options: MatchOptions & { lengthscale: number }): Promise<{ priors: LayerPrior[]; wasserstein: number[] }> {
  const T = options.iterations ?? 300;
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 128;
  const nCritic = options.criticSteps ?? 5;
  const d = shape.inputDim;
  const ell = options.lengthscale;
  const { layers: slots } = layout(shape);
  const Lc = slots.length;
  // One scalar variable per layer and kind (gather's gradient is missing on wasm).
  const rhoW = Array.from({ length: Lc }, () => tf.variable(tf.scalar(softplusInv(1))));
  const rhoB = Array.from({ length: Lc }, () => tf.variable(tf.scalar(softplusInv(1))));
  const hidden = 64;
  const init = (r: number, c: number) => tf.variable(tf.randomNormal([r, c], 0, Math.sqrt(2 / (r + c)), 'float32', rng.int(2 ** 30)));
  const c1 = init(M, hidden);
  const c2 = init(hidden, hidden);
  const c3 = init(hidden, 1);
  const cb1 = tf.variable(tf.zeros([hidden]));
  const cb2 = tf.variable(tf.zeros([hidden]));
  const critic = (f: tf.Tensor) => tf.squeeze(tf.matMul(tf.softplus(tf.add(tf.matMul(tf.softplus(tf.add(tf.matMul(f as tf.Tensor2D, c1), cb1)), c2), cb2)), c3), [1]);
  const criticVars = [c1, c2, c3, cb1, cb2];
  const criticOpt = tf.train.adam(1e-3, 0.5, 0.9);
  const psiOpt = tf.train.adam(options.learningRate ?? 0.05);
  const trace: number[] = [];

  for (let t = 0; t < T; t++) {
    const Xm = new Float64Array(M * d);
    for (let i = 0; i < Xm.length; i++) Xm[i] = rng.uniform();
    const L = gpCholesky(Xm, M, d, ell);
    const XM = tf.tensor2d(Float32Array.from(Xm, (v) => (v - 0.5) * INPUT_SCALE), [M, d]);
    for (let k = 0; k < nCritic; k++) {
      // GP draws f = L·ε, ε ~ N(0, I) (float64 Cholesky, then float32 for the critic).
      const fgp = new Float32Array(ns * M);
      for (let s = 0; s < ns; s++) {
        const eps = new Float64Array(M);
        for (let j = 0; j < M; j++) eps[j] = rng.normal();
        for (let i = 0; i < M; i++) {
          let acc = 0;
          for (let j = 0; j <= i; j++) acc += L[i * M + j] * eps[j];
          fgp[s * M + i] = acc;
        }
      }
      const seed = rng.int(2 ** 30);
      const alpha = new Float32Array(ns);
      for (let s = 0; s < ns; s++) alpha[s] = rng.uniform();
      tf.tidy(() => {
        const fGP = tf.tensor2d(fgp, [ns, M]);
        // Outside the critic's minimize closure the draws are constants for the critic's update.
        const fBNN = bnnSamples(shape, slots, rhoW, rhoB, XM, ns, seed);
        const a = tf.tensor2d(alpha, [ns, 1]);
        const interp = tf.add(tf.mul(a, fBNN), tf.mul(tf.sub(1, a), fGP));
        criticOpt.minimize(() => {
          const gap = tf.sub(tf.mean(critic(fBNN)), tf.mean(critic(fGP)));
          const g = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(interp);
          const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), 1e-12));
          const penalty = tf.mean(tf.square(tf.sub(norm, 1)));
          // The critic maximizes the gap minus the penalty.
          return tf.add(tf.neg(gap), tf.mul(penalty, 10)) as tf.Scalar;
        }, false, criticVars);
        if (k === nCritic - 1) trace.push(tf.sub(tf.mean(critic(fBNN)), tf.mean(critic(fGP))).dataSync()[0]);
      });
    }
    const seed = rng.int(2 ** 30);
    tf.tidy(() => {
      psiOpt.minimize(() => tf.mean(critic(bnnSamples(shape, slots, rhoW, rhoB, XM, ns, seed))) as tf.Scalar, false, [...rhoW, ...rhoB]);
    });
    XM.dispose();
    if (t % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  const sw = rhoW.map((r) => softplus(r.dataSync()[0]));
  const sb = rhoB.map((r) => softplus(r.dataSync()[0]));
  [...rhoW, ...rhoB, ...criticVars].forEach((v) => v.dispose());
  criticOpt.dispose();
  psiOpt.dispose();
  return { priors: slots.map((s, l) => ({ weightVar: (sw[l] * sw[l]) / s.fanIn, biasVar: sb[l] * sb[l] })), wasserstein: trace };
}
