/** The target fidelity level of a study, as the server defines it (core/search-space.ts: `target`, else the costliest level). Pure. */
import type { Study, Trial } from '../../sdk/index.js';

/** The fidelity parameter and its target value, or null when the space has none. */
export function targetLevel(study: Pick<Study, 'space'>): { name: string; value: string | number } | null {
  for (const [name, spec] of Object.entries(study.space)) {
    if (spec.type !== 'fidelity') continue;
    if (spec.target !== undefined) return { name, value: spec.target };
    const costliest = spec.levels.reduce((a, b) => (b.cost > a.cost ? b : a));
    return { name, value: costliest.value };
  }
  return null;
}

/** Whether a trial counts for "best" (trial:best's rule): at the target level, or any trial without a fidelity parameter. */
export function countsForBest(study: Pick<Study, 'space'>): (t: Trial) => boolean {
  const target = targetLevel(study);
  return target ? (t) => t.params[target.name] === target.value : () => true;
}
