import { z } from 'zod';
import { ClientId, MAX_POOL_ROWS, ObjectiveValues, PoolRows, RequestId, StudyCreate, StudyId, TrialId, TrialState } from './study.js';
import { MAX_SIMPLEX_TOLERANCE } from './mixture.js';
import type { WireError } from './errors.js';
import { PARAMS_BOUNDS, boundedRecord } from './json-bounds.js';

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * Every operation: its socket.io event name (`noun:verb`), its request schema, and its REST route.
 * Both transports parse with these schemas; nothing else defines the wire.
 */
export const Requests = {
  'study:create': StudyCreate,
  'study:get': z.strictObject({ studyId: StudyId }),
  /** Studies in creation order, oldest first; `limit` keeps the oldest `limit` of them. */
  'study:list': z.strictObject({ limit: z.number().int().min(1).max(10000).optional() }),
  'study:delete': z.strictObject({ studyId: StudyId }),
  'study:export': z.strictObject({ studyId: StudyId, format: z.enum(['json', 'csv']).default('json') }),
  /**
   * Appends rows to a pool created with `totalRows` (protocol/study.ts PoolSpec): `offset` is the
   * pool row number of `rows[0]` and must be at most the number of rows stored; rows already
   * stored must equal what was stored (a retried chunk is a no-op, a different one CONFLICT), the
   * rest are appended. Rows are checked like create's (paths `rows.<i>.<j>`, i within this chunk).
   * Answers the study (its `pool.rows` is the count stored). Refused (FAILED_PRECONDITION) for a
   * study without a pool or once its pool is complete, except as a retry.
   */
  'pool:append': z.strictObject({
    studyId: StudyId,
    offset: z.number().int().min(0).max(MAX_POOL_ROWS),
    rows: PoolRows,
  }),
  /** Join the study's event room (socket only). */
  'study:subscribe': z.strictObject({ studyId: StudyId }),
  'study:unsubscribe': z.strictObject({ studyId: StudyId }),
  'trial:ask': z.strictObject({
    studyId: StudyId,
    count: z.number().int().min(1).max(1000).default(1),
    clientId: ClientId.optional(),
    requestId: RequestId.optional(),
  }),
  'trial:tell': z.strictObject({
    studyId: StudyId,
    trialId: TrialId,
    values: ObjectiveValues,
    cost: finite().refine((c) => c >= 0, 'cost must be >= 0').optional(),
    requestId: RequestId.optional(),
    /**
     * Ask in the same round trip: once the tell is stored, `count` trials are asked exactly as a
     * trial:ask with this clientId and requestId (required: a retried pair gets the same trials);
     * the answer carries them as `next` (TellNext). One fsync covers both writes.
     */
    next: z
      .strictObject({
        count: z.number().int().min(1).max(1000).default(1),
        clientId: ClientId.optional(),
        requestId: RequestId,
      })
      .optional(),
  }),
  'trial:fail': z.strictObject({
    studyId: StudyId,
    trialId: TrialId,
    reason: z.string().max(4096).default(''),
    requestId: RequestId.optional(),
  }),
  'trial:heartbeat': z.strictObject({ studyId: StudyId, trialId: TrialId }),
  /**
   * One intermediate value of a running trial (a point of its learning curve, first objective of
   * a single-objective study). Idempotent by (trial, step): the same value again answers the
   * stored decision, another value CONFLICT. Answers the study's pruner decision (PruneDecision).
   */
  'trial:report': z.strictObject({
    studyId: StudyId,
    trialId: TrialId,
    step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    value: finite(),
    requestId: RequestId.optional(),
  }),
  /** Stops a running trial early: state 'pruned' with its last reported value (compare-and-set like tell). */
  'trial:prune': z.strictObject({ studyId: StudyId, trialId: TrialId, requestId: RequestId.optional() }),
  /** `curves: true` adds each trial's learning curve (`intermediate`). */
  'trial:list': z.strictObject({ studyId: StudyId, states: z.array(TrialState).max(6).optional(), curves: z.boolean().optional() }),
  /**
   * The best completed trial by the first objective; in a study with a fidelity parameter only
   * trials at the target level count (null while there is none, whatever the lower levels hold).
   * With outcome constraints only feasible trials count (null while none is: study:pareto then
   * names the least infeasible). With several objectives this is still the best trial by the FIRST
   * objective among the feasible ones, one trial for scripts that need one; the trade-offs are in
   * study:pareto.
   */
  'trial:best': z.strictObject({ studyId: StudyId }),
  /**
   * The model's recommendation (read-only): the posterior-mean optimum at the target fidelity,
   * with its predicted value and 95% interval (protocol/study.ts Recommendation).
   * FAILED_PRECONDITION before the model has enough data (2 completed trials; fidelity studies:
   * one of them at the target level) — trial:best answers meanwhile.
   */
  'study:recommend': z.strictObject({ studyId: StudyId }),
  /**
   * The fitted model along each parameter through the incumbent (posterior mean and 95% band) and
   * each parameter's importance (protocol/slices.ts). Read-only, off the event loop; the same
   * FAILED_PRECONDITION as study:recommend before the model has enough data.
   */
  'study:slices': z.strictObject({ studyId: StudyId }),
  /** The Pareto front of the feasible completed trials and its hypervolume (protocol/pareto.ts). */
  'study:pareto': z.strictObject({ studyId: StudyId }),

  /** Queue user-given params; the next ask returns them first (warm start, hand-picked points). */
  'trial:enqueue': z.strictObject({
    studyId: StudyId,
    params: boundedRecord(PARAMS_BOUNDS),
    requestId: RequestId.optional(),
  }),
  /** Record trials completed elsewhere. */
  'trial:add': z.strictObject({
    studyId: StudyId,
    trials: z
      .array(z.strictObject({ params: boundedRecord(PARAMS_BOUNDS), values: ObjectiveValues, cost: finite().optional() }))
      .min(1)
      .max(10000),
    /** Renormalise simplex weights summing to 1 within this (e.g. 1e-2 for rounded sweep logs); absent: strict (±1e-6). */
    simplexTolerance: z.number().min(0).max(MAX_SIMPLEX_TOLERANCE).optional(),
    requestId: RequestId.optional(),
  }),
  health: z.strictObject({}),
} as const;

