/** One told cost: the fidelity level index of the trial and the cost the user reported. */
export interface ToldCost {
  readonly level: number;
  readonly cost: number;
}

/**
 * Cost per fidelity level used by the cost-aware acquisitions. Without told costs: the space's
 * fixed costs. With told costs (e.g. wall time): the mean told cost for each level that has any;
 * a level without any gets its fixed cost times the geometric mean, over levels with told costs,
 * of (told mean / fixed cost), so the levels keep the space's ratios where nothing was observed.
 * Non-positive or non-finite told costs are ignored.
 */
export function levelCosts(fixed: readonly number[], told: readonly ToldCost[]): Float64Array {
  const L = fixed.length;
  const sum = new Float64Array(L);
  const count = new Float64Array(L);
  for (const t of told) {
    if (!(t.cost > 0 && Number.isFinite(t.cost)) || !(t.level >= 0 && t.level < L)) continue;
    sum[t.level] += t.cost;
    count[t.level]++;
  }
  let logRatio = 0;
  let seen = 0;
  for (let k = 0; k < L; k++) {
    if (count[k] > 0) {
      logRatio += Math.log(sum[k] / count[k] / fixed[k]);
      seen++;
    }
  }
  const scale = seen > 0 ? Math.exp(logRatio / seen) : 1;
  return Float64Array.from(fixed, (c, k) => (count[k] > 0 ? sum[k] / count[k] : c * scale));
}
