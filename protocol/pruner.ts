import { z } from 'zod';

/**
 * Pruners (early stopping of trials from their reported intermediate values), one variant per
 * kind, chosen per study as `algorithm.pruner`. Absent means `{type: 'none'}`. Decisions:
 * policy/pruners/. A new kind adds a variant here and a file plus a registry line there.
 */

const positiveInt = () => z.number().int().min(1).max(1_000_000_000);

/** Never prune (every report answers `{prune: false}`). */
export const NonePruner = z.strictObject({ type: z.literal('none') });

/**
 * Optuna's MedianPruner: at step s, prune when the trial's best value so far is worse than the
 * median of the values other finished (completed or pruned) trials reported at step s.
 */
export const MedianPruner = z.strictObject({
  type: z.literal('median'),
  /** No pruning until this many trials are completed or pruned [5]. */
  startupTrials: z.number().int().min(0).max(1_000_000).default(5),
  /** No pruning before this step [0]. */
  warmupSteps: z.number().int().min(0).max(1_000_000_000).default(0),
  /** Decide only at the first report of each window of this many steps after the warmup [1]. */
  intervalSteps: positiveInt().default(1),
});

/**
 * Asynchronous successive halving (Li et al. 2018, "Massively parallel hyperparameter tuning";
 * Optuna's SuccessiveHalvingPruner): rung k sits at step minResource·eta^(minEarlyStoppingRate+k);
 * a trial reaching a rung continues only while it is in the top 1/eta of the trials that reached it.
 */
export const AshaPruner = z.strictObject({
  type: z.literal('asha'),
  /** Steps of the first rung (r) [1]. */
  minResource: positiveInt().default(1),
  /** eta: the share 1/eta of each rung that is promoted [3]. */
  reductionFactor: z.number().int().min(2).max(1000).default(3),
  /** s: the first rung is at r·eta^s [0]. */
  minEarlyStoppingRate: z.number().int().min(0).max(30).default(0),
});

/**
 * Hyperband (Li et al. 2018, JMLR) run asynchronously as Optuna's HyperbandPruner: brackets of
 * ASHA with s = 0..floor(log_eta(maxResource/minResource)); each trial is assigned one bracket
 * (crc32 of `<study name>_<trial number>`, weighted by each bracket's budget) and competes only
 * with the trials of its bracket.
 */
export const HyperbandPruner = z
  .strictObject({
    type: z.literal('hyperband'),
    minResource: positiveInt().default(1),
    /** The last step a trial reports (its full budget, e.g. epochs). Must exceed minResource. */
    maxResource: positiveInt(),
    reductionFactor: z.number().int().min(2).max(1000).default(3),
  })
  .superRefine((p, ctx) => {
    if (p.maxResource <= p.minResource) ctx.addIssue({ code: 'custom', path: ['maxResource'], message: `maxResource (${p.maxResource}) must be greater than minResource (${p.minResource})` });
  });

/**
 * Learning-curve pruning (issue 19): a freeze-thaw GP (Swersky et al. 2014) over every trial's
 * curve forecasts the running trial's value at maxSteps; stop when P(it beats the best completed
 * trial) < threshold. The fit runs on the compute plane (policy/pruners/learning-curve-pruner.ts).
 */
