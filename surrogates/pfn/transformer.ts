/**
 * PFN forward pass in TensorFlow.js (surrogates/pfn/FORMAT.md "Model"; seed-specs §2.1):
 *   context token = Enc_x(z(x)) + Enc_y(yn), query token = Enc_x(z(x)); no positional encoding;
 *   nLayers post-LN encoder layers h = LN1(h + MHA(h)); h = LN2(h + W2·gelu(W1·h + b1) + b2),
 *   where EVERY token attends to the context tokens only (keys/values = context rows);
 *   decoder Linear → gelu → Linear gives nBuckets logits per query. gelu is exact (erf).
 * Because context tokens never see queries, the context's per-layer keys/values are computed once
 * (encodeContext) and any number of queries is scored against them in independent chunks
 * (queryLogits). Shapes: X n×d with rows in [0,1]^d (d ≤ maxDim), y length n (raw: normalized here).
 */
import type { Matrix } from '../../core/matrix.js';
import { tf } from '../neural/backend.js';
import type { PfnArchitecture, PfnWeights } from './manifest.js';

type T2 = ReturnType<typeof tf.tensor2d>;
type T1 = ReturnType<typeof tf.tensor1d>;
type T3 = ReturnType<typeof tf.tensor3d>;

interface Linear {
  /** Wᵀ: [in, out] so y = x·Wᵀ + b. */
  readonly wt: T2;
  readonly b: T1;
}

interface Layer {
  readonly q: Linear;
  readonly k: Linear;
  readonly v: Linear;
  readonly out: Linear;
  readonly ff1: Linear;
  readonly ff2: Linear;
  readonly ln1: { g: T1; b: T1 };
  readonly ln2: { g: T1; b: T1 };
}

/** The context after encoding: per-layer keys and values (H×n×dh, float32) and the y normalization. */
export interface PfnContext {
  readonly n: number;
  readonly d: number;
  readonly keys: readonly Float32Array[];
  readonly values: readonly Float32Array[];
  readonly yMean: number;
  readonly yStd: number;
}

/** Queries scored per chunk (bounds the H×m×n attention tensor). */
export const QUERY_CHUNK = 4096;

/** How targets reach the net (manifest inputEncoding.yMode). */
export type PfnYMode = 'identity' | 'context-standardized';

/**
 * y encoding of the contract. 'identity': yn = y (the caller puts y on the prior's scale; the
 * policy's Yeo-Johnson + standardization does). 'context-standardized': yn = (y − mean)/std with
 * population std (ddof 0), std := max(std, 1e-3); std := 1 when n = 1.
 */
export function normalizeY(y: ArrayLike<number>, mode: PfnYMode = 'context-standardized'): { mean: number; std: number } {
  if (mode === 'identity') return { mean: 0, std: 1 };
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  if (n === 1) return { mean, std: 1 };
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i] - mean) ** 2 / n;
  return { mean, std: Math.max(Math.sqrt(v), 1e-3) };
}

/** x encoding: z_j = (x_j − 0.5)·√12·√(maxDim/d) for j < d, 0 for j ≥ d (n×maxDim, float32). */
export function encodeX(X: Matrix, maxDim: number): Float32Array {
  const { rows, cols: d } = X;
  const out = new Float32Array(rows * maxDim);
  const c = Math.sqrt(12) * Math.sqrt(maxDim / d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) out[i * maxDim + j] = (X.data[i * d + j] - 0.5) * c;
  return out;
}

/** A loaded PFN: weights as tf tensors (kept for the process) and the two forward halves. */
export class PfnTransformer {
  readonly arch: PfnArchitecture;
  readonly yMode: PfnYMode;
  private readonly encX: Linear;
  private readonly encY: Linear;
  private readonly layers: Layer[];
  private readonly dec0: Linear;
  private readonly dec2: Linear;
  private readonly heads: number;
  private readonly dh: number;
  /**
   * The last encoded context's keys/values, kept on the device so repeated query batches against it
   * (the acquisition optimizer's many posterior calls) upload nothing but the queries. One slot per
   * model: a query against an older context re-uploads that context's host copy instead (same
   * numbers), and encoding a new context frees the previous device copy, so memory stays bounded.
   */
  private resident: { ctx: PfnContext; keys: T3[]; values: T3[] } | null = null;

