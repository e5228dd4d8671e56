import type { AlgorithmInput } from '../protocol/algorithm.js';
import type { ParamsOf, Params, ValueOf } from '../protocol/space.js';
import type { Direction, Trial } from '../protocol/study.js';

/**
 * A parameter spec as the user writes it. Arrays are readonly so that a `const` type parameter
 * can capture literal choices and component names (zod's input types use mutable arrays).
 */
export type ParamSpecLike =
  | { readonly type: 'float' | 'int'; readonly low: number; readonly high: number; readonly log?: boolean; readonly when?: WhenLike }
  | { readonly type: 'categorical'; readonly choices: readonly (string | number | boolean)[]; readonly when?: WhenLike }
  | {
      readonly type: 'simplex';
      readonly components: readonly string[];
      readonly when?: WhenLike;
      /** Mixture constraints (protocol/mixture.ts). */
      readonly min?: Readonly<Record<string, number>>;
      readonly max?: Readonly<Record<string, number>>;
      readonly tokens?: { readonly available: Readonly<Record<string, number>>; readonly totalTokens: number; readonly maxEpochs: number };
      readonly minWeight?: number;
      /** The natural (token) distribution the initial design is centred on (core/natural-design.ts); not a constraint. */
      readonly natural?: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'fidelity';
      readonly levels: readonly { readonly value: string | number; readonly cost: number }[];
      readonly target?: string | number;
    };

/** A condition as the user writes it: active only when each parent takes one of its values (typed params make the parameter optional). */
export type WhenLike = { readonly [parent: string]: readonly (string | number | boolean)[] };

/** A search space as the user writes it: parameter name -> spec. */
export type SpaceLike = { readonly [name: string]: ParamSpecLike };

/** What `createStudy` takes; `S` is the space captured literally so params are typed from it. */
export interface StudySpec<S extends SpaceLike> {
  name: string;
  space: S;
  objectives: Readonly<Record<string, Direction>>;
  /** Outcome constraints, e.g. {memory_gb: {max: 16}}: metrics every tell reports alongside the objectives. */
  constraints?: Readonly<Record<string, { min?: number; max?: number }>>;
  algorithm?: AlgorithmInput;
  leaseSeconds?: number;
  metadata?: Record<string, string | number | boolean | null>;
  /**
   * A finite candidate pool (pool mode): asks then return only its rows. Either the wire's
   * column-wise form ({columns, rows}, compact for thousands of rows) or rows as params objects
   * (sent column-wise by the SDK; pools larger than one 1 MB message are uploaded in chunks,
   * any size up to MAX_POOL_ROWS = 100,000 rows). A row may omit the fidelity parameter (or give null): it is then
   * a candidate at every level. Simplex values: {component: weight} or weights in component order.
   */
  pool?: PoolInput<S>;
  /**
   * Makes the create idempotent: the same requestId returns the same study (and createStudy
   * resumes an interrupted chunked pool upload). A fresh one per call by default.
   */
  requestId?: string;
}

/** A pool row as params: every parameter, the fidelity one optional. */
export type PoolRowLike<S extends SpaceLike> = { readonly [K in keyof S]?: ValueOf<S[K]> | readonly number[] | null };

/** What `pool` accepts: the wire's column-wise form, or rows as params objects. */
export type PoolInput<S extends SpaceLike> =
  | { readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }
  | readonly PoolRowLike<S>[];

/** A trial whose params are typed from the study's space. */
export type TypedTrial<P = Params> = Omit<Trial, 'params'> & { params: P };

/** Params typed from a captured space (re-exported for users). */
export type TrialParams<S extends SpaceLike> = ParamsOf<S>;

/** Objective values: a map objective -> value, or a bare number when the study has one objective. */
export type Values = Record<string, number> | number;

/** Options of `connect`. */
export interface ConnectOptions {
  /** Bearer token when the server requires one. */
  token?: string;
  /** Identifies this worker to the server (asks carry it); a random UUID by default. */
  clientId?: string;
  /** Per-attempt time limit of one request, and of the initial connection, ms (default 15000). */
  timeoutMs?: number;
  /** Retries of one request after a retryable error or a transport failure (default 8). */
  retries?: number;
}

/** Options of `study.optimize`. */
export interface OptimizeOptions<P> {
  /** Number of trials to finish (completed, failed or pruned). */
  trials: number;
  /** Parallel workers, each doing ask -> fn -> tell (default 1). */
  concurrency?: number;
  /** Stops asking for new trials; trials in flight still finish and are told. */
  signal?: AbortSignal;
  /** Called after each trial is told or failed, with the server's stored trial. */
  onTrial?: (trial: TypedTrial<P>) => void;
}
