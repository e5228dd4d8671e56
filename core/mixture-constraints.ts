/**
 * Mixture constraints of a simplex parameter (protocol/mixture.ts) as bounds on the weights, their
 * feasibility check at create, the projection every generated point goes through, and the check
 * of user-given weights.
 *
 * Feasible set: Σ w = 1, lo_i ≤ w_i ≤ hi_i with hi_i = min(max_i, tokens_i · maxEpochs / totalTokens),
 * and with minWeight m: every w_i is 0 or ≥ m (a component with min > 0 is always present, so its
 * min must be ≥ m; a cap below m leaves the component only 0). That set is a union of capped
 * simplices, one per support S ⊇ {lo > 0}: non-empty iff some S has Σ_S max(lo_i, m) ≤ 1 ≤ Σ_S hi_i.
 */
import type { SimplexParam } from '../protocol/space.js';
import type { FieldIssue } from '../protocol/errors.js';
import { projectToCappedSimplex } from './capped-simplex.js';

/** Bounds of one simplex parameter, in component order. */
export interface MixtureBounds {
  readonly lower: Float64Array;
  /** Effective caps: 0 where a cap is below minWeight. */
  readonly upper: Float64Array;
  /** 0 when absent. */
  readonly minWeight: number;
}

/** Slack on bounds when checking user-given weights (they come through JSON and CSV). */
export const MIXTURE_BOUND_TOL = 1e-9;

/** True when the spec has any mixture constraint. */
export function hasMixtureConstraints(p: SimplexParam): boolean {
  return p.min !== undefined || p.max !== undefined || p.tokens !== undefined || p.minWeight !== undefined;
}

/** The bounds a spec states (no checks; see mixtureIssues). */
export function mixtureBounds(p: SimplexParam): MixtureBounds {
  const k = p.components.length;
  const m = p.minWeight ?? 0;
  const lower = new Float64Array(k);
  const upper = new Float64Array(k).fill(1);
  p.components.forEach((c, i) => {
    lower[i] = p.min?.[c] ?? 0;
    let cap = p.max?.[c] ?? 1;
    const avail = p.tokens?.available[c];
    if (p.tokens !== undefined && avail !== undefined) cap = Math.min(cap, (avail * p.tokens.maxEpochs) / p.tokens.totalTokens);
    upper[i] = cap < m ? 0 : Math.min(1, cap);
  });
  return { lower, upper, minWeight: m };
}

/**
 * The smallest feasible support: the forced components (lo > 0) plus the others by descending cap
 * until the caps reach 1. Fewest components added = smallest Σ max(lo, m), so the set is
 * feasible iff this support is. null when the caps cannot reach 1.
 */
function greedySupport(b: MixtureBounds): boolean[] | null {
  const k = b.lower.length;
  const inS = Array.from({ length: k }, (_, i) => b.lower[i] > 0);
  let caps = 0;
  for (let i = 0; i < k; i++) if (inS[i]) caps += b.upper[i];
  const rest = Array.from({ length: k }, (_, i) => i).filter((i) => !inS[i] && b.upper[i] > 0).sort((i, j) => b.upper[j] - b.upper[i]);
  for (const i of rest) {
    if (caps >= 1) break;
    inS[i] = true;
    caps += b.upper[i];
  }
  return caps >= 1 - 1e-12 ? inS : null;
}

