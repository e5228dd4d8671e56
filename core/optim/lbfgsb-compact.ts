/**
 * Compact limited-memory BFGS matrix for L-BFGS-B (Byrd, Nocedal, Schnabel 1994; Byrd, Lu,
 * Nocedal, Zhu 1995, §3):
 *   B = θI − W M Wᵀ,  W = [Y  θS] (n×2k),  M = K⁻¹,  K = [[−D, Lᵀ], [L, θSᵀS]] (2k×2k),
 * where S, Y hold the last k ≤ m correction pairs (s_i = x_{i+1} − x_i, y_i = g_{i+1} − g_i),
 * D = diag(s_iᵀy_i) and L_ij = s_iᵀy_j for i > j (strictly lower part of SᵀY).
 * All storage is allocated once per minimizer run.
 */

/** Dense LU with partial pivoting of a p×p row-major matrix in place; false when (near) singular. */
export function luFactor(a: Float64Array, p: number, piv: Int32Array): boolean {
  for (let k = 0; k < p; k++) {
    let best = k;
    let bestAbs = Math.abs(a[k * p + k]);
    for (let i = k + 1; i < p; i++) {
      const v = Math.abs(a[i * p + k]);
      if (v > bestAbs) {
        bestAbs = v;
        best = i;
      }
    }
    if (!(bestAbs > 0) || !Number.isFinite(bestAbs)) return false;
    piv[k] = best;
    if (best !== k) {
      for (let j = 0; j < p; j++) {
        const t = a[k * p + j];
        a[k * p + j] = a[best * p + j];
        a[best * p + j] = t;
      }
    }
    const inv = 1 / a[k * p + k];
    for (let i = k + 1; i < p; i++) {
      const lik = (a[i * p + k] *= inv);
      if (lik === 0) continue;
      for (let j = k + 1; j < p; j++) a[i * p + j] -= lik * a[k * p + j];
    }
  }
  return true;
}

/** Solve A z = v in place (v ← z) with the factors from luFactor. */
export function luSolve(a: Float64Array, p: number, piv: Int32Array, v: Float64Array): void {
  // Row swaps were applied to whole rows (multipliers included), so permute v fully first.
  for (let k = 0; k < p; k++) {
    const pk = piv[k];
    if (pk !== k) {
      const t = v[k];
      v[k] = v[pk];
      v[pk] = t;
    }
  }
  for (let k = 0; k < p; k++) {
    const vk = v[k];
    for (let i = k + 1; i < p; i++) v[i] -= a[i * p + k] * vk;
  }
  for (let k = p - 1; k >= 0; k--) {
    let s = v[k];
    for (let j = k + 1; j < p; j++) s -= a[k * p + j] * v[j];
    v[k] = s / a[k * p + k];
  }
}

/** The correction pairs and the LU factors of the 2k×2k middle matrix K = M⁻¹ of the compact form. */
export class CompactMemory {
  readonly n: number;
  readonly m: number;
  /** Number of stored pairs k (0…m). */
  col = 0;
  theta = 1;
  /** s_j at S[j·n…], oldest first. */
  readonly S: Float64Array;
  readonly Y: Float64Array;
  /** K itself (unfactored), (2k)×(2k) with stride 2k; the subspace step needs K − UᵀU/θ. */
  readonly K: Float64Array;
  private readonly lu: Float64Array;
  private readonly piv: Int32Array;
  /**
   * s_iᵀy_j and s_iᵀs_j for j ≤ i (m×m, row i), kept across pushes: a push adds one row and the
   * older pairs' products only shift, so formM computes k dot products instead of k(k+1) (the same
   * values, each dot summed in the same order).
   */
  private readonly sty: Float64Array;
  private readonly sts: Float64Array;

  constructor(n: number, m: number) {
    this.n = n;
    this.m = m;
    this.S = new Float64Array(m * n);
    this.Y = new Float64Array(m * n);
    this.K = new Float64Array(4 * m * m);
    this.lu = new Float64Array(4 * m * m);
    this.piv = new Int32Array(2 * m);
    this.sty = new Float64Array(m * m);
    this.sts = new Float64Array(m * m);
  }

