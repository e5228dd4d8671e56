import { z } from 'zod';
import { AlgorithmSpec, type EffectiveAlgorithm } from './algorithm.js';
import { Name, SpaceSpec } from './space.js';
import { OPTIONS_BOUNDS, refineJsonBounds } from './json-bounds.js';
import type { IntermediateValue } from './pruner.js';

export const Direction = z.enum(['minimize', 'maximize']);
export type Direction = z.infer<typeof Direction>;

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

/** Client-chosen identifiers that make retries idempotent. */
export const RequestId = z.string().min(1).max(128);
export const ClientId = z.string().min(1).max(128);
export const StudyId = z.string().min(1).max(128);
export const TrialId = z.string().min(1).max(128);

/** Objective name -> direction; several objectives make a multi-objective study (policy/mo-policy.ts). */
export const Objectives = z
  .record(Name, Direction)
  .refine((o) => Object.keys(o).length >= 1, 'at least one objective')
  .refine((o) => Object.keys(o).length <= 16, 'at most 16 objectives');

/**
 * Outcome constraints: metric name -> bounds in the metric's units (`{max: 16}`, `{min: 0.9}` or
 * both). Each metric is told with the objectives in a tell's `values`; a trial is feasible when
 * every metric is within its bounds. Names must differ from the objectives' (checked at create).
 */
export const Constraints = z
  .record(
    Name,
    z
      .strictObject({ min: finite().optional(), max: finite().optional() })
      .refine((b) => b.min !== undefined || b.max !== undefined, 'give min, max or both')
      .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min must not exceed max'),
  )
  .refine((c) => Object.keys(c).length <= 16, 'at most 16 constraints');
export type Constraints = z.infer<typeof Constraints>;

/**
 * Most rows a candidate pool may have in all. One message holds at most MAX_PAYLOAD_BYTES (1 MB,
 * about 2,500 rows of 19 weights): larger pools are created with their first rows and
 * `totalRows`, then completed with `pool:append` (the SDK does this on its own).
 */
export const MAX_POOL_ROWS = 100_000;

/**
 * One cell of a pool row: a float/int/categorical value, a fidelity level value (null: the row is
 * a candidate at every level), or a simplex value as weights in component order or {component: weight}.
 */
export const PoolCell = z.union([finite(), z.string().max(256), z.boolean(), z.null(), z.array(finite()).max(256), z.record(Name, finite()).refine((r) => Object.keys(r).length <= 256, 'at most 256 simplex components')]);
export type PoolCell = z.infer<typeof PoolCell>;

/** Rows of pool cells (one message's worth: create's first rows, or one `pool:append` chunk). */
export const PoolRows = z.array(z.array(PoolCell).max(1024)).min(1).max(MAX_POOL_ROWS);

/**
 * A finite candidate set, column-wise so a pool of thousands of rows stays small on the wire:
 * `columns` names the space's parameters (every one except, optionally, the fidelity parameter;
 * a row without a fidelity value is a candidate at every level), `rows[i][j]` is the value of
 * `columns[j]`. Asks then return only pool rows not completed or pending at the same level.
 * Semantic checks (values inside the space, simplex rows summing to 1 within 1e-3) need the
 * space and are made by the server, with paths `pool.rows.<i>.<j>`.
 * A pool larger than one message: send the first rows with `totalRows` (the full count), then the
 * rest with `pool:append`; until all `totalRows` rows are there, asks and enqueues of the study
 * answer FAILED_PRECONDITION (a partial menu is never searched).
 */
export const PoolSpec = z
  .strictObject({
    columns: z.array(Name).min(1).max(1024),
    rows: PoolRows,
    totalRows: z.number().int().min(1).max(MAX_POOL_ROWS).optional(),
  })
  .superRefine((pool, ctx) => {
    if (pool.totalRows !== undefined && pool.totalRows < pool.rows.length) {
      ctx.addIssue({ code: 'custom', path: ['totalRows'], message: `totalRows ${pool.totalRows} is less than the ${pool.rows.length} rows given` });
    }
    const seen = new Set<string>();
    pool.columns.forEach((c, j) => {
      if (seen.has(c)) ctx.addIssue({ code: 'custom', path: ['columns', j], message: `duplicate column '${c}'` });
      seen.add(c);
    });
    for (let i = 0; i < pool.rows.length; i++) {
      if (pool.rows[i].length !== pool.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', i], message: `row has ${pool.rows[i].length} values for ${pool.columns.length} columns` });
        return;
      }
    }
  });
export type PoolSpec = z.infer<typeof PoolSpec>;

/** What a user sends to create a study. */
export const StudyCreate = z.strictObject({
  name: z.string().min(1).max(256),
  space: SpaceSpec,
  objectives: Objectives,
  /** Outcome constraints on metrics told alongside the objectives (see Constraints). */
  constraints: Constraints.optional(),
  algorithm: AlgorithmSpec.optional(),
  /** Seconds a running trial is leased before it is abandoned (heartbeats extend it). */
  leaseSeconds: z.number().positive().max(30 * 24 * 3600).optional(),
  /** Free-form labels: at most 256 keys and 64 KiB of JSON (json-bounds.ts OPTIONS_BOUNDS). */
  metadata: z.record(z.string().max(128), z.union([z.string().max(4096), finite(), z.boolean(), z.null()])).superRefine(refineJsonBounds(OPTIONS_BOUNDS)).optional(),
  requestId: RequestId.optional(),
  /** A finite candidate pool: asks pick only from it (data-mixture menus, ADMIRE's pool mode). */
  pool: PoolSpec.optional(),
});
export type StudyCreate = z.infer<typeof StudyCreate>;
export type StudyCreateInput = z.input<typeof StudyCreate>;

