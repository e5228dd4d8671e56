/**
 * The `simplexTolerance` option of trial:add (imports of sweeps whose logged weights are rounded,
 * e.g. RegMix's three-decimal weights summing to 0.998): a simplex value whose weights sum to 1
 * within the tolerance is renormalised to sum exactly 1 before the usual checks (range, mixture
 * constraints); outside it the value is INVALID_ARGUMENT with the parameter's path. Without the
 * option the space's strict rule applies (core/search-space.ts SIMPLEX_SUM_TOL).
 */
import { invalidArgument } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';

type Path = (string | number)[];

/** The params with simplex values renormalised where |Σw − 1| ≤ tolerance; the sums that were changed. */
export function renormaliseSimplexValues(space: SearchSpace, params: Record<string, unknown>, tolerance: number, prefix: Path): { params: Record<string, unknown>; sums: Record<string, number> } {
  const out: Record<string, unknown> = { ...params };
  const sums: Record<string, number> = {};
  for (const [name, spec] of Object.entries(space.spec)) {
    const value = params[name];
    if (spec.type !== 'simplex' || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const weights = value as Record<string, unknown>;
    // Non-numbers and negatives are left for space.validate to report with their own path.
    if (!Object.values(weights).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) continue;
    const sum = Object.values(weights as Record<string, number>).reduce((s, w) => s + w, 0);
    if (sum === 1) continue;
    if (!(Math.abs(sum - 1) <= tolerance)) throw invalidArgument([...prefix, name], `weights sum to ${sum}, outside 1 ± simplexTolerance ${tolerance}`);
    out[name] = Object.fromEntries(Object.entries(weights as Record<string, number>).map(([c, w]) => [c, w / sum]));
    sums[name] = sum;
  }
  return { params: out, sums };
}
