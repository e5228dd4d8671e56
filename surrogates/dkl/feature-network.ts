/**
 * The DKL feature map φ_w: [0,1]^d → R^k as a fully connected network with a FLAT float64
 * parameter vector w, so Adam, warm-start state and finite-difference checks see one array.
 *   h⁰ = x;  h^l = act(h^{l−1} W_l + b_l)  (hidden layers, widths[l]);
 *   φ = h^L W_out + b_out  when featureDim is set (linear feature layer), else φ = h^L
 *   (the paper's choice: the last hidden layer IS the feature vector, seed-specs §1.2);
 * with skipInputs the GP sees [x, φ] (the raw inputs first).
 * Layer l's W_l is fanIn×fanOut row-major at wOffset, b_l (fanOut) at bOffset.
 * Everything here is float64 JS: the batch forward feeds the float64 GP algebra, `pullback` is the
 * float64 reference vector-Jacobian product, `featuresWithJacobian` gives ∂φ/∂x for acquisition gradients.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { activate, activationDerivative, affineRows, denseSlots, type Activation, type DenseSlot } from '../neural/dense.js';

export type { Activation } from '../neural/dense.js';

/** Architecture of the feature network. */
export interface NetworkShape {
  readonly inputDim: number;
  /** Hidden layer widths (at least one). */
  readonly widths: readonly number[];
  readonly activation: Activation;
  /** Size k of a final linear feature layer; undefined: features = last hidden layer. */
  readonly featureDim?: number;
  /** Prepend the raw inputs to the features: φ(x) = [x, g_w(x)] (distance awareness, see dkl-options.ts). */
  readonly skipInputs?: boolean;
}

/** One affine layer in the flat vector; `activated` says whether act() follows it. */
export interface LayerSlot extends DenseSlot {
  readonly activated: boolean;
}

/** Layer slots, parameter count and feature dimension of a shape. */
export interface NetworkLayout {
  readonly layers: readonly LayerSlot[];
  readonly size: number;
  /** Total feature dimension: skip + the network's output width. */
  readonly featureDim: number;
  /** Number of leading feature columns that are the raw inputs (d with skipInputs, else 0). */
  readonly skip: number;
}

/** Flat layout of the network's layers. */
export function networkLayout(shape: NetworkShape): NetworkLayout {
  if (shape.widths.length < 1) throw new RangeError('feature network: need at least one hidden layer');
  const hidden = [shape.inputDim, ...shape.widths];
  const last = hidden[hidden.length - 1];
  // The optional linear feature layer is the only one without an activation.
  const { slots, size } = denseSlots(shape.featureDim === undefined ? hidden : [...hidden, shape.featureDim]);
  const layers = slots.map((s, l) => ({ ...s, activated: l < hidden.length - 1 }));
  const skip = shape.skipInputs ? shape.inputDim : 0;
  return { layers, size, featureDim: skip + (shape.featureDim ?? last), skip };
}

/** PyTorch's default Linear init: every weight and bias ~ U(−1/√fanIn, 1/√fanIn). */
export function initialWeights(layout: NetworkLayout, rng: Rng): Float64Array {
  const w = new Float64Array(layout.size);
  for (const s of layout.layers) {
    const a = 1 / Math.sqrt(s.fanIn);
    for (let i = s.wOffset; i < s.bOffset + s.fanOut; i++) w[i] = a * (2 * rng.uniform() - 1);
  }
  return w;
}

/** Batch forward pass with what the pullback needs: inputs[l] (n×fanIn) and pre-activations[l]. */
export interface ForwardCache {
  readonly n: number;
  readonly inputs: Float64Array[];
  readonly pre: Float64Array[];
  readonly outputs: Float64Array[];
  /** Features F = φ_w(X): n×k. */
  readonly F: Matrix;
}

/** F = φ_w(X) for the rows of X (n×d), keeping activations for `pullback`. */
export function forwardBatch(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, X: Matrix): ForwardCache {
  const n = X.rows;
  if (X.cols !== shape.inputDim) throw new RangeError(`feature network: X has ${X.cols} columns, expected ${shape.inputDim}`);
  const inputs: Float64Array[] = [];
  const pre: Float64Array[] = [];
  const outputs: Float64Array[] = [];
  let H = X.data;
  for (const s of layout.layers) {
    const Z = affineRows(s, w, 0, H, n);
    let A = Z;
    if (s.activated) {
      A = new Float64Array(Z.length);
      for (let t = 0; t < Z.length; t++) A[t] = activate(shape.activation, Z[t]);
    }
    inputs.push(H);
    pre.push(Z);
    outputs.push(A);
    H = A;
  }
  return { n, inputs, pre, outputs, F: { rows: n, cols: layout.featureDim, data: layout.skip > 0 ? concatColumns(X.data, shape.inputDim, H, layout.featureDim - layout.skip, n) : H } };
}

