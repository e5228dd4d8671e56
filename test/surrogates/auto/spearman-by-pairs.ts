/**
 * Test reference for Spearman's ρ written without sorting: each value's average rank from pairwise
 * counts (1 + #{j : v_j < v_i} + ½·#{j ≠ i : v_j = v_i}, the mean of the ranks its tie group spans),
 * then Pearson's correlation of the two rank vectors from its textbook sums. NaN when either side is constant.
 */
export function spearmanByPairs(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]) => v.map((x, i) => 1 + v.filter((y) => y < x).length + 0.5 * v.filter((y, j) => j !== i && y === x).length);
  const ra = ranks(a);
  const rb = ranks(b);
  return pearsonBySums(ra, rb);
}

/** Pearson's correlation of two equal-length series from the textbook sums; NaN when either side is constant. */
export function pearsonBySums(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}
