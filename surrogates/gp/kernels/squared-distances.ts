/**
 * Squared distances of one row against a run of rows, the inner loop of every stationary Gram
 * matrix: out[o + j − from] = Σ_k (A[ai + k] − B[j·d + k])² for j in [from, to), each sum taken in
 * increasing k exactly as `r2 += t * t` does (bit-identical to the one-row loop it replaced).
 *
 * Why four rows at a time: a single sum over k is one dependent chain of additions, so at d = 20
 * V8's code waited on the adder's latency; four independent chains (rows j..j+3) overlap.
 */
export function squaredDistancesRow(A: Float64Array, ai: number, B: Float64Array, from: number, to: number, d: number, out: Float64Array, o: number): void {
  let j = from;
  for (; j + 4 <= to; j += 4) {
    const b0 = j * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    for (let k = 0; k < d; k++) {
      const a = A[ai + k];
      const t0 = a - B[b0 + k];
      const t1 = a - B[b1 + k];
      const t2 = a - B[b2 + k];
      const t3 = a - B[b3 + k];
      r0 += t0 * t0;
      r1 += t1 * t1;
      r2 += t2 * t2;
      r3 += t3 * t3;
    }
    const p = o + j - from;
    out[p] = r0;
    out[p + 1] = r1;
    out[p + 2] = r2;
    out[p + 3] = r3;
  }
  for (; j < to; j++) {
    const bj = j * d;
    let r = 0;
    for (let k = 0; k < d; k++) {
      const t = A[ai + k] - B[bj + k];
      r += t * t;
    }
    out[o + j - from] = r;
  }
}
