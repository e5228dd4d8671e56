/**
 * COCO's instance generator for the bbob suite (the "bbob2009 legacy" random numbers), so that
 * x_opt, f_opt and the rotations of an instance are COCO's own and COCO's published values can be
 * checked. Definitions: Hansen et al., "Real-parameter black-box optimization benchmarking 2009:
 * noiseless functions definitions" (INRIA RR-6829), and COCO's C implementation
 * (code-experiments/src/suite_bbob_legacy_code.c), re-derived here from the algorithm:
 * a Park-Miller minimal-standard LCG (16807, Schrage's method) feeding a 32-slot Bays-Durham
 * shuffle table; Gaussians by Box-Muller from 2N uniforms; rotations by Gram-Schmidt on a
 * column-major N×N Gaussian matrix.
 */

const MODULUS = 2147483647;

/** One Park-Miller step by Schrage's method (no overflow in 32-bit signed arithmetic). */
function lcgStep(seed: number): number {
  const hi = Math.floor(seed / 127773);
  const next = 16807 * (seed - hi * 127773) - 2836 * hi;
  return next < 0 ? next + MODULUS : next;
}

/** N uniforms in (0, 1) from `seed` (COCO's bbob2009_unif; a 0 is replaced by 1e-99 as there). */
export function legacyUniform(n: number, seed: number): Float64Array {
  let s = Math.max(1, Math.abs(Math.trunc(seed)));
  const table = new Array<number>(32).fill(0);
  // 8 warm-up steps, then the shuffle table filled from slot 31 down to 0.
  for (let i = 39; i >= 0; i--) {
    s = lcgStep(s);
    if (i < 32) table[i] = s;
  }
  let current = table[0];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = lcgStep(s);
    const slot = Math.floor(current / 67108865);
    current = table[slot];
    table[slot] = s;
    out[i] = current / 2.147483647e9;
    if (out[i] === 0) out[i] = 1e-99;
  }
  return out;
}

/** N standard normals from `seed` (Box-Muller over legacyUniform(2N): u_i radius, u_{N+i} angle). */
export function legacyGauss(n: number, seed: number): Float64Array {
  const u = legacyUniform(2 * n, seed);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = Math.sqrt(-2 * Math.log(u[i])) * Math.cos(2 * Math.PI * u[n + i]);
    if (g[i] === 0) g[i] = 1e-99;
  }
  return g;
}

/** A d×d orthogonal matrix (rows of a row-major array): Gram-Schmidt over the columns of a Gaussian matrix filled column by column. */
export function legacyRotation(d: number, seed: number): Float64Array[] {
  const g = legacyGauss(d * d, seed);
  const B = Array.from({ length: d }, (_, i) => Float64Array.from({ length: d }, (_, j) => g[j * d + i]));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      let prod = 0;
      for (let k = 0; k < d; k++) prod += B[k][i] * B[k][j];
      for (let k = 0; k < d; k++) B[k][i] -= prod * B[k][j];
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += B[k][i] * B[k][i];
    norm = Math.sqrt(norm);
    for (let k = 0; k < d; k++) B[k][i] /= norm;
  }
  return B;
}

/** The optimum's location: uniforms rounded to 4 decimals on [-4, 4] (an exact 0 becomes -1e-5). */
export function legacyXopt(d: number, seed: number): Float64Array {
  const u = legacyUniform(d, seed);
  for (let i = 0; i < d; i++) {
    u[i] = (8 * Math.floor(1e4 * u[i])) / 1e4 - 4;
    if (u[i] === 0) u[i] = -1e-5;
  }
  return u;
}

/**
 * The optimal value of function `fid` in instance `instance`: a ratio of two Gaussians, rounded
 * to 2 decimals and clipped to [-1000, 1000]. f4 shares f3's seed and f18 shares f17's.
 */
export function legacyFopt(fid: number, instance: number): number {
  const base = fid === 4 ? 3 : fid === 18 ? 17 : fid;
  const seed = base + 10000 * instance;
  const num = legacyGauss(1, seed)[0];
  const den = legacyGauss(1, seed + 1)[0];
  return Math.min(1000, Math.max(-1000, Math.floor((100 * 100 * num) / den + 0.5) / 100));
}
