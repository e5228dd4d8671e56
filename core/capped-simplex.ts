/**
 * Euclidean projection onto the capped simplex C = {w ∈ R^K : lo ≤ w ≤ hi, Σ w = 1}
 * (mixture weights with per-component bounds). KKT: w_i = clip(v_i − θ, lo_i, hi_i) with θ the
 * root of f(θ) = Σ clip(v_i − θ, lo_i, hi_i) − 1 (Wang & Lu 2015, "Projection onto the capped
 * simplex", §2). f is nonincreasing and piecewise linear with breakpoints v_i − hi_i, v_i − lo_i,
 * so θ is found exactly: sort the 2K breakpoints, bisect them for the segment where f crosses 0,
 * then solve the linear piece. O(K log K). Needs Σ lo ≤ 1 ≤ Σ hi (checked).
 */

/** Σ clip(v_i − θ, lo_i, hi_i). */
function clippedSum(v: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, theta: number): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.min(hi[i], Math.max(lo[i], v[i] - theta));
  return s;
}

/** argmin_w ||w − v||² over {lo ≤ w ≤ hi, Σ w = 1}. v, lo, hi: length K; lo ≤ hi, Σ lo ≤ 1 ≤ Σ hi. */
export function projectToCappedSimplex(v: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): Float64Array {
  const k = v.length;
  if (k === 0 || lo.length !== k || hi.length !== k) throw new RangeError('projectToCappedSimplex: v, lo, hi need the same positive length');
  let sumLo = 0;
  let sumHi = 0;
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(v[i])) throw new RangeError(`projectToCappedSimplex: entry ${i} is ${v[i]}`);
    if (!(lo[i] <= hi[i])) throw new RangeError(`projectToCappedSimplex: lo[${i}] = ${lo[i]} > hi[${i}] = ${hi[i]}`);
    sumLo += lo[i];
    sumHi += hi[i];
  }
  if (sumLo > 1 + 1e-12 || sumHi < 1 - 1e-12) throw new RangeError(`projectToCappedSimplex: infeasible bounds (Σlo = ${sumLo}, Σhi = ${sumHi})`);
  const bps = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    bps[2 * i] = v[i] - hi[i];
    bps[2 * i + 1] = v[i] - lo[i];
  }
  bps.sort();
  // f(bps[0]) = Σhi ≥ 1 and f(bps[2K−1]) = Σlo ≤ 1: find adjacent breakpoints a < b with f(a) ≥ 1 ≥ f(b).
  let a = 0;
  let b = 2 * k - 1;
  while (b - a > 1) {
    const mid = (a + b) >> 1;
    if (clippedSum(v, lo, hi, bps[mid]) >= 1) a = mid;
    else b = mid;
  }
  const ta = bps[a];
  const tb = bps[b];
  const fa = clippedSum(v, lo, hi, ta);
  const fb = clippedSum(v, lo, hi, tb);
  const theta = fa === fb ? ta : ta + ((fa - 1) * (tb - ta)) / (fa - fb);
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) w[i] = Math.min(hi[i], Math.max(lo[i], v[i] - theta));
  return w;
}

