/**
 * The PFN weights contract (surrogates/pfn/FORMAT.md, "bo-pfn/1"): manifest.json validated with zod,
 * weights.bin checked against it (byte length, sha256, every expected tensor present with the
 * right shape, offsets = running sum in manifest order, no padding) and cut into Float32Arrays.
 * Pure: callers pass the parsed JSON and the bytes (weights-file.ts reads them).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BoError } from '../../core/errors.js';

const PosInt = z.number().int().positive();

/** manifest.json schema (unknown extra keys are kept: prior/training are descriptive). */
export const PfnManifestSchema = z.looseObject({
  format: z.literal('bo-pfn/1'),
  architecture: z.looseObject({
    maxDim: PosInt,
    dModel: PosInt,
    nHeads: PosInt,
    nLayers: PosInt,
    ffDim: PosInt,
    decoderHidden: PosInt,
    nBuckets: z.number().int().min(3),
    activation: z.literal('gelu-erf'),
    norm: z.literal('post'),
    layerNormEps: z.number().positive(),
  }),
  tensors: z.array(z.object({ name: z.string().min(1), shape: z.array(PosInt), offset: z.number().int().nonnegative() })).min(1),
  weightsBytes: PosInt,
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/i),
  borders: z.array(z.number()).min(4),
  /** yMode: how targets reach the net (tools/pfn/prior.py normalize_y); absent = the first format's 'context-standardized'. */
  inputEncoding: z.looseObject({ yMode: z.enum(['identity', 'context-standardized']).optional() }).optional(),
  prior: z.record(z.string(), z.unknown()).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
});

/** A validated manifest. */
export type PfnManifest = z.infer<typeof PfnManifestSchema>;
export type PfnArchitecture = PfnManifest['architecture'];

/** Validated weights: the manifest and one Float32Array per tensor name (views into one buffer). */
export interface PfnWeights {
  readonly manifest: PfnManifest;
  readonly tensors: ReadonlyMap<string, Float32Array>;
  readonly sha256: string;
  /** Where they came from (for diagnostics). */
  readonly source: string;
}

/** Every tensor the forward pass loads, with its torch shape (surrogates/pfn/FORMAT.md "Model"). */
export function expectedTensors(a: PfnArchitecture): { name: string; shape: number[] }[] {
  const D = a.dModel;
  const out = [
    { name: 'encoder_x.weight', shape: [D, a.maxDim] },
    { name: 'encoder_x.bias', shape: [D] },
    { name: 'encoder_y.weight', shape: [D, 1] },
    { name: 'encoder_y.bias', shape: [D] },
  ];
  for (let i = 0; i < a.nLayers; i++) {
    const p = `layers.${i}.`;
    out.push(
      { name: `${p}self_attn.in_proj_weight`, shape: [3 * D, D] },
      { name: `${p}self_attn.in_proj_bias`, shape: [3 * D] },
      { name: `${p}self_attn.out_proj.weight`, shape: [D, D] },
      { name: `${p}self_attn.out_proj.bias`, shape: [D] },
      { name: `${p}linear1.weight`, shape: [a.ffDim, D] },
      { name: `${p}linear1.bias`, shape: [a.ffDim] },
      { name: `${p}linear2.weight`, shape: [D, a.ffDim] },
      { name: `${p}linear2.bias`, shape: [D] },
      { name: `${p}norm1.weight`, shape: [D] },
      { name: `${p}norm1.bias`, shape: [D] },
      { name: `${p}norm2.weight`, shape: [D] },
      { name: `${p}norm2.bias`, shape: [D] },
    );
  }
  out.push(
    { name: 'decoder.0.weight', shape: [a.decoderHidden, D] },
    { name: 'decoder.0.bias', shape: [a.decoderHidden] },
    { name: 'decoder.2.weight', shape: [a.nBuckets, a.decoderHidden] },
    { name: 'decoder.2.bias', shape: [a.nBuckets] },
  );
  return out;
}

const bad = (file: string, what: string): BoError => new BoError('FAILED_PRECONDITION', `PFN weights: ${file}: ${what}`);

/** Validate parsed manifest.json; `file` names it in errors. Checks schema, heads | dModel, borders. */
export function parseManifest(raw: unknown, file: string): PfnManifest {
  const r = PfnManifestSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw bad(file, `invalid manifest (${issues.join('; ')})`);
  }
  const m = r.data;
  const a = m.architecture;
  if (a.dModel % a.nHeads !== 0) throw bad(file, `dModel ${a.dModel} is not divisible by nHeads ${a.nHeads}`);
  if (m.borders.length !== a.nBuckets + 1) throw bad(file, `borders has ${m.borders.length} entries, expected nBuckets + 1 = ${a.nBuckets + 1}`);
  for (let k = 1; k < m.borders.length; k++) {
    if (!(m.borders[k] > m.borders[k - 1])) throw bad(file, `borders must increase strictly (index ${k}: ${m.borders[k - 1]} then ${m.borders[k]})`);
  }
  if (m.weightsBytes % 4 !== 0) throw bad(file, `weightsBytes ${m.weightsBytes} is not a multiple of 4 (float32)`);
  return m;
}

/** sha256 of bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Check weights.bin against the manifest and cut it into named tensors. `file` names weights.bin
 * in errors. Little-endian float32 is assumed (the contract); big-endian hosts are refused.
 */
export function unpackWeights(manifest: PfnManifest, bytes: Uint8Array, file: string, source = file): PfnWeights {
  if (bytes.byteLength !== manifest.weightsBytes) {
    throw bad(file, `size mismatch: ${bytes.byteLength} bytes on disk, manifest says weightsBytes = ${manifest.weightsBytes}`);
  }
  const sha = sha256Hex(bytes);
  if (sha !== manifest.weightsSha256.toLowerCase()) {
    throw bad(file, `sha256 mismatch: file ${sha}, manifest weightsSha256 ${manifest.weightsSha256}`);
  }
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw bad(file, 'big-endian hosts are not supported (weights are little-endian float32)');
  // Copy into an aligned buffer (a Node Buffer may sit at an odd offset of its pool).
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes);
  const byName = new Map(manifest.tensors.map((t) => [t.name, t]));
  let running = 0;
  for (const t of manifest.tensors) {
    if (t.offset !== running) throw bad(file, `tensor '${t.name}' has offset ${t.offset}, expected ${running} (tensors are concatenated in manifest order without padding)`);
    running += t.shape.reduce((a, b) => a * b, 1);
  }
  if (running !== all.length) throw bad(file, `tensors cover ${running} float32 values but the file holds ${all.length}`);
  const tensors = new Map<string, Float32Array>();
  for (const e of expectedTensors(manifest.architecture)) {
    const t = byName.get(e.name);
    if (!t) throw bad(file, `missing tensor '${e.name}' (shape [${e.shape}]) in the manifest`);
    if (t.shape.length !== e.shape.length || t.shape.some((s, i) => s !== e.shape[i])) {
      throw bad(file, `tensor '${e.name}' has shape [${t.shape}], the architecture needs [${e.shape}]`);
    }
    const size = e.shape.reduce((a, b) => a * b, 1);
    tensors.set(e.name, all.subarray(t.offset, t.offset + size));
  }
  return { manifest, tensors, sha256: sha, source };
}
