/**
 * Independent reference: Dykstra's alternating projections between the box {lo ≤ w ≤ hi} and the
 * hyperplane {Σ w = 1} (both closed form) converge to the projection onto their intersection
 * (Boyle & Dykstra 1986). No sorting, no breakpoints: nothing shared with the code under test.
 */
export function dykstra(v: number[], lo: number[], hi: number[], iterations = 20000): number[] {
  const k = v.length;
  let x = v.slice();
  let p = new Array(k).fill(0);
  let q = new Array(k).fill(0);
  for (let it = 0; it < iterations; it++) {
    const yIn = x.map((xi, i) => xi + p[i]);
    const y = yIn.map((t, i) => Math.min(hi[i], Math.max(lo[i], t)));
    p = yIn.map((t, i) => t - y[i]);
    const zIn = y.map((yi, i) => yi + q[i]);
    const shift = (zIn.reduce((s, t) => s + t, 0) - 1) / k;
    const z = zIn.map((t) => t - shift);
    q = zIn.map((t, i) => t - z[i]);
    x = z;
  }
  return x;
}

