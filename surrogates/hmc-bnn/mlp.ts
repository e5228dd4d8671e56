/**
 * A fully connected network y = W_L·φ(…φ(W_1·x + b_1)…) + b_L with a flat parameter layout, so a
 * network is one row of a C×P matrix (C chains or C kept samples). Two implementations of the same
 * function: batched TensorFlow.js for the log posterior and its gradient (HMC's hot loop), and float64
 * JS for predictions and input gradients (acquisition optimization needs d f/d x, in float64).
 */
export type Activation = 'tanh' | 'relu' | 'elu';

export interface MlpShape {
  readonly inputDim: number;
  /** Hidden layer widths, e.g. [50, 50]. */
  readonly widths: readonly number[];
  readonly activation: Activation;
}

/** Where layer l's weights (in×out, row-major) and biases start in the flat vector. */
export interface LayerSlot {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly wOffset: number;
  readonly bOffset: number;
}

/** Flat layout of all layers; `size` = number of network parameters P. */
export function layout(shape: MlpShape): { layers: LayerSlot[]; size: number } {
  const dims = [shape.inputDim, ...shape.widths, 1];
  const layers: LayerSlot[] = [];
  let off = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l];
    const fanOut = dims[l + 1];
    layers.push({ fanIn, fanOut, wOffset: off, bOffset: off + fanIn * fanOut });
    off += fanIn * fanOut + fanOut;
  }
  return { layers, size: off };
}

function act(a: Activation, z: number): number {
  // 1 − 2/(e^{2z} + 1) = tanh z, ~3× faster than Math.tanh in V8.
  if (a === 'tanh') return 1 - 2 / (Math.exp(2 * z) + 1);
  if (a === 'relu') return z > 0 ? z : 0;
  return z > 0 ? z : Math.expm1(z);
}

function actDeriv(a: Activation, z: number, h: number): number {
  if (a === 'tanh') return 1 - h * h;
  if (a === 'relu') return z > 0 ? 1 : 0;
  return z > 0 ? 1 : h + 1;
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
    const z = new Float64Array(s.fanOut);
    for (let o = 0; o < s.fanOut; o++) z[o] = theta[offset + s.bOffset + o];
    for (let i = 0; i < s.fanIn; i++) {
      const hi = h[i];
      if (hi === 0) continue;
      const row = offset + s.wOffset + i * s.fanOut;
      for (let o = 0; o < s.fanOut; o++) z[o] += hi * theta[row + o];
    }
    if (l === slots.length - 1) {
      if (dx) backward(shape, slots, theta, offset, pre, post, dx);
      return z[0];
    }
    const a = new Float64Array(s.fanOut);
    for (let o = 0; o < s.fanOut; o++) a[o] = act(shape.activation, z[o]);
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
    for (let o = 0; o < s.fanOut; o++) dz[o] = g[o] * actDeriv(shape.activation, pre[l][o], post[l][o]);
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
