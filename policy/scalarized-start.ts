/**
 * The scalarized start of a qLogNEHVI study: its first `scalarizedStart` model asks run qNParEGO
 * (random Chebyshev scalarizations), the rest qLogNEHVI.
 *
 * Why: with 3+ objectives and few points, qLogNEHVI goes to the box corners where the per-objective
 * GPs extrapolate optimistically (DTLZ2 with 3 objectives: every early pick at x0 = 0, x1 = 1;
 * benchmarks/RESULTS.md, 2026-12-05 multi-objective part 2), and loses to qNParEGO and the Optuna
 * samplers at 40 evaluations; with more data the EHVI's exact hypervolume accounting wins. The
 * default number of scalarized asks was chosen on seeds 100-104 (RESULTS.md, session 8).
 *
 * The default is resolved once at create and written into the stored spec (pinScalarizedStart), so
 * the policy reads only the spec and a study stored before this rule (no field) keeps running
 * qLogNEHVI from its first model ask, as it did when it was created.
 */
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';

/** Model asks that run qNParEGO before qLogNEHVI, by default, for 3-4 objectives (chosen on seeds 100-104). */
export const DEFAULT_SCALARIZED_START = 30;

/** Fewest objectives at which the default scalarized start applies (two-objective studies run qLogNEHVI from the start). */
export const SCALARIZED_START_MIN_OBJECTIVES = 3;

type MultiOutcomeKind = 'qlognehvi' | 'qnparego' | 'qlognei';

/**
 * The scalarized start a study gets when its spec names none: DEFAULT_SCALARIZED_START when the
 * spec's acquisition is the default and the study runs qlognehvi with 3+ objectives (so 3-4);
 * 0 otherwise (an explicit 'qlognehvi' runs as asked from the first model ask).
 */
export function defaultScalarizedStart(specAcquisition: string, runs: MultiOutcomeKind, objectives: number): number {
  return runs === 'qlognehvi' && specAcquisition !== 'qlognehvi' && objectives >= SCALARIZED_START_MIN_OBJECTIVES ? DEFAULT_SCALARIZED_START : 0;
}

/**
 * The spec a study stores at create: the effective algorithm's scalarized start written in when the
 * spec left it out, so the policy (which reads the stored spec) runs what the study's view says.
 */
export function pinScalarizedStart(algorithm: AlgorithmSpec, effective: Pick<EffectiveAlgorithm, 'scalarizedStart'>): AlgorithmSpec {
  return algorithm.scalarizedStart === undefined && effective.scalarizedStart !== undefined ? { ...algorithm, scalarizedStart: effective.scalarizedStart } : algorithm;
}

/**
 * The acquisition of one multi-outcome ask: qnparego while fewer than `scalarizedStart` trials
 * beyond the initial design were taken (completed or pending) and the study runs qlognehvi;
 * otherwise the study's own (`runs`). The spec's field is read as stored: absent means 0.
 */
export function askAcquisition(runs: MultiOutcomeKind, scalarizedStart: number | undefined, modelTrialsTaken: number): MultiOutcomeKind {
  return runs === 'qlognehvi' && modelTrialsTaken < (scalarizedStart ?? 0) ? 'qnparego' : runs;
}
