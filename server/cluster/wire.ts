/**
 * What crosses the job queue, validated with zod on both ends (a worker and an API replica may
 * run different builds, and Redis is writable by anything that reaches it): the job the API
 * replica adds, and the envelope a worker returns as the job's result.
 *
 * Payloads are small on purpose: a job names its study and carries only what the ask decided
 * under its lock (pending points, count, deadline); the worker reads the study, its pool, its
 * completed trials and its policy state from the shared storage itself (study-loader.ts). So a
 * study with 100,000 trials or a 10 MB pool costs the queue the same few hundred bytes.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../protocol/errors.js';
import { BoError } from '../../core/errors.js';
import { ComputeFailure, type FailureReason } from '../compute/types.js';

/** Failure reasons a worker may report (the local plane's, plus a deadline passed before the job started). */
const REMOTE_REASONS = ['hard-limit', 'worker-crash', 'policy-error'] as const satisfies readonly FailureReason[];

/** One job, as added to a class queue by QueuePlane. */
export const JobData = z.strictObject({
  v: z.literal(1),
  kind: z.enum(['suggest', 'recommend', 'slices', 'prune', 'probe', 'pareto']),
  studyId: z.string().min(1).max(200),
  direction: z.enum(['minimize', 'maximize']),
  /** Probe: the algorithm to probe (the study does not exist yet); the worker validates it with AlgorithmSpec. */
  algorithm: z.record(z.string(), z.unknown()).optional(),
  /** Running and queued points the ask saw (suggest; [] for recommend). */
  pending: z.array(z.record(z.string(), z.unknown())).max(1_000_000),
  /** Pruned trials' points the ask saw (suggest: never suggested again; absent: none). */
  excluded: z.array(z.record(z.string(), z.unknown())).max(1_000_000).optional(),
  /** Suggest: pruned trials' curves to forecast into observations (SuggestJob.partialRuns); absent: none. */
  partialRuns: z
    .strictObject({
      trials: z.array(z.record(z.string(), z.unknown())).max(100_000),
      settings: z.record(z.string(), z.unknown()),
      outsideWindow: z.number().int().min(0),
    })
    .optional(),
  /** Pareto: the study's outcome spec, told outcome vectors (spec order) and user reference point: the summary reads nothing else, so the worker reads no storage. */
  pareto: z
    .strictObject({
      outcomes: z.strictObject({
        objectives: z.array(z.strictObject({ name: z.string().min(1).max(200), direction: z.enum(['minimize', 'maximize']) })).min(1).max(100),
        constraints: z.array(z.strictObject({ name: z.string().min(1).max(200), min: z.number().finite().optional(), max: z.number().finite().optional() })).max(100),
      }),
      vectors: z.array(z.array(z.number().finite()).max(200)).max(1_000_000),
      referencePoint: z.record(z.string(), z.number().finite()).optional(),
    })
    .optional(),
  /** Slices: the best completed trial's params, where the slices cross. */
  incumbent: z.record(z.string(), z.unknown()).optional(),
  /** Prune: the curves the decision conditions on (at most its maxCurves), the reporting trial, the pruner's settings. */
  prune: z
    .strictObject({
      trials: z.array(z.record(z.string(), z.unknown())).max(100_000),
      trialId: z.string().min(1).max(200),
      settings: z.record(z.string(), z.unknown()),
    })
    .optional(),
  count: z.number().int().min(0).max(100_000),
  timeBudgetMs: z.number().positive().max(86_400_000),
  /**
   * Epoch ms: the ask's hard limit. A worker that takes the job later refuses it; one that runs it
   * stops there. Wall clock across hosts, so they need synchronised clocks (NTP): skew only moves
   * the worker's share of the deadline, while the API replica's own timer holds it regardless.
   */
  deadline: z.number().finite(),
  /** Completed observations the API replica held: a worker that reads fewer from storage reloads (a lagging read replica). */
  completedSeen: z.number().int().min(0),
});
export type JobData = z.infer<typeof JobData>;

/** An error as data: a BoError's code, or a ComputeFailure's reason. */
const ErrorData = z.strictObject({
  name: z.string().max(200),
  message: z.string().max(10_000),
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).optional(),
  reason: z.enum(REMOTE_REASONS).optional(),
  issues: z.array(z.strictObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;

/** What a worker returns as the job's result (BullMQ stores it as JSON). */
export const JobResult = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), worker: z.string().max(300), attempt: z.number().int().min(1), result: z.record(z.string(), z.unknown()) }),
  z.strictObject({ ok: z.literal(false), worker: z.string().max(300), error: ErrorData }),
]);
export type JobResult = z.infer<typeof JobResult>;

/** A thrown value as ErrorData (a ComputeFailure keeps its reason, a BoError its code and issues). */
export function errorData(e: unknown): ErrorData {
  if (e instanceof ComputeFailure) return { name: e.name, message: e.message, ...((REMOTE_REASONS as readonly string[]).includes(e.reason) ? { reason: e.reason as (typeof REMOTE_REASONS)[number] } : {}) };
  if (e instanceof BoError) return { name: e.name, message: e.message, code: e.code, ...(e.issues ? { issues: e.issues.map((i) => ({ path: [...i.path], message: i.message })) } : {}) };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** The error a failed result stands for: a BoError with its code, a ComputeFailure with its reason, else a policy error. */
export function errorFrom(d: ErrorData, worker: string): Error {
  if (d.code) return new BoError(d.code, d.message, d.issues);
  return new ComputeFailure(d.reason ?? 'policy-error', `${d.message} (compute worker ${worker})`);
}