export type EventName = keyof typeof Requests;
export type RequestOf<E extends EventName> = z.infer<(typeof Requests)[E]>;
export type RequestInputOf<E extends EventName> = z.input<(typeof Requests)[E]>;

/** REST routes over the same operations (path params fill the request object). */
export const Routes: Record<Exclude<EventName, 'study:subscribe' | 'study:unsubscribe'>, { method: 'GET' | 'POST' | 'DELETE'; path: string }> = {
  'study:create': { method: 'POST', path: '/v1/studies' },
  'study:list': { method: 'GET', path: '/v1/studies' },
  'study:get': { method: 'GET', path: '/v1/studies/:studyId' },
  'study:delete': { method: 'DELETE', path: '/v1/studies/:studyId' },
  'study:export': { method: 'GET', path: '/v1/studies/:studyId/export' },
  'trial:ask': { method: 'POST', path: '/v1/studies/:studyId/ask' },
  'trial:tell': { method: 'POST', path: '/v1/studies/:studyId/trials/:trialId/tell' },
  'trial:fail': { method: 'POST', path: '/v1/studies/:studyId/trials/:trialId/fail' },
  'trial:heartbeat': { method: 'POST', path: '/v1/studies/:studyId/trials/:trialId/heartbeat' },
  'trial:report': { method: 'POST', path: '/v1/studies/:studyId/trials/:trialId/report' },
  'trial:prune': { method: 'POST', path: '/v1/studies/:studyId/trials/:trialId/prune' },
  'trial:list': { method: 'GET', path: '/v1/studies/:studyId/trials' },
  'trial:best': { method: 'GET', path: '/v1/studies/:studyId/best' },
  'study:recommend': { method: 'GET', path: '/v1/studies/:studyId/recommend' },
  'study:slices': { method: 'GET', path: '/v1/studies/:studyId/slices' },
  'study:pareto': { method: 'GET', path: '/v1/studies/:studyId/pareto' },

  'trial:enqueue': { method: 'POST', path: '/v1/studies/:studyId/trials' },
  'pool:append': { method: 'POST', path: '/v1/studies/:studyId/pool/rows' },
  'trial:add': { method: 'POST', path: '/v1/studies/:studyId/completed-trials' },
  health: { method: 'GET', path: '/v1/health' },
};

/** Acknowledgement of every request, on both transports (REST sends it as the JSON body). */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export { MAX_PAYLOAD_BYTES, ServerEvents, type ServerEvent } from './wire-constants.js';

/** Health report. */
export interface Health {
  version: string;
  storage: string;
  tensorBackend: string;
  /** What runs the tensor kernels (e.g. the WebGPU adapter, or 'CPU (WebAssembly SIMD)'), once a backend is selected. */
  tensorDevice?: string;
  /** Why that backend was chosen, with each skipped candidate's reason. */
  tensorBackendReason?: string;
  linalg: string;
  /**
   * With the native backend, its OpenBLAS kernel and threads ('OpenBLAS core=SkylakeX threads=1'): kernels
   * are picked by CPU and round differently, so the same seed gives another trajectory on another CPU
   * unless OPENBLAS_CORETYPE names the same core.
   */
  linalgDetail?: string;
  uptimeSeconds: number;
  /** The compute pool: workers started (0 with compute workers off: fits run on the event loop), busy, jobs queued, workers replaced. */
  compute: { workers: number; busy: number; queued: number; restarts: number };
}

/** Study export: JSON holds the study and its trials; CSV one row per trial. */
export type StudyExport =
  | { format: 'json'; study: import('./study.js').Study; trials: import('./study.js').Trial[] }
  | { format: 'csv'; content: string };

/** What each operation answers with (the `data` of a successful Ack). */
/** The ask half of a trial:tell with `next`: its trials, or the error a plain trial:ask would have answered. */
export type TellNext = { trials: import('./study.js').Trial[] } | { error: WireError };

export interface Responses {
  'study:create': import('./study.js').Study;
  'study:get': import('./study.js').Study;
  'study:list': import('./study.js').Study[];
  'study:delete': { deleted: true };
  'study:export': StudyExport;
  'study:subscribe': { subscribed: true };
  'study:unsubscribe': { subscribed: false };
  'trial:ask': { trials: import('./study.js').Trial[] };
  /** With `next` in the request, the asked trials (or why the ask failed: the tell is stored either way). */
  'trial:tell': import('./study.js').Trial & { next?: TellNext };
  'trial:fail': import('./study.js').Trial;
  'trial:heartbeat': import('./study.js').Trial;
  'trial:report': import('./pruner.js').PruneDecision;
  'trial:prune': import('./study.js').Trial;
  'trial:list': import('./study.js').Trial[];
  'trial:best': import('./study.js').Trial | null;
  'study:recommend': import('./study.js').Recommendation;
  'study:slices': import('./slices.js').StudySlices;
  'study:pareto': import('./pareto.js').ParetoFront;

  'trial:enqueue': import('./study.js').Trial;
  'trial:add': import('./study.js').Trial[];
  'pool:append': import('./study.js').Study;
  health: Health;
}