  constructor(weights: PfnWeights) {
    const a = weights.manifest.architecture;
    this.arch = a;
    this.yMode = weights.manifest.inputEncoding?.yMode ?? 'context-standardized';
    this.heads = a.nHeads;
    this.dh = a.dModel / a.nHeads;
    const get = (name: string): Float32Array => {
      const t = weights.tensors.get(name);
      if (!t) throw new Error(`PFN: tensor ${name} missing after validation`);
      return t;
    };
    const D = a.dModel;
    // torch Linear weight [out, in] → keep Wᵀ [in, out].
    const lin = (w: Float32Array, b: Float32Array, out: number, inp: number): Linear =>
      tf.tidy(() => ({ wt: tf.keep(tf.tensor2d(w, [out, inp]).transpose() as T2), b: tf.keep(tf.tensor1d(b)) }));
    const vec = (name: string): T1 => tf.tensor1d(get(name));
    this.encX = lin(get('encoder_x.weight'), get('encoder_x.bias'), D, a.maxDim);
    this.encY = lin(get('encoder_y.weight'), get('encoder_y.bias'), D, 1);
    this.layers = [];
    for (let i = 0; i < a.nLayers; i++) {
      const p = `layers.${i}.`;
      const w = get(`${p}self_attn.in_proj_weight`);
      const b = get(`${p}self_attn.in_proj_bias`);
      const part = (k: number): Linear => lin(w.subarray(k * D * D, (k + 1) * D * D), b.subarray(k * D, (k + 1) * D), D, D);
      this.layers.push({
        q: part(0),
        k: part(1),
        v: part(2),
        out: lin(get(`${p}self_attn.out_proj.weight`), get(`${p}self_attn.out_proj.bias`), D, D),
        ff1: lin(get(`${p}linear1.weight`), get(`${p}linear1.bias`), a.ffDim, D),
        ff2: lin(get(`${p}linear2.weight`), get(`${p}linear2.bias`), D, a.ffDim),
        ln1: { g: vec(`${p}norm1.weight`), b: vec(`${p}norm1.bias`) },
        ln2: { g: vec(`${p}norm2.weight`), b: vec(`${p}norm2.bias`) },
      });
    }
    this.dec0 = lin(get('decoder.0.weight'), get('decoder.0.bias'), a.decoderHidden, D);
    this.dec2 = lin(get('decoder.2.weight'), get('decoder.2.bias'), a.nBuckets, a.decoderHidden);
  }

  private static apply(l: Linear, x: T2): T2 {
    return tf.add(tf.matMul(x, l.wt), l.b) as T2;
  }

