/**
 * Which fidelity levels an ask may use, given what has been spent below the target: the cap on
 * proxy spend of the multi-fidelity policy (policy/mf-policy.ts).
 *
 * - share s (a number): all lower levels together, while low + c ≤ s·(total + c) + A, with c the
 *   cheapest lower level's cost (the hand-set cap ADMIRE IFT needed; benchmarks/mixture/README.md);
 * - 'model': each lower level l on its own, while spent_l + c_l ≤ ρ_l²·(total + c_l) + A, where
 *   ρ_l is the fitted MF-GP's correlation between level l and the target (level-correlation.ts,
 *   carried from the previous ask's fit in the policy state): a proxy may take the share of the
 *   spend that the model says it explains of the target's variance. Before any fit, ρ = 0.
 * A = max(nInit·c, c_target): the initial design and one target run's worth of proxies are always
 * allowed, so very cheap proxies such as RegMix's 1M models stay usable. 1 disables the cap.
 */

/** One observed or pending trial: its level and cost. */
export interface LevelSpend {
  readonly level: number;
  readonly cost: number;
}

/** The levels (subset of `levels`, the target always kept) the cap allows now. */
export function cappedLevels(
  levels: readonly number[],
  target: number,
  costs: ArrayLike<number>,
  spent: readonly LevelSpend[],
  share: number | 'model',
  nInit: number,
  correlation?: readonly number[],
): number[] {
  if (share === 1 || levels.length < 2) return [...levels];
  let total = 0;
  const byLevel = new Map<number, number>();
  for (const s of spent) {
    total += s.cost;
    byLevel.set(s.level, (byLevel.get(s.level) ?? 0) + s.cost);
  }
  const lower = levels.filter((k) => k !== target);
  const c = Math.min(...lower.map((k) => costs[k]));
  const allowance = Math.max(nInit * c, costs[target]);
  if (share === 'model') {
    return levels.filter((k) => {
      if (k === target) return true;
      const rho = correlation?.[k] ?? 0;
      const r2 = Number.isFinite(rho) ? Math.max(0, rho) ** 2 : 0;
      return (byLevel.get(k) ?? 0) + costs[k] <= r2 * (total + costs[k]) + allowance;
    });
  }
  const low = total - (byLevel.get(target) ?? 0);
  return low + c > share * (total + c) + allowance ? [target] : [...levels];
}
