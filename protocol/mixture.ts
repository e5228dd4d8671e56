import { z } from 'zod';

/** Component keys; checked against the parameter's components in core/search-space.ts (unknown ones are INVALID_ARGUMENT). */
const Component = z.string().min(1).max(128);

const fraction = () => z.number().refine(Number.isFinite, 'must be a finite number').refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]');
const positive = () => z.number().refine(Number.isFinite, 'must be a finite number').refine((v) => v > 0, 'must be > 0');

/**
 * A token budget per component (RegMix, Liu et al. 2024, §3: a component cannot supply more than
 * its tokens times the epochs allowed): weight_c <= available[c] · maxEpochs / totalTokens.
 * `available` names every component (token counts, any unit shared with totalTokens).
 */
export const TokenBudget = z.strictObject({
  available: z.record(Component, z.number().refine(Number.isFinite, 'must be a finite number').refine((v) => v >= 0, 'must be >= 0')),
  totalTokens: positive(),
  maxEpochs: positive(),
});

/** Mixture constraints of a simplex parameter (all optional; absent = the whole simplex). */
export const MixtureConstraintFields = {
  /** Per-component lower bounds {component: weight}. */
  min: z.record(Component, fraction()).optional(),
  /** Per-component upper bounds {component: weight}. */
  max: z.record(Component, fraction()).optional(),
  /** Upper bounds from token counts and a maximum number of epochs. */
  tokens: TokenBudget.optional(),
  /** Smallest non-zero weight: smaller weights snap to 0 (a component is either absent or at least this). */
  minWeight: z.number().refine(Number.isFinite, 'must be a finite number').refine((v) => v > 0 && v < 1, 'must be in (0, 1)').optional(),
  /**
   * The natural (token) distribution {component: weight}, summing to 1 within NATURAL_SUM_TOL
   * (renormalised; absent components weigh 0): the space-filling design is centred on it
   * (core/natural-design.ts). Not a constraint.
   */
  natural: z.record(Component, fraction()).optional(),
};

/** Tolerance on the sum of a `natural` distribution's weights (they are renormalised). */
export const NATURAL_SUM_TOL = 1e-2;

export type TokenBudget = z.infer<typeof TokenBudget>;

/** Largest trial:add `simplexTolerance`: beyond it weights are not rounded, they are wrong. */
export const MAX_SIMPLEX_TOLERANCE = 0.1;
