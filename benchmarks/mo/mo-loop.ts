/**
 * One multi-objective benchmark run: drive the policy directly (ask one, tell one) and record the
 * hypervolume of the feasible evaluated points after every evaluation (minimized objectives, the
 * problem's reference point), as the peers' Optuna script does (benchmarks/peers/optuna_mo.py).
 */
import { fromRows } from '../../core/matrix.js';
import { hypervolume } from '../../core/pareto/hypervolume.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AcquisitionKind } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import { multiOutcomeAcquisition } from '../../policy/outcome-resolution.js';
import { defaultScalarizedStart, pinScalarizedStart } from '../../policy/scalarized-start.js';
import type { Observation, OutcomeSpec, PolicyState } from '../../policy/types.js';
import type { MoProblem } from './types.js';

/**
 * Algorithms of the multi-objective bench: the service's acquisitions as named, 'default' (no
 * acquisition given, with the defaults a study gets at create: policy/scalarized-start.ts), and
 * uniform random search.
 */
export const MO_ALGORITHMS = ['default', 'qlognehvi', 'qnparego', 'qlognei', 'random'] as const;
export type MoAlgorithm = (typeof MO_ALGORITHMS)[number];

/** The surrogate of every outcome (the service's surrogate + surrogateOptions); label names it in the results ('gp' runs keep the bare algorithm name). */
export interface MoSurrogate {
  readonly kind: string;
  readonly options?: Record<string, unknown>;
  readonly label?: string;
}

/** One run's record. */
export interface MoRunResult {
  readonly problem: string;
  /** The algorithm; 'default-s<k>' for 'default' with a scalarized start k given by --scalarized-start. */
  readonly algorithm: string;
  readonly seed: number;
  readonly budget: number;
  /** Hypervolume of the feasible points so far, after each evaluation. */
  readonly hv: number[];
  /** Best feasible value of objective 0 so far (NaN before the first feasible point). */
  readonly bestFeasible: number[];
  readonly phases: string[];
  /** Evaluation index -> the policy's fallbackReason, for asks that fell back to space filling. */
  readonly fallbackReasons?: Record<number, string>;
  readonly askMs: number[];
  readonly wallMs: number;
}

/** The problem's box as the service's float parameters x0, x1, .... */
export function problemSpace(p: MoProblem): SpaceSpec {
  const spec: SpaceSpec = {};
  for (let i = 0; i < p.dim; i++) spec[`x${i}`] = { type: 'float', low: p.lower[i], high: p.upper[i] };
  return spec;
}

/** The outcomes of a problem: objectives f0.. minimized, constraints c0.. ≤ 0. */
export function problemOutcomes(p: MoProblem): OutcomeSpec {
  return {
    objectives: Array.from({ length: p.objectives }, (_, k) => ({ name: `f${k}`, direction: 'minimize' as const })),
    constraints: Array.from({ length: p.constraints }, (_, j) => ({ name: `c${j}`, max: 0 })),
  };
}

/** Hypervolume of the feasible evaluations so far after each one (objectives minimized, constraints ≤ 0 feasible). */
export function hvCurve(p: MoProblem, evaluations: readonly { readonly f: readonly number[]; readonly c?: readonly number[] }[]): number[] {
  const rows: number[][] = [];
  const ref = p.ref.map((r) => -r);
  return evaluations.map((e) => {
    if ((e.c ?? []).every((v) => v <= 0)) rows.push(e.f.map((v) => -v));
    return rows.length > 0 ? hypervolume(fromRows(rows, p.objectives), ref) : 0;
  });
}

/**
 * Run one algorithm on one problem with one seed for `budget` evaluations (`initialTrials` Sobol
 * points first); onStep sees the run so far after every evaluation (its hv has one entry per evaluation).
 */
