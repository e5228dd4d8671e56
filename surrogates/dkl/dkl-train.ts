/**
 * Joint training of network weights w and GP hyperparameters v by Adam (Kingma & Ba 2015) ASCENT
 * on J(w, v) (dkl-objective.ts), with v projected onto its box after each step, early stopping on
 * the objective (or, given validation rows, on their held-out log density), and the best iterate kept. A failed factorization (diverging features) restores
 * the best iterate, resets the moments and halves the step; three in a row end the run.
 * Also: optional MSE pre-training of the network with a linear head (the paper's recipe).
 */
import type { Matrix } from '../../core/matrix.js';
import type { TrainingData } from '../types.js';
import { evaluateObjective, heldOutLogDensity, type DklModel, type Pullback } from './dkl-objective.js';
import { forwardBatch } from './feature-network.js';

/** Adam settings for one run. */
export interface TrainSettings {
  readonly steps: number;
  readonly learningRate: number;
  readonly patience: number;
  /** Minimum per-datum objective gain that resets the patience counter. */
  readonly tolerance: number;
  readonly signal?: AbortSignal;
  /**
   * Held-out rows (not in the training data): when given, early stopping and the kept iterate
   * follow their mean log predictive density instead of the objective.
   */
  readonly validation?: { readonly X: Matrix; readonly y: Float64Array };
}

/** Outcome of one run: the best iterate and how the run ended. */
export interface TrainResult {
  readonly w: Float64Array;
  readonly v: Float64Array;
  readonly value: number;
  readonly lml: number;
  readonly initialValue: number;
  readonly steps: number;
  readonly stopped: 'converged' | 'steps' | 'aborted' | 'diverged';
  readonly failures: number;
  /** Mean held-out log density of the kept iterate (NaN without validation rows). */
  readonly validation: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
const YIELD_EVERY = 25;

/** Adam state over one flat vector (ascent). */
class Adam {
  private m: Float64Array;
  private s: Float64Array;
  private t = 0;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.s = new Float64Array(size);
  }
  reset(): void {
    this.m.fill(0);
    this.s.fill(0);
    this.t = 0;
  }
  /** x += lr · m̂/(√ŝ + ε) for gradient g (of the quantity to MAXIMIZE). */
  step(x: Float64Array, g: Float64Array, lr: number): void {
    this.t++;
    const c1 = 1 - BETA1 ** this.t;
    const c2 = 1 - BETA2 ** this.t;
    for (let i = 0; i < x.length; i++) {
      this.m[i] = BETA1 * this.m[i] + (1 - BETA1) * g[i];
      this.s[i] = BETA2 * this.s[i] + (1 - BETA2) * g[i] * g[i];
      x[i] += (lr * (this.m[i] / c1)) / (Math.sqrt(this.s[i] / c2) + EPS);
    }
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Runs Adam from (w0, v0); never throws for numerical trouble (stopped: 'diverged' instead). */
export async function trainDkl(model: DklModel, data: TrainingData, w0: Float64Array, v0: Float64Array, pull: Pullback, settings: TrainSettings): Promise<TrainResult> {
  const n = data.X.rows;
  const P = w0.length;
  const x = new Float64Array(P + v0.length);
  x.set(w0);
  x.set(v0, P);
  const { lower, upper } = model.gp;
  const project = (): void => {
    for (let i = 0; i < v0.length; i++) x[P + i] = Math.min(upper[i], Math.max(lower[i], x[P + i]));
  };
  project();
  const adam = new Adam(x.length);
  const g = new Float64Array(x.length);
  let best = { x: x.slice(), value: -Infinity, lml: NaN, score: -Infinity, validation: NaN };
  const val = settings.validation;
  // Scores compared for early stopping, per datum: held-out mean log density, or objective / n.
  let initialValue = NaN;
  let lr = settings.learningRate;
  let since = 0;
  let failures = 0;
  let step = 0;
  let stopped: TrainResult['stopped'] = 'steps';
  for (; step <= settings.steps; step++) {
    if (settings.signal?.aborted) {
      stopped = 'aborted';
      break;
    }
    if (step > 0 && step % YIELD_EVERY === 0) await tick();
    const e = evaluateObjective(model, x.subarray(0, P), x.subarray(P), data, pull);
    const ok = e !== null && Number.isFinite(e.value) && e.gradW.every(Number.isFinite) && e.gradV.every(Number.isFinite);
    if (!ok) {
      failures++;
      if (step === 0 || failures >= 3 || best.value === -Infinity) {
        stopped = 'diverged';
        break;
      }
      x.set(best.x);
      adam.reset();
      lr *= 0.5;
      continue;
    }
    if (step === 0) initialValue = e.value;
    const vll = val ? heldOutLogDensity(model, x.subarray(0, P), x.subarray(P), e, val.X, val.y) : NaN;
    const score = val ? (Number.isFinite(vll) ? vll : -Infinity) : e.value / n;
    if (score > best.score + settings.tolerance) since = 0;
    else since++;
    if (score > best.score) best = { x: x.slice(), value: e.value, lml: e.lml, score, validation: vll };
    if (since >= settings.patience) {
      stopped = 'converged';
      break;
    }
    if (step === settings.steps) break;
    g.set(e.gradW);
    g.set(e.gradV, P);
    adam.step(x, g, lr);
    project();
  }
  return {
    w: best.x.slice(0, P),
    v: best.x.slice(P),
    value: best.value,
    lml: best.lml,
    initialValue,
    steps: step,
    stopped: best.value === -Infinity ? 'diverged' : stopped,
    failures,
    validation: best.validation,
  };
}

/**
 * MSE pre-training (seed-specs §1.2): minimize mean_i (φ_w(x_i)·u + b − y_i)² over w and a linear
 * head (u, b) by Adam; ∂/∂F_i = (2/n) r_i u is pulled back through the network. Returns new w.
 */
export async function pretrainNetwork(model: DklModel, data: TrainingData, w0: Float64Array, pull: Pullback, steps: number, learningRate: number): Promise<Float64Array> {
  const n = data.X.rows;
  const k = model.net.featureDim;
  const P = w0.length;
  const x = new Float64Array(P + k + 1);
  x.set(w0);
  const adam = new Adam(x.length);
  const g = new Float64Array(x.length);
  for (let step = 0; step < steps; step++) {
    if (step > 0 && step % YIELD_EVERY === 0) await tick();
    const w = x.subarray(0, P);
    const cache = forwardBatch(model.shape, model.net, w, data.X);
    const F = cache.F.data;
    const G: Matrix = { rows: n, cols: k, data: new Float64Array(n * k) };
    g.fill(0);
    for (let i = 0; i < n; i++) {
      let pred = x[P + k];
      for (let c = 0; c < k; c++) pred += F[i * k + c] * x[P + c];
      const r = (2 / n) * (pred - data.y[i]);
      // Ascent on −MSE: the gradient we hand to Adam is −∂MSE.
      for (let c = 0; c < k; c++) {
        G.data[i * k + c] = -r * x[P + c];
        g[P + c] -= r * F[i * k + c];
      }
      g[P + k] -= r;
    }
    g.set(pull(w, cache, G));
    if (!g.every(Number.isFinite)) break;
    adam.step(x, g, learningRate);
  }
  return x.slice(0, P);
}