/** Issues of a simplex spec's constraints, paths under ['space', name, ...]. */
export function mixtureIssues(name: string, p: SimplexParam): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], message: string): void => { issues.push({ path: ['space', name, ...path], message }); };
  const comps = new Set(p.components);
  for (const field of ['min', 'max'] as const) {
    for (const c of Object.keys(p[field] ?? {})) if (!comps.has(c)) add([field, c], `unknown component '${c}'`);
  }
  if (p.tokens !== undefined) {
    for (const c of Object.keys(p.tokens.available)) if (!comps.has(c)) add(['tokens', 'available', c], `unknown component '${c}'`);
    for (const c of p.components) if (!(c in p.tokens.available)) add(['tokens', 'available', c], 'missing token count (every component needs one)');
  }
  if (issues.length > 0) return issues;
  const b = mixtureBounds(p);
  const m = b.minWeight;
  p.components.forEach((c, i) => {
    const lo = b.lower[i];
    if (lo > 0 && lo < m) add(['min', c], `min ${lo} is below minWeight ${m}: a component with a positive min is always present, so its min must be >= minWeight`);
    else if (lo > b.upper[i]) add(['min', c], `min ${lo} exceeds the component's cap ${b.upper[i]} (max, token budget or minWeight)`);
  });
  if (issues.length > 0) return issues;
  let sumLo = 0;
  for (const lo of b.lower) sumLo += lo;
  if (sumLo > 1 + 1e-12) return [{ path: ['space', name, 'min'], message: `the mins sum to ${sumLo} > 1` }];
  const support = greedySupport(b);
  if (support === null) {
    const caps = b.upper.reduce((s, u) => s + u, 0);
    const where = p.tokens !== undefined ? ['tokens'] : p.max !== undefined ? ['max'] : ['minWeight'];
    return [{ path: ['space', name, ...where], message: `the caps sum to ${caps} < 1: no mixture can meet them` }];
  }
  let need = 0;
  support.forEach((s, i) => { if (s) need += Math.max(b.lower[i], m); });
  if (need > 1 + 1e-12) add(['minWeight'], `minWeight ${m}: the fewest components whose caps reach 1 need Σ max(min, minWeight) = ${need} > 1`);
  return issues;
}

/**
 * A feasible point near v: the projection onto the capped simplex, then weights in (0, m) snap to 0
 * and the rest are re-projected within the bounds (their weights only grow, so they stay ≥ m);
 * repeated until no weight is in (0, m). If the snapped components leave caps below 1, the dropped
 * components with the largest caps come back with lower bound m; if that overshoots, the greedy
 * support of mixtureIssues is used. Exact (feasible) whenever mixtureIssues(b) is empty.
 */
export function projectMixture(v: ArrayLike<number>, b: MixtureBounds): Float64Array {
  const k = v.length;
  const m = b.minWeight;
  if (m === 0) return projectToCappedSimplex(v, b.lower, b.upper);
  const allowed = Array.from({ length: k }, (_, i) => b.upper[i] > 0);
  const atLeastM = Array.from({ length: k }, (_, i) => b.lower[i] > 0);
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  for (let round = 0; round <= 2 * k; round++) {
    let sumHi = 0;
    let sumLo = 0;
    for (let i = 0; i < k; i++) {
      lo[i] = allowed[i] && atLeastM[i] ? Math.max(b.lower[i], m) : 0;
      hi[i] = allowed[i] ? b.upper[i] : 0;
      sumHi += hi[i];
      sumLo += lo[i];
    }
    if (sumLo > 1 + 1e-12) break;
    if (sumHi < 1) {
      let best = -1;
      for (let i = 0; i < k; i++) if (!allowed[i] && b.upper[i] > 0 && (best < 0 || b.upper[i] > b.upper[best] || (b.upper[i] === b.upper[best] && v[i] > v[best]))) best = i;
      if (best < 0) break;
      allowed[best] = true;
      atLeastM[best] = true;
      continue;
    }
    const w = projectToCappedSimplex(v, lo, hi);
    let snapped = false;
    for (let i = 0; i < k; i++) {
      if (w[i] > 0 && w[i] < m && !atLeastM[i]) {
        allowed[i] = false;
        snapped = true;
      }
    }
    if (!snapped) return w;
  }
  const support = greedySupport(b);
  if (support === null) throw new RangeError('projectMixture: infeasible mixture bounds');
  for (let i = 0; i < k; i++) {
    lo[i] = support[i] ? Math.max(b.lower[i], m) : 0;
    hi[i] = support[i] ? b.upper[i] : 0;
  }
  return projectToCappedSimplex(v, lo, hi);
}

/** The first violated constraint of weights w (summing to 1), or null: index and message. */
export function mixtureViolation(w: ArrayLike<number>, b: MixtureBounds, components: readonly string[]): { component: string; message: string } | null {
  for (let i = 0; i < w.length; i++) {
    const c = components[i];
    if (w[i] < b.lower[i] - MIXTURE_BOUND_TOL) return { component: c, message: `weight ${w[i]} is below its min ${b.lower[i]}` };
    if (w[i] > b.upper[i] + MIXTURE_BOUND_TOL) return { component: c, message: `weight ${w[i]} is above its cap ${b.upper[i]} (max, token budget or minWeight)` };
    if (w[i] > MIXTURE_BOUND_TOL && w[i] < b.minWeight - MIXTURE_BOUND_TOL) return { component: c, message: `weight ${w[i]} is non-zero and below minWeight ${b.minWeight}` };
  }
  return null;
}