export async function runMo(p: MoProblem, algorithm: MoAlgorithm, seed: number, budget: number, initialTrials: number, reference: 'inferred' | 'given' = 'inferred', onStep?: (partial: MoRunResult) => void, scalarizedStart?: number, surrogate: MoSurrogate = { kind: 'gp' }): Promise<MoRunResult> {
  const space = createSearchSpace(problemSpace(p));
  const outcomes = problemOutcomes(p);
  // 'given': the problem's reference point as algorithm.referencePoint (BoTorch's tutorials pass it); 'inferred': Ax's rule per ask.
  const referencePoint = reference === 'given' && p.objectives >= 2 ? Object.fromEntries(p.ref.map((r, k) => [`f${k}`, r])) : undefined;
  const acquisition = algorithm === 'random' || algorithm === 'default' ? undefined : (algorithm as AcquisitionKind);
  const parsed = AlgorithmSpec.parse({ surrogate: surrogate.kind, ...(surrogate.options ? { surrogateOptions: surrogate.options } : {}), acquisition, initialTrials, seed, ...(referencePoint ? { referencePoint } : {}), ...(scalarizedStart !== undefined ? { scalarizedStart } : {}) });
  // As create stores it: the resolved default written into the spec (server/study-setup.ts).
  const spec = pinScalarizedStart(parsed, { scalarizedStart: parsed.scalarizedStart ?? defaultScalarizedStart(parsed.acquisition, multiOutcomeAcquisition(parsed.acquisition, p.objectives), p.objectives) });
  const base = algorithm === 'default' && scalarizedStart !== undefined ? `default-s${scalarizedStart}` : algorithm;
  const label = surrogate.kind === 'gp' || algorithm === 'random' ? base : `${surrogate.label ?? surrogate.kind}-${base}`;
  const policy = new MoPolicy();
  const rng = createRng(deriveSeed(seed, 0x4d0));
  const completed: Observation[] = [];
  const evaluations: { f: number[]; c: number[] }[] = [];
  const bestFeasible: number[] = [];
  const phases: string[] = [];
  const fallbackReasons: Record<number, string> = {};
  const askMs: number[] = [];
  let best = NaN;
  let state: PolicyState | undefined;
  const feasibleRows: number[][] = [];
  const hvSoFar: number[] = [];
  const t0 = performance.now();
  for (let t = 0; t < budget; t++) {
    const a0 = performance.now();
    let x: number[];
    if (algorithm === 'random') {
      x = Array.from({ length: p.dim }, (_, j) => p.lower[j] + (p.upper[j] - p.lower[j]) * rng.uniform());
      phases.push('random');
    } else {
      const decision = await policy.suggest({ space, algorithm: spec, direction: 'minimize', outcomes, completed, pending: [], count: 1, state });
      state = decision.state;
      phases.push(String(decision.diagnostics.phase));
      if (decision.diagnostics.phase === 'fallback') fallbackReasons[t] = String(decision.diagnostics.fallbackReason);
      const params = decision.suggestions[0];
      x = Array.from({ length: p.dim }, (_, j) => params[`x${j}`] as number);
    }
    askMs.push(performance.now() - a0);
    const f = p.f(x);
    const c = p.c?.(x) ?? [];
    const params = Object.fromEntries(x.map((v, j) => [`x${j}`, v]));
    completed.push({ params, value: f[0], outcomes: [...f, ...c] });
    evaluations.push({ f, c });
    if (c.every((v) => v <= 0)) best = Number.isNaN(best) ? f[0] : Math.min(best, f[0]);
    bestFeasible.push(best);
    if (onStep) {
      // One hypervolume per step (hvCurve would recompute every prefix).
      if (c.every((v) => v <= 0)) feasibleRows.push(f.map((v) => -v));
      hvSoFar.push(feasibleRows.length > 0 ? hypervolume(fromRows(feasibleRows, p.objectives), p.ref.map((r) => -r)) : 0);
      onStep({ problem: p.name, algorithm: label, seed, budget, hv: [...hvSoFar], bestFeasible: [...bestFeasible], phases: [...phases], fallbackReasons: { ...fallbackReasons }, askMs: [...askMs], wallMs: performance.now() - t0 });
    }
  }
  return { problem: p.name, algorithm: label, seed, budget, hv: hvCurve(p, evaluations), bestFeasible, phases, fallbackReasons, askMs, wallMs: performance.now() - t0 };
}