export const LearningCurvePruner = z
  .strictObject({
    type: z.literal('learning-curve'),
    /** Prune below this probability of beating the best completed trial [0.05]. */
    threshold: z.number().gt(0).lt(1).default(0.05),
    /** No decision before this step [3]. */
    minSteps: positiveInt().default(3),
    /** The final step whose value is forecast (a run's full budget, e.g. epochs). Must exceed minSteps. */
    maxSteps: positiveInt(),
    /** Model log(value) ('log': positive, multiplicative values such as losses) or the values ['linear']. */
    scale: z.enum(['linear', 'log']).default('linear'),
    /**
     * Until this many trials have completed, screen runs by rank instead (Hyperband's most
     * aggressive bracket: rungs at minSteps·3^k, the top third goes on), since the curve model has
     * too few whole curves to forecast; 0: no pruning until it can [0]. On the digits table
     * (benchmarks/RESULTS.md, session 7) it paid with partialRuns 'exclude' and was a trade with
     * 'forecast': more configurations screened early, fewer pruned later, a worse end.
     */
    startupTrials: z.number().int().min(0).max(1000).default(0),
    /**
     * The startup screen's first rung (its rungs are at startupMinSteps·3^k) [minSteps]. Below
     * minSteps it screens at steps the forecast rule never decides at (e.g. 1 epoch).
     */
    startupMinSteps: positiveInt().optional(),
    /**
     * Runs that must reach the startup screen's first rung before any goes past it: the first
     * startupRungTrials − 1 runs stop there, so no run finishes unscreened [1].
     */
    startupRungTrials: z.number().int().min(1).max(1000).default(1),
    /** Most curves one decision conditions on (the most recent finished ones): bounds its cost [64]. */
    maxCurves: z.number().int().min(4).max(512).default(64),
    /**
     * What BO learns from the trials this pruner stopped: their forecast finals as observations
     * with the forecast's variance ['forecast'], or nothing, their points only kept out of later
     * asks ('exclude').
     */
    partialRuns: z.enum(['forecast', 'exclude']).default('forecast'),
    /**
     * A budget-aware threshold (policy/pruners/budget-threshold.ts): the threshold moves linearly
     * from `threshold` to `budget.threshold` as the study spends `budget.steps` steps (summed over
     * its trials' last reported steps), and stays there after. Absent: `threshold` throughout.
     */
    budget: z.strictObject({ steps: positiveInt(), threshold: z.number().gt(0).lt(1) }).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.maxSteps <= p.minSteps) ctx.addIssue({ code: 'custom', path: ['maxSteps'], message: `maxSteps (${p.maxSteps}) must be greater than minSteps (${p.minSteps})` });
    if (p.startupMinSteps !== undefined && p.startupMinSteps >= p.maxSteps) ctx.addIssue({ code: 'custom', path: ['startupMinSteps'], message: `startupMinSteps (${p.startupMinSteps}) must be less than maxSteps (${p.maxSteps})` });
    // The screen runs only while startupTrials > 0: its settings would be silently ignored otherwise.
    if (p.startupTrials === 0 && p.startupMinSteps !== undefined) ctx.addIssue({ code: 'custom', path: ['startupMinSteps'], message: 'startupMinSteps sets the startup screen, which runs only with startupTrials > 0' });
    if (p.startupTrials === 0 && p.startupRungTrials !== 1) ctx.addIssue({ code: 'custom', path: ['startupRungTrials'], message: 'startupRungTrials sets the startup screen, which runs only with startupTrials > 0' });
    if (p.budget && p.budget.steps < p.maxSteps) ctx.addIssue({ code: 'custom', path: ['budget', 'steps'], message: `budget.steps (${p.budget.steps}) must be at least maxSteps (${p.maxSteps}): a budget smaller than one run leaves nothing to prune` });
  });

/** The pruner of a study (a discriminated union on `type`). */
export const PrunerSpec = z.discriminatedUnion('type', [NonePruner, MedianPruner, AshaPruner, HyperbandPruner, LearningCurvePruner]);
export type PrunerSpec = z.infer<typeof PrunerSpec>;
export type PrunerInput = z.input<typeof PrunerSpec>;
export type PrunerKind = PrunerSpec['type'];

/** One reported intermediate value of a trial (its learning curve is these, by step). */
export interface IntermediateValue {
  readonly step: number;
  readonly value: number;
}

/** What a report answers: whether the trial should stop, and why. */
export interface PruneDecision {
  readonly prune: boolean;
  readonly reason?: string;
}
