/**
 * The bbob instance transforms (Hansen et al. 2009, RR-6829, section 0.2), on plain arrays:
 * T_osz (oscillation), T_asy^β (asymmetry), Λ^α (conditioning), f_pen (boundary penalty) and
 * the affine maps z = M·x + b built from COCO's rotations. Each returns a new array.
 */

/** A d×d matrix as rows. */
export type Matrix = readonly Float64Array[];

/** T_osz on one value: sign(x)·exp(x̂ + 0.049·(sin(c1·x̂) + sin(c2·x̂))), x̂ = log|x|; c = (10, 7.9) for x > 0, (5.5, 3.1) for x < 0. */
export function oscillateValue(x: number): number {
  if (x === 0) return 0;
  // Written as COCO evaluates it (t = x̂/0.1, then a power 0.1), so values agree to the last bits.
  const t = Math.log(Math.abs(x)) / 0.1;
  return x > 0 ? Math.pow(Math.exp(t + 0.49 * (Math.sin(t) + Math.sin(0.79 * t))), 0.1) : -Math.pow(Math.exp(t + 0.49 * (Math.sin(0.55 * t) + Math.sin(0.31 * t))), 0.1);
}

/** T_osz applied coordinate-wise. */
export function oscillate(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, oscillateValue);
}

/** T_asy^β: x_i > 0 becomes x_i^(1 + β·(i/(d−1))·√x_i); others unchanged. */
export function asymmetric(x: ArrayLike<number>, beta: number): Float64Array {
  const d = x.length;
  return Float64Array.from(x, (v, i) => (v > 0 ? Math.pow(v, 1 + ((beta * i) / (d - 1)) * Math.sqrt(v)) : v));
}

/** Λ^α's diagonal: λ_i = α^(i / (2(d−1))). */
export function conditioningDiagonal(d: number, alpha: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => Math.pow(alpha, (0.5 * i) / (d - 1)));
}

/** Λ^α·x. */
export function condition(x: ArrayLike<number>, alpha: number): Float64Array {
  const lambda = conditioningDiagonal(x.length, alpha);
  return Float64Array.from(x, (v, i) => lambda[i] * v);
}

/** f_pen(x) = Σ max(0, |x_i| − bound)². */
export function boundaryPenalty(x: ArrayLike<number>, bound = 5): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) {
    const c = Math.abs(x[i]) - bound;
    if (c > 0) p += c * c;
  }
  return p;
}

/** x − shift. */
export function subtract(x: ArrayLike<number>, shift: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v, i) => v - shift[i]);
}

/** M·x. */
export function multiply(M: Matrix, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(M.length);
  for (let i = 0; i < M.length; i++) {
    let s = 0;
    for (let j = 0; j < x.length; j++) s += M[i][j] * x[j];
    out[i] = s;
  }
  return out;
}

/** Mᵀ·x (the inverse of a rotation). */
export function multiplyTransposed(M: Matrix, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(M[0].length);
  for (let i = 0; i < M.length; i++) for (let j = 0; j < out.length; j++) out[j] += M[i][j] * x[i];
  return out;
}

/** Q·Λ^α·R as one matrix (COCO builds the product once; so do we, for the same rounding). */
export function rotateConditionRotate(Q: Matrix, alpha: number, R: Matrix): Float64Array[] {
  const d = Q.length;
  const out = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Q[i][k] * Math.pow(Math.sqrt(alpha), k / (d - 1)) * R[k][j];
      out[i][j] = s;
    }
  return out;
}