  /** Forget all pairs (restart from a scaled steepest-descent model). */
  reset(): void {
    this.col = 0;
    this.theta = 1;
  }

  /** Append (s, y) (dropping the oldest when full), set θ = yᵀy/sᵀy and refactor K.
   * Returns false when K is singular; the memory is then reset. */
  push(s: Float64Array, y: Float64Array, sy: number, yy: number): boolean {
    const { n, m } = this;
    if (this.col === m) {
      this.S.copyWithin(0, n);
      this.Y.copyWithin(0, n);
      for (let i = 1; i < m; i++) {
        this.sty.copyWithin((i - 1) * m, i * m + 1, i * m + 1 + i);
        this.sts.copyWithin((i - 1) * m, i * m + 1, i * m + 1 + i);
      }
      this.col--;
    }
    this.S.set(s, this.col * n);
    this.Y.set(y, this.col * n);
    this.productsOfNewest(this.col);
    this.col++;
    this.theta = yy / sy;
    return this.formM();
  }

  /** Row i of the kept products: s_iᵀy_j and s_iᵀs_j for j ≤ i. */
  private productsOfNewest(i: number): void {
    const { n, m, S, Y } = this;
    const si = i * n;
    for (let j = 0; j <= i; j++) {
      const sj = j * n;
      let sty = 0;
      let sts = 0;
      for (let t = 0; t < n; t++) {
        sty += S[si + t] * Y[sj + t];
        sts += S[si + t] * S[sj + t];
      }
      this.sty[i * m + j] = sty;
      this.sts[i * m + j] = sts;
    }
  }

  /** Build K from SᵀY and SᵀS and LU-factor it (p = 2k ≤ 2m). */
  private formM(): boolean {
    const { m, K } = this;
    const k = this.col;
    const p = 2 * k;
    const th = this.theta;
    K.fill(0, 0, p * p);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        const sty = this.sty[i * m + j]; // s_iᵀ y_j
        const sts = this.sts[i * m + j]; // s_iᵀ s_j
        if (i === j) K[i * p + i] = -sty;
        else {
          K[(k + i) * p + j] = sty; // L_ij
          K[j * p + (k + i)] = sty; // (Lᵀ)_ji
        }
        K[(k + i) * p + (k + j)] = th * sts;
        K[(k + j) * p + (k + i)] = th * sts;
      }
    }
    const lu = this.lu;
    lu.set(K.subarray(0, p * p));
    if (!luFactor(lu, p, this.piv)) {
      this.reset();
      return false;
    }
    for (let t = 0; t < p * p; t++) {
      if (!Number.isFinite(lu[t])) {
        this.reset();
        return false;
      }
    }
    return true;
  }

  /** out(2k) = M·v = K⁻¹v, by the LU factors of K (no explicit inverse: p² per product, no p³ setup). */
  mulM(v: Float64Array, out: Float64Array): void {
    const p = 2 * this.col;
    for (let t = 0; t < p; t++) out[t] = v[t];
    luSolve(this.lu, p, this.piv, out);
  }

  /** out(2k) = row i of W = [y_0[i] … y_{k−1}[i], θ s_0[i] … θ s_{k−1}[i]]. */
  wRow(i: number, out: Float64Array): void {
    const { n, S, Y, col: k, theta } = this;
    for (let j = 0; j < k; j++) {
      out[j] = Y[j * n + i];
      out[k + j] = theta * S[j * n + i];
    }
  }

  /** (W·v)_i for one coordinate i (v has length 2k). */
  wRowDot(i: number, v: Float64Array): number {
    const { n, S, Y, col: k, theta } = this;
    let a = 0;
    let b = 0;
    for (let j = 0; j < k; j++) {
      a += Y[j * n + i] * v[j];
      b += S[j * n + i] * v[k + j];
    }
    return a + theta * b;
  }
}
