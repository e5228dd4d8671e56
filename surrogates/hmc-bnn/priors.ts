/**
 * Weight priors for the BNN: 'fan-in' (variance σ_w²/fan_in, the usual scaling) and 'gp-matched'
 * (Tran, Rossi, Milios, Filippone 2022, "All you need is a good functional prior"): per-layer scales
 * ψ = (ρ_W, ρ_b), W ~ N(0, softplus(ρ_W)²/fan_in), b ~ N(0, softplus(ρ_b)²), fitted so the BNN's
 * function samples on a measurement set match a target GP prior in 1-Wasserstein distance, estimated
 * by a critic with gradient penalty (WGAN-GP, λ = 10), as in seed-specs.md §5.
 */
import { createRng, type Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import type { LayerPrior } from './log-posterior.js';
import { layout, type LayerSlot, type MlpShape } from './mlp.js';

/** W ~ N(0, scale/fan_in), b ~ N(0, biasVar) in every layer. */
export function fanInPriors(slots: readonly LayerSlot[], scale = 1, biasVar = 1): LayerPrior[] {
  return slots.map((s) => ({ weightVar: scale / s.fanIn, biasVar }));
}

/** The target GP prior the BNN prior is matched to: RBF, unit variance, lengthscale = the default GP's prior mode. */
export function targetLengthscale(d: number): number {
  // LogNormal(μ = √2 + ½ ln d, σ = √3) has mode exp(μ − σ²) = 0.2048·√d (seed-specs.md §7.3).
  return Math.exp(Math.SQRT2 + 0.5 * Math.log(d) - 3);
}

export interface MatchOptions {
  readonly iterations?: number;
  readonly measurementPoints?: number;
  readonly functionSamples?: number;
  readonly criticSteps?: number;
}

const cache = new Map<string, LayerPrior[]>();

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const softplusInv = (y: number) => Math.log(Math.expm1(y));

/** Prior scales matched to the GP prior, cached per (architecture, input dimension). */
export async function gpMatchedPriors(shape: MlpShape, rng: Rng, options: MatchOptions = {}): Promise<LayerPrior[]> {
  const key = `${shape.widths.join('x')}-${shape.activation}-${shape.inputDim}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // A fixed seed per architecture: the cached result must not depend on which study asked first.
  void rng;
  const fitted = await fitGpMatchedPriors(shape, createRng(0x5eed + shape.inputDim), options);
  cache.set(key, fitted.priors);
  return fitted.priors;
}

/** RBF Gram matrix on M points plus jitter, and its Cholesky factor (M is small: plain loops). */
function gpCholesky(X: Float64Array, M: number, d: number, ell: number): Float64Array {
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
function bnnSamples(shape: MlpShape, slots: readonly LayerSlot[], rhoW: tf.Variable, rhoB: tf.Variable, XM: tf.Tensor2D, ns: number, seed: number): tf.Tensor2D {
  let h: tf.Tensor = tf.tile(tf.expandDims(XM, 0), [ns, 1, 1]);
  const sw = tf.softplus(rhoW);
  const sb = tf.softplus(rhoB);
  slots.forEach((s, l) => {
    const eW = tf.randomNormal([ns, s.fanIn, s.fanOut], 0, 1, 'float32', seed + 2 * l);
    const eB = tf.randomNormal([ns, 1, s.fanOut], 0, 1, 'float32', seed + 2 * l + 1);
    const W = tf.mul(eW, tf.div(tf.gather(sw, l), Math.sqrt(s.fanIn)));
    const b = tf.mul(eB, tf.gather(sb, l));
    const z = tf.add(tf.matMul(h as tf.Tensor3D, W as tf.Tensor3D), b);
    h = l === slots.length - 1 ? z : shape.activation === 'tanh' ? tf.tanh(z) : shape.activation === 'relu' ? tf.relu(z) : tf.elu(z);
  });
  return tf.squeeze(h, [2]) as tf.Tensor2D;
}

/** Runs the Wasserstein matching; returns the per-layer priors and the final critic estimate. */
export async function fitGpMatchedPriors(shape: MlpShape, rng: Rng, options: MatchOptions = {}): Promise<{ priors: LayerPrior[]; wasserstein: number[] }> {
  const T = options.iterations ?? 300;
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 128;
  const nCritic = options.criticSteps ?? 5;
  const d = shape.inputDim;
  const ell = targetLengthscale(d);
  const { layers: slots } = layout(shape);
  const Lc = slots.length;
  const rhoW = tf.variable(tf.fill([Lc], softplusInv(1)));
  const rhoB = tf.variable(tf.fill([Lc], softplusInv(1)));
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
  const psiOpt = tf.train.adam(0.02);
  const trace: number[] = [];

  for (let t = 0; t < T; t++) {
    const Xm = new Float64Array(M * d);
    for (let i = 0; i < Xm.length; i++) Xm[i] = rng.uniform();
    const L = gpCholesky(Xm, M, d, ell);
    const XM = tf.tensor2d(Float32Array.from(Xm), [M, d]);
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
      psiOpt.minimize(() => tf.mean(critic(bnnSamples(shape, slots, rhoW, rhoB, XM, ns, seed))) as tf.Scalar, false, [rhoW, rhoB]);
    });
    XM.dispose();
    if (t % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  const sw = Array.from(rhoW.dataSync(), (r) => softplus(r));
  const sb = Array.from(rhoB.dataSync(), (r) => softplus(r));
  [rhoW, rhoB, ...criticVars].forEach((v) => v.dispose());
  criticOpt.dispose();
  psiOpt.dispose();
  return { priors: slots.map((s, l) => ({ weightVar: (sw[l] * sw[l]) / s.fanIn, biasVar: sb[l] * sb[l] })), wasserstein: trace };
}