/**
 * 'pruned': stopped early from its intermediate values (trial:prune); it keeps its last reported
 * value (the one at its largest step) as its value, but is never a best trial.
 */
export const TrialState = z.enum(['queued', 'running', 'completed', 'failed', 'abandoned', 'pruned']);
export type TrialState = z.infer<typeof TrialState>;

/** A study as the server returns it. */
export interface Study {
  id: string;
  name: string;
  space: z.infer<typeof SpaceSpec>;
  objectives: Record<string, Direction>;
  /** Outcome constraints, when the study has any. */
  constraints?: Constraints;
  algorithm: z.infer<typeof AlgorithmSpec>;
  /**
   * What the study actually runs: policy, surrogate, acquisition, tensor backend and limits,
   * resolved at create (named substitutions in `notes`). Absent only for a study stored before it
   * existed whose algorithm cannot run (its asks fall back, with the reason in their diagnostics).
   */
  effectiveAlgorithm?: EffectiveAlgorithm;
  leaseSeconds: number;
  metadata: Record<string, string | number | boolean | null>;
  createdAt: string;
  trialCounts: Record<TrialState, number>;
  /**
   * Present when the study was created with a candidate pool (the rows themselves stay
   * server-side): `rows` stored so far and, when the pool is uploaded in chunks, the `totalRows`
   * declared at create (the pool is complete once rows === totalRows).
   */
  pool?: { rows: number; totalRows?: number };
}

/** A trial as the server returns it; params in user units. */
export interface Trial {
  id: string;
  studyId: string;
  number: number;
  state: TrialState;
  params: Record<string, unknown>;
  values?: Record<string, number>;
  /** Cost actually paid (data-mixture studies may tell it). */
  cost?: number;
  failReason?: string;
  createdAt: string;
  finishedAt?: string;
  leaseExpiresAt?: string;
  /**
   * The trial's learning curve (trial:report), by step: only where asked for (trial:list with
   * `curves: true`, study:export), so asks and plain listings stay small.
   */
  intermediate?: IntermediateValue[];
  /**
   * Why the policy chose this point. `phase`:
   * - 'initial-design': a space-filling point of the initial design (or too few results to fit);
   * - 'model': chosen by the surrogate + acquisition (`modelFallback: 'gp'` with
   *   `modelFallbackReason` when the surrogate stood in another model, e.g. DKL whose training
   *   diverged fitted the default GP); a greedy ask (algorithm.exploit) shows `acquisition:
   *   'posterior-mean'` and `exploit.greedy: true`;
   * - 'exploration': a model ask that took the study's next space-filling point instead of the
   *   acquisition's (algorithm.exploration; `exploration.reason` says which trigger, 'epsilon' or 'skill';
   *   or the fresh start of a trust-region run after a restart, `trustRegion.restartDesign: true`);
   * - 'verification': a model ask that measures an earlier trial's point again, because a robust GP
   *   with `verifyOutliers` (the GP's default since session 20) treats its value as an outlier
   *   (`verification.row`, `verification.rank`); in a batch that point takes one slot of a 'model'
   *   ask, which then carries `verification` too;
   * - 'fallback': the model could not be used (fit failed, backend missing, timed out...), so a
   *   space-filling point (or a random pool row) was returned; `fallbackReason` says why. The SDK
   *   emits a 'warning' event for it;
   * - 'space-filling': surrogate 'none'; 'pool-random': surrogate 'none' with a pool;
   * - 'enqueued': a point the user queued; 'added': a trial the user recorded (trial:add).
   */
  diagnostics?: Record<string, unknown>;
}

/** Told values: objective name -> finite number (at most 64 keys; the server checks them against the study). */
export const ObjectiveValues = z.record(Name, finite()).refine((v) => Object.keys(v).length <= 64, 'at most 64 objective values');

/**
 * A model-based recommendation (`study:recommend`): where the model believes the optimum is and
 * what it predicts there. Values are in the objective's user units; the interval is the 95%
 * posterior interval of the objective's mean at `params` (mean ± 1.96·sd; not of one new noisy
 * measurement), so lower ≤ predicted ≤ upper whatever the direction.
 */
export interface Recommendation {
  /** The recommended point; a fidelity parameter is at its target level. */
  params: Record<string, unknown>;
  /** The objective the recommendation optimizes (the first one) and its direction. */
  objective: string;
  direction: Direction;
  /** Posterior mean of the objective at params. */
  predicted: number;
  interval: { lower: number; upper: number; level: 0.95 };
  /** What produced it: the model kind ('gp', 'mf-gp', ...), the completed trials it saw, a note when it is not the study's own surrogate. */
  model: { kind: string; observations: number; note?: string };
  /** Studies with a fidelity parameter: the level the prediction is for. */
  fidelity?: { name: string; value: string | number };
  /** Pool studies: the user's pool row of params. */
  poolRow?: number;
}
