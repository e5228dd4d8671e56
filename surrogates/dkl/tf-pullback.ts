/**
 * The DKL training gradient's network half on TensorFlow.js: given G = ∂objective/∂F (n×k, computed
 * in float64 by the GP algebra), returns ∂/∂w Σ_ij φ_w(X)_ij G_ij — a vector-Jacobian product by
 * reverse-mode autodiff (tf.grads). Only the network runs in float32 here; the GP's Cholesky never
 * leaves float64 (core/linalg), so no float32 factorization is ever attempted.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Matrix } from '../../core/matrix.js';
import { tf } from '../neural/backend.js';
import { dropColumns, type NetworkLayout, type NetworkShape } from './feature-network.js';

/** A reusable float32 copy of the training inputs for one fit (dispose() when the fit ends). */
export interface TfInputs {
  readonly X: Tensor2D;
  dispose(): void;
}

/** Uploads X (n×d) once per fit. */
export function tfInputs(X: Matrix): TfInputs {
  const t = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
  return { X: t, dispose: () => t.dispose() };
}

function activate(shape: NetworkShape, z: Tensor): Tensor {
  if (shape.activation === 'tanh') return tf.tanh(z);
  if (shape.activation === 'relu') return tf.relu(z);
  return tf.elu(z);
}

/** The pullback's gradients packed in layout order, as one tensor (the caller reads it back and disposes it). */
function packedPullback(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, inputs: TfInputs, G: Matrix): Tensor {
  // The grads come back packed in layout order (W₀, b₀, W₁, …: exactly the flat layout), so one
  // read-back per training step serves them all: on a GPU each read-back is a round trip.
  return tf.tidy(() => {
    const params: Tensor[] = [];
    for (const s of layout.layers) {
      params.push(tf.tensor2d(Float32Array.from(w.subarray(s.wOffset, s.bOffset)), [s.fanIn, s.fanOut]));
      params.push(tf.tensor1d(Float32Array.from(w.subarray(s.bOffset, s.bOffset + s.fanOut))));
    }
    // Only the network's columns of G (the skipped raw-input columns do not depend on w).
    const Gnet = layout.skip > 0 ? dropColumns(G.data, G.cols, layout.skip, G.rows) : G.data;
    const Gt = tf.tensor2d(Float32Array.from(Gnet), [G.rows, G.cols - layout.skip]);
    const f = (...ps: Tensor[]): Tensor => {
      let H: Tensor = inputs.X;
      layout.layers.forEach((s, l) => {
        const Z = tf.add(tf.matMul(H as Tensor2D, ps[2 * l] as Tensor2D), ps[2 * l + 1]);
        H = s.activated ? activate(shape, Z) : Z;
      });
      return tf.sum(tf.mul(H, Gt));
    };
    return tf.concat(tf.grads(f)(params).map((g) => tf.reshape(g, [-1])));
  });
}

/** ∂/∂w sum(φ_w(X) ⊙ G) via tf.grads over the per-layer W and b tensors; float64 out (layout order). */
export function tfPullback(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, inputs: TfInputs, G: Matrix): Float64Array {
  const packed = packedPullback(shape, layout, w, inputs, G);
  const out = Float64Array.from(packed.dataSync());
  packed.dispose();
  return out;
}

/** tfPullback with an asynchronous read-back (the WebGPU device thread's only way). */
export async function tfPullbackAsync(shape: NetworkShape, layout: NetworkLayout, w: Float64Array, inputs: TfInputs, G: Matrix): Promise<Float64Array> {
  const packed = packedPullback(shape, layout, w, inputs, G);
  const out = Float64Array.from(await packed.data());
  packed.dispose();
  return out;
}
