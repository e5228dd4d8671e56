/**
 * Sobol' sequences with optional LMS + digital-shift scrambling, bit-compatible with
 * scipy.stats.qmc.Sobol(d, bits=30): unscrambled points equal scipy's exactly.
 *
 * Construction (Bratley & Fox 1988; Joe & Kuo 2008): for dimension j, direction numbers
 * v_{j,1..30} follow from the primitive polynomial and initial m_k by the recurrence
 * m_k = 2a_1 m_{k-1} ⊕ 4a_2 m_{k-2} ⊕ … ⊕ 2^s m_{k-s} ⊕ m_{k-s}; point i is the XOR of the
 * v_{j,b} over the set bits b of the Gray code of i, scaled by 2^-30 (Antonov & Saleev 1979).
 * Scrambling (Matoušek 1998; Owen 2003, as scipy's _cscramble): each v_{j,b} is multiplied by a
 * random lower-triangular unit-diagonal bit matrix (over GF(2), MSB first) and every point is
 * XORed with a random 30-bit shift. LMS+shift keeps the (t,m,s)-net structure, so each 1-D
 * marginal of 2^k points stays stratified.
 */
import { BoError } from './errors.js';
import type { Matrix } from './matrix.js';
import type { Rng } from './rng.js';
import { SOBOL_DIRECTIONS, SOBOL_MAX_DIM } from './sobol-directions.js';

/** Bits per coordinate (scipy's default): at most 2^30 distinct points. */
export const SOBOL_BITS = 30;
/** Largest dimension supported (the exported Joe-Kuo table). */
export const SOBOL_DIM_LIMIT = SOBOL_MAX_DIM;
/** Largest number of points: 2^30. */
export const SOBOL_MAX_POINTS = 2 ** SOBOL_BITS;

const BITS = SOBOL_BITS;
const SCALE = 1 / 2 ** BITS;

/** Direction numbers for all dimensions, dims×BITS, parsed on first use. */
let table: Uint32Array | null = null;

function directions(): Uint32Array {
  if (table) return table;
  const entries = SOBOL_DIRECTIONS.split(';');
  if (entries.length !== SOBOL_MAX_DIM) throw new BoError('INTERNAL', `sobol: ${entries.length} direction entries, expected ${SOBOL_MAX_DIM}`);
  const v = new Uint32Array(SOBOL_MAX_DIM * BITS);
  for (let d = 0; d < SOBOL_MAX_DIM; d++) {
    const row = v.subarray(d * BITS, (d + 1) * BITS);
    if (d === 0) {
      row.fill(1); // the first dimension is the van der Corput sequence
    } else {
      const [polyText, initText] = entries[d].split(':');
      const poly = Number(polyText);
      const deg = 31 - Math.clz32(poly);
      const init = initText.split(',').map(Number);
      for (let k = 0; k < deg; k++) row[k] = init[k];
      for (let j = deg; j < BITS; j++) {
        let next = row[j - deg];
        let pow2 = 1;
        for (let k = 0; k < deg; k++) {
          pow2 *= 2;
          if ((poly >>> (deg - 1 - k)) & 1) next ^= pow2 * row[j - k - 1];
        }
        row[j] = next;
      }
    }
    // v_{j,b} = m_b · 2^(BITS-1-b): left-align the b-th direction number.
    for (let b = 0; b < BITS; b++) row[b] = row[b] * 2 ** (BITS - 1 - b);
  }
  table = v;
  return v;
}

/** Parity of the set bits of a 32-bit integer. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Random BITS-bit integer from a uniform draw (53 random bits, so no bias for BITS ≤ 30). */
function randomBits(rng: Rng, count: number): number {
  return count === 0 ? 0 : Math.floor(rng.uniform() * 2 ** count);
}

/**
 * Left linear matrix scramble of one dimension's direction numbers, in place.
 * Output bit with MSB-index p = parity(L_p · v) where row L_p has random bits at MSB-indices < p
 * and 1 at p (scipy's _cscramble with its np.tril(random) + unit diagonal).
 */
function scrambleDimension(sv: Uint32Array, rng: Rng): void {
  const rows = new Uint32Array(BITS);
  for (let p = 0; p < BITS; p++) {
    // MSB-index i is bit position BITS-1-i; indices i < p are the top p bits.
    const low = randomBits(rng, p);
    rows[p] = ((low * 2 ** (BITS - p)) + 2 ** (BITS - 1 - p)) >>> 0;
  }
  for (let b = 0; b < BITS; b++) {
    const v = sv[b];
    let out = 0;
    for (let p = 0; p < BITS; p++) if (parity(rows[p] & v)) out |= 1 << (BITS - 1 - p);
    sv[b] = out >>> 0;
  }
}

