/**
 * A fully connected network y = W_L·φ(…φ(W_1·x + b_1)…) + b_L with a flat parameter layout, so a
 * network is one row of a C×P matrix (C chains or C kept samples). Two implementations of the same
 * function: batched TensorFlow.js for the log posterior and its gradient (HMC's hot loop), and float64
 * JS for predictions and input gradients (acquisition optimization needs d f/d x, in float64).
 */
import { activate, activationDerivative, affineRows, denseSlots, type Activation, type DenseSlot } from '../neural/dense.js';

export type { Activation } from '../neural/dense.js';

export interface MlpShape {
  readonly inputDim: number;
  /** Hidden layer widths, e.g. [50, 50]. */
  readonly widths: readonly number[];
  readonly activation: Activation;
}

/** Where layer l's weights (in×out, row-major) and biases start in the flat vector. */
export type LayerSlot = DenseSlot;

/** Flat layout of all layers; `size` = number of network parameters P. */
export function layout(shape: MlpShape): { layers: LayerSlot[]; size: number } {
  const { slots, size } = denseSlots([shape.inputDim, ...shape.widths, 1]);
  return { layers: slots, size };
}

/**
 * Float64 forward pass of one network (params at `offset` in `theta`) at x, optionally with ∂f/∂x
 * written into dx (reverse mode through the layers).
 */
export function forward(shape: MlpShape, slots: readonly LayerSlot[], theta: Float64Array, offset: number, x: ArrayLike<number>, dx?: Float64Array): number {
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  let h: ArrayLike<number> = x;
  for (let l = 0; l < slots.length; l++) {
    const s = slots[l];
    const z = affineRows(s, theta, offset, h, 1);
    if (l === slots.length - 1) {
      if (dx) backward(shape, slots, theta, offset, pre, post, dx);
      return z[0];
    }
    const a = new Float64Array(s.fanOut);
    for (let o = 0; o < s.fanOut; o++) a[o] = activate(shape.activation, z[o]);
    pre.push(z);
    post.push(a);
    h = a;
  }
  throw new Error('unreachable: an MLP has an output layer');
}

function backward(shape: MlpShape, slots: readonly LayerSlot[], theta: Float64Array, offset: number, pre: Float64Array[], post: Float64Array[], dx: Float64Array): void {
  // g = ∂f/∂(input of layer l), propagated from the output (whose ∂f/∂z = 1).
  const last = slots[slots.length - 1];
  let g = new Float64Array(last.fanIn);
  for (let i = 0; i < last.fanIn; i++) g[i] = theta[offset + last.wOffset + i];
  for (let l = slots.length - 2; l >= 0; l--) {
    const s = slots[l];
    const dz = new Float64Array(s.fanOut);
    for (let o = 0; o < s.fanOut; o++) dz[o] = g[o] * activationDerivative(shape.activation, pre[l][o], post[l][o]);
    const gin = new Float64Array(s.fanIn);
    for (let i = 0; i < s.fanIn; i++) {
      const row = offset + s.wOffset + i * s.fanOut;
      let acc = 0;
      for (let o = 0; o < s.fanOut; o++) acc += theta[row + o] * dz[o];
      gin[i] = acc;
    }
    g = gin;
  }
  dx.set(g);
}

/**
 * Inputs arrive in [0,1]^d; the network sees x' = (x − ½)·2√3, which has mean 0 and variance 1 per
 * coordinate under a uniform design, so unit-scale priors give functions that vary across the box.
 */
export const INPUT_SCALE = 2 * Math.sqrt(3);

/** x' = (x − ½)·INPUT_SCALE for every entry of a row-major matrix's data. */
export function toNetInput(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - 0.5) * INPUT_SCALE;
  return out;
}
