import type { Direction, Trial } from './study.js';

/**
 * `study:pareto` (REST `GET /v1/studies/:studyId/pareto`): the completed trials on the Pareto front
 * of a study and the hypervolume they dominate. Only feasible trials count (every outcome
 * constraint met); in a study with a fidelity parameter only target-level trials. With one
 * objective the front is the best trial (ties: all of them).
 */
export interface ParetoFront {
  /** The study's objectives and directions, for reading `trials[i].values`. */
  objectives: Record<string, Direction>;
  /** Non-dominated feasible completed trials, in trial-number order. */
  trials: Trial[];
  /**
   * Hypervolume of the feasible completed trials above the reference point, in the product of
   * the objectives' units (each objective counted in its own direction); 0 without a feasible trial.
   */
  hypervolume: number;
  /** Objective name -> value; the study's algorithm.referencePoint, or inferred as Ax does (the front's nadir, 10% of its range further out). */
  referencePoint?: Record<string, number>;
  referencePointSource?: 'user' | 'inferred';
  /** Completed trials with every objective and constraint metric told, and how many of them are feasible. */
  completed: number;
  feasible: number;
  /** Only when no completed trial is feasible: the one closest to feasible (least total violation relative to each bound). */
  leastInfeasible?: Trial;
  /** Why the front is empty, when it is. */
  note?: string;
}
