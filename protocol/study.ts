import { z } from 'zod';
import { AlgorithmSpec } from './algorithm.js';
import { Name, SpaceSpec } from './space.js';

export const Direction = z.enum(['minimize', 'maximize']);
export type Direction = z.infer<typeof Direction>;

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

/** Client-chosen identifiers that make retries idempotent. */
export const RequestId = z.string().min(1).max(128);
export const ClientId = z.string().min(1).max(128);
export const StudyId = z.string().min(1).max(128);
export const TrialId = z.string().min(1).max(128);

/** Objective name -> direction. One objective today; the map leaves room for more. */
export const Objectives = z
  .record(Name, Direction)
  .refine((o) => Object.keys(o).length >= 1, 'at least one objective')
  .refine((o) => Object.keys(o).length <= 16, 'at most 16 objectives');

/** What a user sends to create a study. */
export const StudyCreate = z.strictObject({
  name: z.string().min(1).max(256),
  space: SpaceSpec,
  objectives: Objectives,
  algorithm: AlgorithmSpec.optional(),
  /** Seconds a running trial is leased before it is abandoned (heartbeats extend it). */
  leaseSeconds: z.number().positive().max(30 * 24 * 3600).optional(),
  metadata: z.record(z.string().max(128), z.union([z.string().max(4096), finite(), z.boolean(), z.null()])).optional(),
  requestId: RequestId.optional(),
});
export type StudyCreate = z.infer<typeof StudyCreate>;
export type StudyCreateInput = z.input<typeof StudyCreate>;

export const TrialState = z.enum(['queued', 'running', 'completed', 'failed', 'abandoned']);
export type TrialState = z.infer<typeof TrialState>;

/** A study as the server returns it. */
export interface Study {
  id: string;
  name: string;
  space: z.infer<typeof SpaceSpec>;
  objectives: Record<string, Direction>;
  algorithm: z.infer<typeof AlgorithmSpec>;
  leaseSeconds: number;
  metadata: Record<string, string | number | boolean | null>;
  createdAt: string;
  trialCounts: Record<TrialState, number>;
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
  /** Why the policy chose this point (phase, fallback reason...). */
  diagnostics?: Record<string, unknown>;
}

export const ObjectiveValues = z.record(Name, finite());
