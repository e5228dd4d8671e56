/**
 * Surrogate 'deep-ensemble' (Lakshminarayanan, Pritzel & Blundell 2017): M networks with a
 * Gaussian head (gaussian-head-net.ts), each from its own random initialization (fan-in scaled
 * normal weights, zero biases; member m draws from its own split of the fit's rng), trained by
 * full-batch Adam on the mean Gaussian NLL plus weight decay. Adversarial training, the paper's
 * optional third ingredient, is not used. The posterior is the ensemble of the member Gaussians.
 * Warm start: the previous ask's members (same shape and M) continue for `warmSteps`.
 */
import { BoError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { toNetInput } from '../hmc-bnn/mlp.js';
import { decodeF64, encodeF64 } from '../hmc-bnn/state-codec.js';
import type { DenseSlot } from '../neural/dense.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from '../types.js';
import { DeepEnsembleOptions, type DeepEnsembleOptionsInput } from './deep-ensemble-options.js';
import { FittedDeepEnsemble } from './fitted-deep-ensemble.js';
import { headNetLayout, nllAndGradient, predictRows, type HeadNetShape } from './gaussian-head-net.js';

export { DeepEnsembleOptions, type DeepEnsembleOptionsInput } from './deep-ensemble-options.js';

/** The deep-ensemble surrogate. */
export class DeepEnsembleSurrogate implements Surrogate {
  readonly kind = 'deep-ensemble';
  readonly options: DeepEnsembleOptions;

  constructor(options: DeepEnsembleOptionsInput = {}) {
    const parsed = DeepEnsembleOptions.safeParse(options);
    if (!parsed.success) throw new BoError('INVALID_ARGUMENT', `deep-ensemble options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedSurrogate> {
    const o = this.options;
    const t0 = Date.now();
    const shape: HeadNetShape = { inputDim: data.X.cols, widths: o.widths, activation: o.activation };
    const { slots, size: P } = headNetLayout(shape);
    const Xn = toNetInput(data.X.data);
    const warm = readWarm(fit.warmStart, o.members, P);
    const steps = warm ? o.warmSteps : o.steps;
    const deadline = o.timeBudgetMs !== undefined ? t0 + o.timeBudgetMs : undefined;
    const members: Float64Array[] = [];
    const finalLoss: number[] = [];
    let stoppedEarly = false;
    for (let m = 0; m < o.members; m++) {
      const memberRng = fit.rng.split();
      const theta = warm ? warm[m].slice() : initialize(slots, memberRng);
      // Cold fits place the means first (MSE), then train the NLL: NLL from a random start lets the
      // variance head absorb the misfit and some members never fit (1-D test: RMSE 0.2 vs 0.1).
      const meanSteps = warm ? 0 : Math.round(o.meanWarmupFraction * steps);
      const r = adam(shape, slots, theta, Xn, data.y, o.weightDecay, meanSteps, steps, o.learningRate, fit.signal, deadline);
      stoppedEarly ||= r.stoppedEarly;
      members.push(theta);
      finalLoss.push(r.loss);
      // Yield between members so an abort or the worker's deadline can land.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (fit.signal?.aborted) throw new BoError('DEADLINE_EXCEEDED', 'deep-ensemble: fit aborted');
    }
    const state = Object.freeze({ kind: 'deep-ensemble', version: 1, size: P, members: Object.freeze(members.map(encodeF64)) });
    // The heads' variance averaged over members and data rows: the ensemble's estimate of the
    // observation noise, reported as noiseVariance like the other surrogates (the policy's
    // incumbent rule reads it).
    let noiseVariance = 0;
    for (const theta of members) {
      const out = predictRows(shape, slots, theta, Xn, data.y.length);
      for (let i = 0; i < data.y.length; i++) noiseVariance += out[2 * i + 1] / (data.y.length * members.length);
    }
    return new FittedDeepEnsemble(shape, slots, members, state, {
      noiseVariance,
      members: o.members,
      parameters: P,
      steps,
      warmStart: warm !== null,
      finalNll: finalLoss,
      stoppedEarly,
      fitMs: Date.now() - t0,
    }, noiseVariance);
  }
}

/** Fan-in scaled normal weights N(0, 1/fanIn), zero biases (LeCun initialization). */
function initialize(slots: readonly DenseSlot[], rng: Rng): Float64Array {
  const P = slots[slots.length - 1].bOffset + slots[slots.length - 1].fanOut;
  const theta = new Float64Array(P);
  for (const s of slots) {
    const sd = 1 / Math.sqrt(s.fanIn);
    for (let k = 0; k < s.fanIn * s.fanOut; k++) theta[s.wOffset + k] = sd * rng.normal();
  }
  return theta;
}

/** Full-batch Adam (β = 0.9, 0.999) on the member's loss (MSE for the first meanSteps), in place. */
function adam(shape: HeadNetShape, slots: readonly DenseSlot[], theta: Float64Array, X: Float64Array, y: Float64Array, decay: number, meanSteps: number, steps: number, lr: number, signal: AbortSignal | undefined, deadline: number | undefined): { loss: number; stoppedEarly: boolean } {
  const P = theta.length;
  const g = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  let loss = NaN;
  for (let t = 1; t <= steps; t++) {
    if (signal?.aborted || (deadline !== undefined && t % 50 === 0 && Date.now() > deadline)) return { loss, stoppedEarly: true };
    loss = nllAndGradient(shape, slots, theta, X, y, decay, g, t <= meanSteps);
    const b1 = 1 - 0.9 ** t;
    const b2 = 1 - 0.999 ** t;
    for (let i = 0; i < P; i++) {
      if (!Number.isFinite(g[i])) continue;
      m1[i] = 0.9 * m1[i] + 0.1 * g[i];
      m2[i] = 0.999 * m2[i] + 0.001 * g[i] * g[i];
      theta[i] -= (lr * (m1[i] / b1)) / (Math.sqrt(m2[i] / b2) + 1e-8);
    }
  }
  return { loss, stoppedEarly: false };
}

/** The previous members when they fit this run (same M and parameter count), else null. */
function readWarm(s: FitOptions['warmStart'], M: number, P: number): Float64Array[] | null {
  if (!s || s.kind !== 'deep-ensemble' || s.version !== 1 || s.size !== P || !Array.isArray(s.members) || s.members.length !== M) return null;
  const out: Float64Array[] = [];
  for (const e of s.members as unknown[]) {
    const theta = decodeF64(e);
    if (!theta || theta.length !== P || !theta.every(Number.isFinite)) return null;
    out.push(theta);
  }
  return out;
}
