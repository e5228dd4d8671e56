/** Simplex parameters: the mixture weights of the best completed trials, per fidelity level when the space has one. Pure. */
import type { Study, Trial } from '../../sdk/index.js';
import { firstObjective } from './history.js';

/** The best mixtures of one simplex parameter at one fidelity level (null: no fidelity parameter). */
export interface MixtureGroup {
  readonly param: string;
  readonly components: string[];
  readonly level: string | number | null;
  /** Best first, at most `top`. */
  readonly trials: { number: number; value: number; weights: number[] }[];
}

/** Weights in component order from a simplex value ({component: weight} or an array). */
function weightsOf(value: unknown, components: readonly string[]): number[] | null {
  if (Array.isArray(value)) return value.length === components.length ? value.map(Number) : null;
  if (value && typeof value === 'object') return components.map((c) => Number((value as Record<string, unknown>)[c] ?? 0));
  return null;
}

/** One group per simplex parameter and fidelity level, each with the `top` best completed trials there. */
export function bestMixtures(study: Pick<Study, 'space' | 'objectives'>, trials: readonly Trial[], top = 10): MixtureGroup[] {
  const { name, minimize } = firstObjective(study);
  const entries = Object.entries(study.space);
  const fidelity = entries.find(([, s]) => s.type === 'fidelity');
  const levels: (string | number | null)[] = fidelity && fidelity[1].type === 'fidelity' ? fidelity[1].levels.map((l) => l.value) : [null];
  const done = trials.filter((t) => t.state === 'completed' && Number.isFinite(t.values?.[name]));
  const groups: MixtureGroup[] = [];
  for (const [param, spec] of entries) {
    if (spec.type !== 'simplex') continue;
    for (const level of levels) {
      const here = done.filter((t) => level === null || t.params[fidelity![0]] === level);
      const ranked = here
        .map((t) => ({ number: t.number, value: t.values![name]!, weights: weightsOf(t.params[param], spec.components) }))
        .filter((r): r is { number: number; value: number; weights: number[] } => r.weights !== null)
        .sort((a, b) => (minimize ? a.value - b.value : b.value - a.value) || a.number - b.number)
        .slice(0, top);
      if (ranked.length > 0) groups.push({ param, components: [...spec.components], level, trials: ranked });
    }
  }
  return groups;
}
