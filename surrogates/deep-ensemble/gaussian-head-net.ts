/**
 * An MLP with a Gaussian head (Lakshminarayanan, Pritzel & Blundell 2017, §2.2.1): two outputs per
 * row, the mean μ and r with variance v = softplus(r) + MIN_HEAD_VARIANCE, trained on the Gaussian
 * negative log likelihood NLL = ½·log v + ½·(y − μ)²/v (constant dropped). Parameters use the
 * shared flat dense layout (neural/dense.ts), dims [d, …widths, 2]; inputs are the HMC-BNN's
 * scaled x' = (x − ½)·2√3 (hmc-bnn/mlp.ts).
 * Backprop: ∂NLL/∂μ = −(y − μ)/v, ∂NLL/∂r = (½/v − ½(y − μ)²/v²)·sigmoid(r), then as in
 * hmc-bnn/log-posterior-f64.ts through the hidden layers.
 */
import { activate, activationDerivative, affineRows, denseSlots, type Activation, type DenseSlot } from '../neural/dense.js';

/** Variance floor of the head (standardized y units): keeps the NLL bounded on noiseless data. */
export const MIN_HEAD_VARIANCE = 1e-6;

/** Layer sizes and nonlinearity of one member. */
export interface HeadNetShape {
  readonly inputDim: number;
  readonly widths: readonly number[];
  readonly activation: Activation;
}

/** The flat layout of a member: dims [d, …widths, 2]. */
export function headNetLayout(shape: HeadNetShape): { slots: DenseSlot[]; size: number } {
  return denseSlots([shape.inputDim, ...shape.widths, 2]);
}

function softplus(r: number): number {
  return r > 30 ? r : Math.log1p(Math.exp(r));
}

function sigmoid(r: number): number {
  return 1 / (1 + Math.exp(-r));
}

/** v = softplus(r) + MIN_HEAD_VARIANCE. */
export function headVariance(r: number): number {
  return softplus(r) + MIN_HEAD_VARIANCE;
}

/** Forward pass over n rows (X: n×d scaled inputs): hidden activations and the n×2 outputs. */
function forwardRows(shape: HeadNetShape, slots: readonly DenseSlot[], theta: Float64Array, X: Float64Array, n: number): { pre: Float64Array[]; post: Float64Array[]; out: Float64Array } {
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  let h: Float64Array = X;
  for (let l = 0; l < slots.length - 1; l++) {
    const z = affineRows(slots[l], theta, 0, h, n);
    const a = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) a[i] = activate(shape.activation, z[i]);
    pre.push(z);
    post.push(a);
    h = a;
  }
  return { pre, post, out: affineRows(slots[slots.length - 1], theta, 0, h, n) };
}

/**
 * Mean NLL over the n rows plus the L2 penalty ½·decay·‖θ‖², and its gradient (written into grad).
 * X: n×d scaled inputs, y: length n. meanOnly: the loss is ½·mean (y − μ)² instead (the variance
 * head gets no gradient), used to place the means before the NLL phase.
 */
export function nllAndGradient(shape: HeadNetShape, slots: readonly DenseSlot[], theta: Float64Array, X: Float64Array, y: Float64Array, decay: number, grad: Float64Array, meanOnly = false): number {
  const n = y.length;
  const { pre, post, out } = forwardRows(shape, slots, theta, X, n);
  let loss = 0;
  // δ at the output layer: n×2.
  let delta = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const mu = out[2 * i];
    const r = out[2 * i + 1];
    const v = headVariance(r);
    const e = y[i] - mu;
    if (meanOnly) {
      loss += (0.5 * e * e) / n;
      delta[2 * i] = -e / n;
      continue;
    }
    loss += (0.5 * Math.log(v) + (0.5 * e * e) / v) / n;
    delta[2 * i] = -e / v / n;
    delta[2 * i + 1] = ((0.5 / v - (0.5 * e * e) / (v * v)) * sigmoid(r)) / n;
  }
  grad.fill(0);
  for (let l = slots.length - 1; l >= 0; l--) {
    const s = slots[l];
    const H = l === 0 ? X : post[l - 1];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < s.fanIn; k++) {
        const h = H[i * s.fanIn + k];
        if (h === 0) continue;
        const row = s.wOffset + k * s.fanOut;
        for (let o = 0; o < s.fanOut; o++) grad[row + o] += h * delta[i * s.fanOut + o];
      }
      for (let o = 0; o < s.fanOut; o++) grad[s.bOffset + o] += delta[i * s.fanOut + o];
    }
    if (l === 0) break;
    const prev = slots[l - 1];
    const next = new Float64Array(n * prev.fanOut);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < s.fanIn; k++) {
        const row = s.wOffset + k * s.fanOut;
        let acc = 0;
        for (let o = 0; o < s.fanOut; o++) acc += theta[row + o] * delta[i * s.fanOut + o];
        next[i * prev.fanOut + k] = acc * activationDerivative(shape.activation, pre[l - 1][i * prev.fanOut + k], post[l - 1][i * prev.fanOut + k]);
      }
    }
    delta = next;
  }
  let sq = 0;
  for (let p = 0; p < theta.length; p++) {
    sq += theta[p] * theta[p];
    grad[p] += decay * theta[p];
  }
  return loss + 0.5 * decay * sq;
}

/** μ and v at the n rows of X (scaled inputs): out[2i] = μ_i, out[2i+1] = v_i. */
export function predictRows(shape: HeadNetShape, slots: readonly DenseSlot[], theta: Float64Array, X: Float64Array, n: number): Float64Array {
  const { out } = forwardRows(shape, slots, theta, X, n);
  for (let i = 0; i < n; i++) out[2 * i + 1] = headVariance(out[2 * i + 1]);
  return out;
}

/** μ, v and their gradients in the scaled input x' at one point (reverse mode, one pass per output). */
export function predictPointWithGradient(shape: HeadNetShape, slots: readonly DenseSlot[], theta: Float64Array, x: Float64Array): { mean: number; variance: number; dMean: Float64Array; dVariance: Float64Array } {
  const { pre, post, out } = forwardRows(shape, slots, theta, x, 1);
  const d = shape.inputDim;
  const grads = [0, 1].map((k) => {
    let g = new Float64Array(2);
    g[k] = 1;
    for (let l = slots.length - 1; l >= 0; l--) {
      const s = slots[l];
      const gin = new Float64Array(s.fanIn);
      for (let i = 0; i < s.fanIn; i++) {
        const row = s.wOffset + i * s.fanOut;
        let acc = 0;
        for (let o = 0; o < s.fanOut; o++) acc += theta[row + o] * g[o];
        gin[i] = l === 0 ? acc : acc * activationDerivative(shape.activation, pre[l - 1][i], post[l - 1][i]);
      }
      g = gin;
    }
    return g.length === d ? g : new Float64Array(d);
  });
  const sr = sigmoid(out[1]);
  for (let j = 0; j < d; j++) grads[1][j] *= sr;
  return { mean: out[0], variance: headVariance(out[1]), dMean: grads[0], dVariance: grads[1] };
}