/**
 * Float64 vector-Jacobian product: returns ∂/∂w Σ_ij F_ij G_ij for G (n×k) at the cached forward
 * pass (reverse mode: dZ = dA ⊙ act'(Z), ∂W = Hᵀ dZ, ∂b = 1ᵀ dZ, dH = dZ Wᵀ).
 */
export function pullback(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, cache: ForwardCache, G: Matrix): Float64Array {
  const n = cache.n;
  const grad = new Float64Array(layout.size);
  // The skipped input columns of F do not depend on w: only G's network columns are pulled back.
  let dA = layout.skip > 0 ? dropColumns(G.data, layout.featureDim, layout.skip, cache.n) : G.data;
  for (let l = layout.layers.length - 1; l >= 0; l--) {
    const s = layout.layers[l];
    let dZ = dA;
    if (s.activated) {
      dZ = new Float64Array(dA.length);
      const Z = cache.pre[l];
      const A = cache.outputs[l];
      for (let t = 0; t < dA.length; t++) dZ[t] = dA[t] * activationDerivative(shape.activation, Z[t], A[t]);
    }
    const H = cache.inputs[l];
    for (let r = 0; r < n; r++) {
      const zo = r * s.fanOut;
      for (let o = 0; o < s.fanOut; o++) grad[s.bOffset + o] += dZ[zo + o];
      for (let i = 0; i < s.fanIn; i++) {
        const h = H[r * s.fanIn + i];
        if (h === 0) continue;
        const wo = s.wOffset + i * s.fanOut;
        for (let o = 0; o < s.fanOut; o++) grad[wo + o] += h * dZ[zo + o];
      }
    }
    if (l === 0) break;
    const dH = new Float64Array(n * s.fanIn);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < s.fanIn; i++) {
        const wo = s.wOffset + i * s.fanOut;
        let acc = 0;
        for (let o = 0; o < s.fanOut; o++) acc += w[wo + o] * dZ[r * s.fanOut + o];
        dH[r * s.fanIn + i] = acc;
      }
    }
    dA = dH;
  }
  return grad;
}

/**
 * φ_w(x) (length k) and its input Jacobian J = ∂φ/∂x (k×d, row-major) at one point, by forward
 * mode: J_z = W_lᵀ J_h, J_h ← act'(z) ⊙ J_z (row-wise), starting from J = I_d.
 */
export function featuresWithJacobian(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, x: ArrayLike<number>): { phi: Float64Array; J: Matrix } {
  const d = shape.inputDim;
  let h = Float64Array.from({ length: d }, (_, i) => x[i]);
  let J = new Float64Array(d * d);
  for (let i = 0; i < d; i++) J[i * d + i] = 1;
  for (const s of layout.layers) {
    const z = new Float64Array(s.fanOut);
    const Jz = new Float64Array(s.fanOut * d);
    for (let o = 0; o < s.fanOut; o++) z[o] = w[s.bOffset + o];
    for (let i = 0; i < s.fanIn; i++) {
      const wo = s.wOffset + i * s.fanOut;
      const hi = h[i];
      for (let o = 0; o < s.fanOut; o++) {
        const wio = w[wo + o];
        z[o] += hi * wio;
        if (wio === 0) continue;
        for (let c = 0; c < d; c++) Jz[o * d + c] += wio * J[i * d + c];
      }
    }
    if (s.activated) {
      for (let o = 0; o < s.fanOut; o++) {
        const a = activate(shape.activation, z[o]);
        const g = activationDerivative(shape.activation, z[o], a);
        z[o] = a;
        for (let c = 0; c < d; c++) Jz[o * d + c] *= g;
      }
    }
    h = z;
    J = Jz;
  }
  if (layout.skip === 0) return { phi: h, J: { rows: layout.featureDim, cols: d, data: J } };
  // φ = [x, g(x)]: J = [I_d; J_g].
  const phi = new Float64Array(layout.featureDim);
  const Jf = new Float64Array(layout.featureDim * d);
  for (let i = 0; i < d; i++) {
    phi[i] = x[i];
    Jf[i * d + i] = 1;
  }
  phi.set(h, d);
  Jf.set(J, d * d);
  return { phi, J: { rows: layout.featureDim, cols: d, data: Jf } };
}

/** Row-wise [A | B] for A (n×a) and B (n×b). */
function concatColumns(A: Float64Array, a: number, B: Float64Array, b: number, n: number): Float64Array {
  const out = new Float64Array(n * (a + b));
  for (let r = 0; r < n; r++) {
    out.set(A.subarray(r * a, (r + 1) * a), r * (a + b));
    out.set(B.subarray(r * b, (r + 1) * b), r * (a + b) + a);
  }
  return out;
}

/** The columns skip..cols−1 of a row-major n×cols array. */
export function dropColumns(G: Float64Array, cols: number, skip: number, n: number): Float64Array {
  const b = cols - skip;
  const out = new Float64Array(n * b);
  for (let r = 0; r < n; r++) out.set(G.subarray(r * cols + skip, (r + 1) * cols), r * b);
  return out;
}