/** Scrambled (or plain) direction numbers and digital shift of one d-dimensional sequence. */
interface Generator {
  readonly sv: Uint32Array;
  readonly shift: Uint32Array;
}

/** Draws the scrambling exactly as sobol() does: the shift first, then one LMS matrix per dimension. */
function generator(d: number, rng?: Rng): Generator {
  if (!Number.isInteger(d) || d < 1 || d > SOBOL_DIM_LIMIT) throw new RangeError(`sobol: d must be an integer in [1, ${SOBOL_DIM_LIMIT}], got ${d}`);
  const sv = directions().slice(0, d * BITS);
  const shift = new Uint32Array(d);
  if (rng) {
    for (let j = 0; j < d; j++) shift[j] = randomBits(rng, BITS); // digital shift
    for (let j = 0; j < d; j++) scrambleDimension(sv.subarray(j * BITS, (j + 1) * BITS), rng);
  }
  return { sv, shift };
}

/** quasi := shift XOR (XOR of v_b over the set bits b of the Gray code of i): point i directly. */
function pointBits(g: Generator, i: number, quasi: Uint32Array): void {
  const d = quasi.length;
  quasi.set(g.shift);
  const gray = (i ^ (i >>> 1)) >>> 0;
  for (let b = 0; b < BITS; b++) {
    if ((gray >>> b) & 1) for (let j = 0; j < d; j++) quasi[j] = (quasi[j] ^ g.sv[j * BITS + b]) >>> 0;
  }
}

/**
 * Random access into one sequence: point(i) equals row i of sobol(n, d, rng) for any n > i, drawn
 * from an rng in the same state. O(30·d) per point instead of regenerating the prefix, so a caller
 * that only needs the point at its current position (the space-filling phase) pays O(1) per ask.
 */
export class SobolSequence {
  private readonly g: Generator;
  private readonly quasi: Uint32Array;

  /** Draws the scrambling from `rng` now (as sobol() would); without rng: the unscrambled sequence. */
  constructor(readonly d: number, rng?: Rng) {
    this.g = generator(d, rng);
    this.quasi = new Uint32Array(d);
  }

  /** Point i (0 ≤ i < 2^30) written to out[0..d). */
  point(i: number, out: Float64Array | number[]): void {
    if (!Number.isInteger(i) || i < 0 || i >= SOBOL_MAX_POINTS) throw new RangeError(`sobol: index must be an integer in [0, 2^${BITS}), got ${i}`);
    pointBits(this.g, i, this.quasi);
    for (let j = 0; j < this.d; j++) out[j] = this.quasi[j] * SCALE;
  }
}

/**
 * n points of the d-dimensional Sobol' sequence, starting at index `skip`: n×d, entries in [0, 1).
 * Without `rng`: unscrambled, identical to scipy.stats.qmc.Sobol(d, scramble=False) after
 * fast_forward(skip) (so with skip 0, row 0 is all zeros). With `rng`: LMS + digital shift
 * scrambling drawn from rng. Balance properties need skip = 0 and n a power of two; other n
 * are allowed (a prefix of the sequence). skip + n ≤ 2^30.
 */
export function sobol(n: number, d: number, rng?: Rng, skip = 0): Matrix {
  if (!Number.isInteger(n) || n < 0 || n > SOBOL_MAX_POINTS) throw new RangeError(`sobol: n must be an integer in [0, 2^${BITS}], got ${n}`);
  if (!Number.isInteger(d) || d < 1 || d > SOBOL_DIM_LIMIT) throw new RangeError(`sobol: d must be an integer in [1, ${SOBOL_DIM_LIMIT}], got ${d}`);
  if (!Number.isInteger(skip) || skip < 0 || skip + n > SOBOL_MAX_POINTS) throw new RangeError(`sobol: need 0 <= skip and skip + n <= 2^${BITS}, got skip ${skip}, n ${n}`);
  const g = generator(d, rng);
  const { sv } = g;
  const quasi = new Uint32Array(d);
  const data = new Float64Array(n * d);
  if (n === 0) return { rows: 0, cols: d, data };
  pointBits(g, skip, quasi);
  for (let j = 0; j < d; j++) data[j] = quasi[j] * SCALE;
  for (let r = 1; r < n; r++) {
    // Gray-code step: point i = point i-1 ⊕ v_c, c = index of the lowest set bit of i.
    const i = skip + r;
    const c = 31 - Math.clz32(i & -i);
    const base = r * d;
    for (let j = 0; j < d; j++) {
      quasi[j] = (quasi[j] ^ sv[j * BITS + c]) >>> 0;
      data[base + j] = quasi[j] * SCALE;
    }
  }
  return { rows: n, cols: d, data };
}
