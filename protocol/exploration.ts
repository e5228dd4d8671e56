import { z } from 'zod';

/**
 * Exploratory asks of the single-objective BO policy (policy/exploration.ts), for runs that exploit
 * one basin or whose model cannot rank the data:
 * - 'off': every model ask maximizes the acquisition.
 * - 'epsilon': ε-greedy BO (De Ath et al. 2021, "Greed is good: exploration and exploitation
 *   trade-offs in Bayesian optimisation", ACM TELO; their ε-RS: with probability ε the ask is a point
 *   spread over the whole space instead of the acquisition's argmax). The point is the next one of the
 *   study's scrambled Sobol sequence (the sequence the initial design comes from), and the ε draw
 *   comes from a stream fixed by the study seed and the number of trials, so a run is
 *   deterministic by seed. With `minSkill`, an ask whose fitted model ranks its own data no better
 *   than that (Spearman's ρ between the closed-form leave-one-out means and the observations, below
 *   minSkill) is exploratory too: a model without predictive skill has no business choosing.
 * Absent fields keep the bracketed defaults.
 */
export const ExplorationSpec = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('off') }),
  z.strictObject({
    mode: z.literal('epsilon'),
    /** Probability that a model ask is exploratory [0.1, De Ath et al.'s value]. */
    epsilon: z.number().min(0).max(1).optional(),
    /**
     * Leave-one-out Spearman ρ below which an ask is exploratory [absent: no skill gate]; needs a
     * surrogate with a closed-form leave-one-out predictive (gp, nngp, ntk, stp), refused at create
     * for the others.
     */
    minSkill: z.number().min(-1).max(1).optional(),
    /**
     * What the skill gate reads ['loo']: 'loo' Spearman's ρ of the closed-form leave-one-out means and
     * the observations; 'prequential' Spearman's ρ of the last PREQUENTIAL_WINDOW observations and
     * the means predicted for each of them by the model refitted (this ask's hyperparameters) on the
     * trials before it: whether the model predicted the points the search went on to ask. Needs a
     * family with a refit at fixed hyperparameters (gp, nngp, ntk, stp; refused at create for the
     * others) and a minSkill (refused without one).
     */
    skill: z.enum(['loo', 'prequential']).optional(),
  }),
]);
export type ExplorationSpec = z.infer<typeof ExplorationSpec>;
export type SkillStatistic = 'loo' | 'prequential';

/** De Ath et al.'s ε (their recommended 0.1). */
export const DEFAULT_EPSILON = 0.1;
