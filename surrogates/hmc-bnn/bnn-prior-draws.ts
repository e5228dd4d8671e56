/**
 * Reparameterized draws from the BNN prior family of Tran, Rossi, Milios, Filippone (2022, "All
 * you need is a good functional prior", the "GPiG" family; seed-specs.md §5), differentiable in the
 * scales ψ = (ρ_W,l, ρ_b,l): per layer l, W_l = softplus(ρ_W,l)/√fan_in · ε_W, b_l = softplus(ρ_b,l) · ε_b,
 * ε ~ N(0, I). The network sees x' = (x − ½)·INPUT_SCALE (mlp.ts), X_M holds rows in [0,1]^d.
 * The same seed gives the same ε, so a fixed seed is a common-random-numbers objective in ψ.
 */
import { tf } from '../neural/backend.js';
import type { LayerPrior } from './log-posterior.js';
import { INPUT_SCALE, layout, type LayerSlot, type MlpShape } from './mlp.js';

export const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));
export const softplusInv = (y: number): number => (y > 20 ? y : Math.log(Math.expm1(y)));

/** ψ as tfjs scalars (one per layer and kind: gather's gradient is missing on wasm). */
export interface PriorScales {
  readonly shape: MlpShape;
  readonly slots: readonly LayerSlot[];
  readonly rhoW: tf.Variable[];
  readonly rhoB: tf.Variable[];
}

/** ψ initialized at the given priors (weight variance s²/fan_in, bias variance t²), or at s = t = 1. */
export function priorScales(shape: MlpShape, start?: readonly LayerPrior[]): PriorScales {
  const { layers: slots } = layout(shape);
  const rhoW = slots.map((s, l) => tf.variable(tf.scalar(softplusInv(start ? Math.sqrt(start[l].weightVar * s.fanIn) : 1))));
  const rhoB = slots.map((_, l) => tf.variable(tf.scalar(softplusInv(start ? Math.sqrt(start[l].biasVar) : 1))));
  return { shape, slots, rhoW, rhoB };
}

/** The priors ψ stands for (reads the variables). */
export function layerPriors(p: PriorScales): LayerPrior[] {
  return p.slots.map((s, l) => {
    const sw = softplus(p.rhoW[l].dataSync()[0]);
    const sb = softplus(p.rhoB[l].dataSync()[0]);
    return { weightVar: (sw * sw) / s.fanIn, biasVar: sb * sb };
  });
}

/** Frees ψ's variables. */
export function disposeScales(p: PriorScales): void {
  [...p.rhoW, ...p.rhoB].forEach((v) => v.dispose());
}

/** X_M (rows in [0,1]^d, row-major) as the network's input tensor. */
export function netInput(X: Float64Array, M: number, d: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(X, (v) => (v - 0.5) * INPUT_SCALE), [M, d]);
}

/** Last hidden layer's activations of n_s prior networks at X_M: n_s×M×H. */
export function hiddenFeatures(p: PriorScales, XM: tf.Tensor2D, ns: number, seed: number): tf.Tensor3D {
  const act = p.shape.activation;
  let h: tf.Tensor = tf.tile(tf.expandDims(XM, 0), [ns, 1, 1]);
  for (let l = 0; l < p.slots.length - 1; l++) h = activate(act, affine(p, l, h, ns, seed));
  return h as tf.Tensor3D;
}

/** n_s prior function draws at X_M: n_s×M. */
export function bnnSamples(p: PriorScales, XM: tf.Tensor2D, ns: number, seed: number): tf.Tensor2D {
  const last = p.slots.length - 1;
  return tf.squeeze(affine(p, last, hiddenFeatures(p, XM, ns, seed), ns, seed), [2]) as tf.Tensor2D;
}

function affine(p: PriorScales, l: number, h: tf.Tensor, ns: number, seed: number): tf.Tensor {
  const s = p.slots[l];
  const eW = tf.randomNormal([ns, s.fanIn, s.fanOut], 0, 1, 'float32', seed + 2 * l);
  const eB = tf.randomNormal([ns, 1, s.fanOut], 0, 1, 'float32', seed + 2 * l + 1);
  const W = tf.mul(eW, tf.div(tf.softplus(p.rhoW[l]), Math.sqrt(s.fanIn)));
  const b = tf.mul(eB, tf.softplus(p.rhoB[l]));
  return tf.add(tf.matMul(h as tf.Tensor3D, W as tf.Tensor3D), b);
}

function activate(act: MlpShape['activation'], z: tf.Tensor): tf.Tensor {
  return act === 'tanh' ? tf.tanh(z) : act === 'relu' ? tf.relu(z) : tf.elu(z);
}

/** Sizes of a matching run shared by both methods (defaults in brackets). */
export interface ScaleFitOptions {
  /** Adam steps [200]. */
  readonly iterations?: number;
  /** |X_M| [32]. */
  readonly measurementPoints?: number;
  /** Fixed measurement sets cycled through [4]. */
  readonly sets?: number;
  /** Adam learning rate on ρ [0.05]. */
  readonly learningRate?: number;
  /** ψ to start from (a previous match); default s = t = 1 in every layer. */
  readonly start?: readonly LayerPrior[];
}

/**
 * Adam on ψ over fixed sets cycled in order (common random numbers: the objective is deterministic
 * in ψ), ψ averaged over the last quarter of the steps. Returns the priors and the loss per step.
 */
export async function fitScales<S>(shape: MlpShape, options: ScaleFitOptions, sets: readonly S[], lossOf: (psi: PriorScales, set: S) => tf.Scalar): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const T = options.iterations ?? 200;
  const psi = priorScales(shape, options.start);
  const opt = tf.train.adam(options.learningRate ?? 0.05);
  const average = new ScaleAverage(psi);
  const loss: number[] = [];
  try {
    for (let t = 0; t < T; t++) {
      const set = sets[t % sets.length];
      tf.tidy(() => {
        const value = opt.minimize(() => lossOf(psi, set), true, [...psi.rhoW, ...psi.rhoB]);
        loss.push(value!.dataSync()[0]);
      });
      if (t >= Math.floor(0.75 * T)) average.add();
      // Yields so an abort or a worker's message handler can run between steps.
      if (t % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    return { priors: average.priors(), loss };
  } finally {
    disposeScales(psi);
    opt.dispose();
  }
}

/**
 * Running mean of the scales s = softplus(ρ) over the last steps of a fit (Polyak averaging: the
 * optimizer's iterates jitter around the minimizer of a sample-average objective).
 */
class ScaleAverage {
  private readonly sumW: Float64Array;
  private readonly sumB: Float64Array;
  private count = 0;

  constructor(private readonly psi: PriorScales) {
    this.sumW = new Float64Array(psi.slots.length);
    this.sumB = new Float64Array(psi.slots.length);
  }

  /** Adds the current ψ. */
  add(): void {
    this.psi.slots.forEach((_, l) => {
      this.sumW[l] += softplus(this.psi.rhoW[l].dataSync()[0]);
      this.sumB[l] += softplus(this.psi.rhoB[l].dataSync()[0]);
    });
    this.count++;
  }

  /** The priors of the averaged scales. */
  priors(): LayerPrior[] {
    const k = Math.max(this.count, 1);
    return this.psi.slots.map((s, l) => ({ weightVar: (this.sumW[l] / k) ** 2 / s.fanIn, biasVar: (this.sumB[l] / k) ** 2 }));
  }
}
