/**
 * Compact JSON for the HMC-BNN warm-start state: Float64Array ↔ base64 of its bytes (exact, ~1.37
 * bytes per byte), Float32 for quantities that only need to be close (the mass matrix).
 */

/** Base64 of the float64 bytes (little-endian, as every supported platform stores them). */
export function encodeF64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Inverse of encodeF64; null when the text is not a whole number of float64s. */
export function decodeF64(s: unknown): Float64Array | null {
  if (typeof s !== 'string') return null;
  const b = Buffer.from(s, 'base64');
  if (b.length % 8 !== 0) return null;
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Base64 of the values rounded to float32. */
export function encodeF32(a: Float64Array): string {
  const f = Float32Array.from(a);
  return Buffer.from(f.buffer).toString('base64');
}

/** Inverse of encodeF32 (as float64); null when malformed. */
export function decodeF32(s: unknown): Float64Array | null {
  if (typeof s !== 'string') return null;
  const b = Buffer.from(s, 'base64');
  if (b.length % 4 !== 0) return null;
  const f = new Float32Array(b.length / 4);
  new Uint8Array(f.buffer).set(b);
  return Float64Array.from(f);
}
