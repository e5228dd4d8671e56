/**
 * What `study:slices` answers (GET /v1/studies/:studyId/slices): the fitted model's beliefs along
 * each parameter through the incumbent, and a global importance of each parameter. Type-only
 * (no zod), so the browser SDK and the dashboard can use it.
 */

/** The posterior along one parameter, the others held at the incumbent. Arrays are parallel, one entry per grid point. */
export interface ParamSlice {
  readonly param: string;
  /** 'numeric': float/int on a grid (`log` when the parameter is log-scaled); 'categorical': one point per choice. */
  readonly kind: 'numeric' | 'categorical';
  readonly log?: boolean;
  /** The parameter's values in user units, ascending for numeric parameters (the incumbent's own value included). */
  readonly x: (number | string | boolean)[];
  /** Posterior mean of the objective, user units. */
  readonly mean: number[];
  /** 95% posterior interval of the objective's mean (mean ± 1.96·sd; not of a new noisy measurement). */
  readonly lower: number[];
  readonly upper: number[];
}

/** A parameter's share of the posterior mean's variance over the space (first-order Sobol index, in [0, 1]). */
export interface ParamImportance {
  readonly param: string;
  readonly value: number;
}

/** The answer of `study:slices`. */
export interface StudySlices {
  /** The objective modelled (the first one) and its direction. */
  readonly objective: string;
  readonly direction: 'minimize' | 'maximize';
  /** The best completed trial (at the target fidelity in fidelity studies): where the slices cross. */
  readonly incumbent: { readonly trialId: string; readonly number: number; readonly params: Record<string, unknown>; readonly value: number };
  /** The posterior at the incumbent itself. */
  readonly atIncumbent: { readonly mean: number; readonly lower: number; readonly upper: number };
  readonly slices: ParamSlice[];
  /**
   * First-order Sobol indices of the posterior mean over the space (Saltelli 2010 pick-freeze
   * estimator on uniform space samples), normalised by the mean's total variance.
   */
  readonly importance: ParamImportance[];
  /** Parameters without a slice and why (simplex: a slice through a mixture is not one-dimensional; fidelity: pinned at the target). */
  readonly skipped: { readonly param: string; readonly reason: string }[];
  /** What produced it: the model kind ('gp', 'mf-gp', ...), the completed trials it saw, a note when it is not the study's own surrogate. */
  readonly model: { readonly kind: string; readonly observations: number; readonly note?: string };
  /** Studies with a fidelity parameter: the level the posterior is for. */
  readonly fidelity?: { readonly name: string; readonly value: string | number };
}