  private static gelu(x: T2): T2 {
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) as T2;
  }

  private layerNorm(x: T2, p: { g: T1; b: T1 }): T2 {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.arch.layerNormEps))), p.g), p.b) as T2;
  }

  /** [rows, D] → [H, rows, dh]. */
  private split(x: T2): ReturnType<typeof tf.tensor3d> {
    const rows = x.shape[0];
    return tf.transpose(tf.reshape(x, [rows, this.heads, this.dh]), [1, 0, 2]);
  }

  /** One encoder layer for tokens h (rows×D) against context keys/values K, V (H×n×dh). */
  private layer(L: Layer, h: T2, K: ReturnType<typeof tf.tensor3d>, V: ReturnType<typeof tf.tensor3d>): T2 {
    const rows = h.shape[0];
    const q = this.split(PfnTransformer.apply(L.q, h));
    const att = tf.softmax(tf.mul(tf.matMul(q, K, false, true), 1 / Math.sqrt(this.dh)));
    const o = tf.reshape(tf.transpose(tf.matMul(att, V), [1, 0, 2]), [rows, this.arch.dModel]) as T2;
    const h1 = this.layerNorm(tf.add(h, PfnTransformer.apply(L.out, o)) as T2, L.ln1);
    const ff = PfnTransformer.apply(L.ff2, PfnTransformer.gelu(PfnTransformer.apply(L.ff1, h1)));
    return this.layerNorm(tf.add(h1, ff) as T2, L.ln2);
  }

  /** Run the context through every layer; keep each layer's keys and values (the only thing queries need). */
  encodeContext(X: Matrix, y: ArrayLike<number>): PfnContext {
    const n = X.rows;
    if (n < 1 || y.length !== n) throw new RangeError(`PFN context: need n ≥ 1 rows and n targets, got ${n} rows and ${y.length} targets`);
    const { mean, std } = normalizeY(y, this.yMode);
    const yn = Float32Array.from({ length: n }, (_, i) => (y[i] - mean) / std);
    const zx = encodeX(X, this.arch.maxDim);
    const keys: Float32Array[] = [];
    const values: Float32Array[] = [];
    const onDevice = { keys: [] as T3[], values: [] as T3[] };
    tf.tidy(() => {
      let h = tf.add(PfnTransformer.apply(this.encX, tf.tensor2d(zx, [n, this.arch.maxDim])), PfnTransformer.apply(this.encY, tf.tensor2d(yn, [n, 1]))) as T2;
      for (const L of this.layers) {
        const K = this.split(PfnTransformer.apply(L.k, h));
        const V = this.split(PfnTransformer.apply(L.v, h));
        onDevice.keys.push(tf.keep(K));
        onDevice.values.push(tf.keep(V));
        h = this.layer(L, h, K, V);
      }
    });
    // Host copies make the context a plain value (state, other models' queries); read once per fit.
    for (let i = 0; i < this.layers.length; i++) {
      keys.push(onDevice.keys[i].dataSync() as Float32Array);
      values.push(onDevice.values[i].dataSync() as Float32Array);
    }
    const ctx: PfnContext = { n, d: X.cols, keys, values, yMean: mean, yStd: std };
    this.releaseResident();
    this.resident = { ctx, ...onDevice };
    return ctx;
  }

  /** Frees the device copy of the last context (the host copies in every PfnContext stay valid). */
  releaseResident(): void {
    if (!this.resident) return;
    for (const t of [...this.resident.keys, ...this.resident.values]) t.dispose();
    this.resident = null;
  }

  /** Layer i's keys and values on the device: the resident copy, or an upload inside the caller's tidy. */
  private contextTensors(ctx: PfnContext, i: number): [T3, T3] {
    const r = this.resident;
    if (r && r.ctx === ctx) return [r.keys[i], r.values[i]];
    const shape: [number, number, number] = [this.heads, ctx.n, this.dh];
    return [tf.tensor3d(ctx.keys[i], shape), tf.tensor3d(ctx.values[i], shape)];
  }

  /** Logits of one chunk of query rows (a tensor the caller reads back and disposes). */
  private chunkLogits(ctx: PfnContext, part: Matrix): T2 {
    const zq = encodeX(part, this.arch.maxDim);
    return tf.tidy(() => {
      let h = PfnTransformer.apply(this.encX, tf.tensor2d(zq, [part.rows, this.arch.maxDim]));
      this.layers.forEach((L, i) => {
        const [K, V] = this.contextTensors(ctx, i);
        h = this.layer(L, h, K, V);
      });
      return PfnTransformer.apply(this.dec2, PfnTransformer.gelu(PfnTransformer.apply(this.dec0, h)));
    });
  }

  private static chunks(Q: Matrix): Matrix[] {
    const parts: Matrix[] = [];
    for (let s = 0; s < Q.rows; s += QUERY_CHUNK) {
      const e = Math.min(Q.rows, s + QUERY_CHUNK);
      parts.push({ rows: e - s, cols: Q.cols, data: Q.data.subarray(s * Q.cols, e * Q.cols) });
    }
    return parts;
  }

  /** Logits (m×nBuckets, row-major float32) of the query rows Q (m×d) given an encoded context. */
  queryLogits(ctx: PfnContext, Q: Matrix): Float32Array {
    const B = this.arch.nBuckets;
    const out = new Float32Array(Q.rows * B);
    PfnTransformer.chunks(Q).forEach((part, k) => {
      const logits = this.chunkLogits(ctx, part);
      out.set(logits.dataSync() as Float32Array, k * QUERY_CHUNK * B);
      logits.dispose();
    });
    return out;
  }

  /** queryLogits with asynchronous read-backs (tfjs's WebGPU backend in Node reads back no other way). */
  async queryLogitsAsync(ctx: PfnContext, Q: Matrix): Promise<Float32Array> {
    const B = this.arch.nBuckets;
    const out = new Float32Array(Q.rows * B);
    const parts = PfnTransformer.chunks(Q);
    for (let k = 0; k < parts.length; k++) {
      const logits = this.chunkLogits(ctx, parts[k]);
      out.set((await logits.data()) as Float32Array, k * QUERY_CHUNK * B);
      logits.dispose();
    }
    return out;
  }

  /** Makes an already encoded context (host copies) the device-resident one, e.g. in another thread. */
  adoptContext(ctx: PfnContext): void {
    if (this.resident?.ctx === ctx) return;
    const shape: [number, number, number] = [this.heads, ctx.n, this.dh];
    const keys = ctx.keys.map((k) => tf.tensor3d(k, shape));
    const values = ctx.values.map((v) => tf.tensor3d(v, shape));
    this.releaseResident();
    this.resident = { ctx, keys, values };
  }
}

const models = new WeakMap<PfnWeights, PfnTransformer>();

/** The transformer of a weights object, built once (its tf tensors live as long as the weights). */
export function transformerFor(weights: PfnWeights): PfnTransformer {
  let t = models.get(weights);
  if (!t) {
    t = new PfnTransformer(weights);
    models.set(weights, t);
  }
  return t;
}
