/**
 * Per-level outcome standardization for multi-fidelity data: z = (y − m_k)/s_k for a value at
 * level k. Levels of a data-mixture study live on different scales (ADMIRE IFT: 0.5B ≈ 0.33,
 * 7B ≈ 0.59 with within-level spreads of 0.02 vs 0.003), and a single z-score would spend the
 * GP's outputscale on the level offsets. The low levels carry information through the ranking
 * of mixtures (seed-specs §3.5: Spearman ρ 0.55–0.65), which a per-level affine map keeps.
 * m_k, s_k: the level's mean and std (ddof 0) when it has >= 3 values (s_k floored at 1e-8·|m_k|);
 * with 1–2 values the level's mean and the pooled std of the other levels (1 when there is none);
 * levels without values get (0, 1). Monotone per level, so argmax within a level is unchanged.
 * This departs from ADMIRE, which fits raw y (seed-specs §3.2).
 */
export interface LevelTransform {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** Standardized values, one per input value. */
  readonly z: Float64Array;
}

/** Fit and apply the per-level transform to values y with levels `level` (0..L−1). */
export function levelStandardize(y: ArrayLike<number>, level: ArrayLike<number>, L: number): LevelTransform {
  const groups: number[][] = Array.from({ length: L }, () => []);
  for (let i = 0; i < y.length; i++) groups[level[i]].push(y[i]);
  const mean = new Float64Array(L);
  const std = new Float64Array(L).fill(NaN);
  for (let k = 0; k < L; k++) {
    const g = groups[k];
    if (g.length === 0) continue;
    mean[k] = g.reduce((a, b) => a + b, 0) / g.length;
    if (g.length >= 3) {
      const v = g.reduce((a, b) => a + (b - mean[k]) ** 2, 0) / g.length;
      std[k] = Math.max(Math.sqrt(v), 1e-8 * Math.max(Math.abs(mean[k]), 1e-300), 1e-300);
    }
  }
  // Pooled std of the levels that have one (root mean square), for the levels with 1–2 values.
  let ss = 0;
  let cnt = 0;
  for (let k = 0; k < L; k++) {
    if (Number.isFinite(std[k])) {
      ss += std[k] * std[k];
      cnt++;
    }
  }
  const pooled = cnt > 0 ? Math.sqrt(ss / cnt) : NaN;
  for (let k = 0; k < L; k++) {
    if (Number.isFinite(std[k])) continue;
    if (groups[k].length === 0) std[k] = 1;
    else if (Number.isFinite(pooled)) std[k] = pooled;
    else {
      // No level has 3 values yet: the spread of all values around their own level means.
      let s2 = 0;
      for (let i = 0; i < y.length; i++) s2 += (y[i] - mean[level[i]]) ** 2;
      const s = Math.sqrt(s2 / Math.max(1, y.length));
      std[k] = s > 1e-12 ? s : 1;
    }
  }
  const z = Float64Array.from(y, (v, i) => (v - mean[level[i]]) / std[level[i]]);
  return { mean, std, z };
}
