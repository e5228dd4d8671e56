import { createHash, randomUUID } from 'node:crypto';
import { AlgorithmSpec, type EffectiveAlgorithm } from '../protocol/algorithm.js';
import type { RequestOf } from '../protocol/messages.js';
import type { SpaceSpec } from '../protocol/space.js';
import type { SearchSpace } from '../core/space-types.js';
import type { Policy } from '../policy/types.js';
import type { PoolIndex } from '../policy/pool-index.js';
import { checkPool, expandPool, type CandidatePool, type ExpandedPool } from '../policy/pool.js';
import type { StoredPool, StoredStudy } from './storage/types.js';
import type { Logger } from './logger.js';
import type { ActiveTrials } from './active-trials.js';
import { underPath } from './validation.js';
import { invalidArgument } from '../core/errors.js';
import type { CompletedCache } from './completed-cache.js';
import { algorithmToRun } from './algorithm-to-run.js';
import { needsTensorBackend, refuseConditional, resolveEffectiveAlgorithm } from '../policy/effective-algorithm.js';
import { pinScalarizedStart } from '../policy/scalarized-start.js';
import { pinMfModel } from '../policy/mf-model-defaults.js';
import { resolveOutcomes } from '../policy/outcome-resolution.js';
import { refuseExploit } from '../policy/exploit-resolution.js';
import { refuseExploration } from '../policy/exploration-resolution.js';
import { refuseOutputTransform } from '../policy/output-transform-resolution.js';
import { refuseNoisyRefit } from '../policy/noisy-refit-resolution.js';
import { refuseTrustRegion } from '../policy/trust-region-resolution.js';
import { refuseVerification } from '../policy/verify-resolution.js';
import { probeAlgorithm, type AlgorithmProber } from './algorithm-probe.js';

/** Builds policies and spaces (the app passes policy/create-policy and core/search-space). */
export interface Factories {
  /** `extras.pool`: the study's candidate pool expanded per level (pool mode); factories may ignore it. */
  readonly createPolicy: (algorithm: AlgorithmSpec, extras?: PolicyExtras) => Policy;
  readonly createSearchSpace: (spec: SpaceSpec) => SearchSpace;
  /** Checks the runtime needs of a new pfn/dkl/hmc-bnn study (PFN weights, TensorFlow.js backend); default: the real probe (server/algorithm-probe.ts). */
  readonly probeAlgorithm?: AlgorithmProber;
}

/** What a study gives its policy besides the algorithm. */
export interface PolicyExtras {
  readonly pool?: ExpandedPool;
}

/** Per-study things kept in memory: the parsed space, the policy and its latest state (the fitted model). */
export interface StudyRuntime {
  readonly study: StoredStudy;
  /** What the study runs: stored at create, or resolved when the runtime of an older study is built (absent when it cannot run). */
  readonly effective?: EffectiveAlgorithm;
  readonly space: SearchSpace;
  readonly policy: Policy;
  /** Pool mode: the pool expanded per level, built once per runtime (never re-read per ask). */
  readonly pool?: ExpandedPool;
  /** Pool mode: the expanded pool encoded, built by the first enqueue that checks a row against it. */
  poolIndex?: PoolIndex;
  state?: unknown;
  /** Completed trials as observations, loaded on the first ask that needs them (then kept current by tells). */
  completed?: CompletedCache;
  /**
   * The study's trial count (Storage.trialClock) that `state` and `completed` account for;
   * undefined: unknown. An ask that finds another count knows another process (replica) wrote
   * trials meanwhile and reloads both from storage first (server/ask.ts).
   */
  seenTrials?: number;
  /** The running/queued trials as of a trial-clock version (server/active-trials.ts); undefined: read them from storage. */
  active?: ActiveTrials;
}

/** A new study's id: derived from the requestId when there is one, so a retried create finds its study. */
export function studyIdFor(requestId: string | undefined): string {
  return requestId ? 'st-' + createHash('sha256').update(`study:create\0${requestId}`).digest('hex').slice(0, 32) : randomUUID();
}

/**
 * Checks what zod cannot about a new study (space semantics, the effective algorithm: what can run
 * and what it runs as, surrogate options, PFN limits, a loadable tensor backend) and builds its parts.
 */
export async function checkStudyCreate(
  req: RequestOf<'study:create'>,
  f: Factories,
): Promise<{ algorithm: AlgorithmSpec; effective: EffectiveAlgorithm; space: SearchSpace; policy: Policy; pool?: CandidatePool; expanded?: ExpandedPool }> {
  let algorithm: AlgorithmSpec;
  let space: SearchSpace;
  let policy: Policy;
  let pool: CandidatePool | undefined;
  let expanded: ExpandedPool | undefined;
  try {
    algorithm = AlgorithmSpec.parse(req.algorithm ?? {});
  } catch (e) {
    throw underPath(e, ['algorithm'], 'algorithm');
  }
  const objectives = Object.keys(req.objectives).length;
  if (objectives > 1 && algorithm.pruner !== undefined && algorithm.pruner.type !== 'none') {
    // Intermediate values are of one objective (as in Optuna): nothing to prune a Pareto front by.
    throw invalidArgument(['algorithm', 'pruner'], `pruner '${algorithm.pruner.type}' needs a single-objective study; this one has ${objectives} objectives`);
  }
  try {
    space = f.createSearchSpace(req.space);
  } catch (e) {
    throw underPath(e, ['space'], 'space');
  }
  if (req.pool) {
    refuseConditional(space, true); // before the rows, whose check would blame them instead
    if (algorithm.pruner?.type === 'learning-curve') {
      // Its decision jobs rebuild the study's compute-worker entry without the pool (they carry
      // curves, not pool rows), which would drop the pool runtime the asks rely on.
      throw invalidArgument(['algorithm', 'pruner'], "pruner 'learning-curve' is not supported in pool mode; use 'median', 'asha' or 'hyperband'");
    }
    pool = checkPool(space, req.pool, ['pool']);
    expanded = expandPool(space, pool);
  }
  // Everything cheap is refused first; only a spec that can otherwise run waits for the probes (seconds for tfjs).
  const outcomes = { algorithm, objectives: Object.keys(req.objectives), constraints: Object.keys(req.constraints ?? {}) };
  let effective = resolveOutcomes(resolveEffectiveAlgorithm({ algorithm, space, pool: pool !== undefined }), outcomes);
  refuseTrustRegion(algorithm, effective, space);
  refuseOutputTransform(algorithm, effective);
  refuseNoisyRefit(algorithm, effective);
  refuseExploration(algorithm, effective);
  refuseExploit(algorithm, effective);
  refuseVerification(algorithm, effective);
  if ((effective.policy === 'bo' || effective.policy === 'multi-outcome') && (algorithm.surrogate === 'pfn' || needsTensorBackend(algorithm))) {
    const probe = await (f.probeAlgorithm ?? probeAlgorithm)(algorithm);
    effective = resolveOutcomes(resolveEffectiveAlgorithm({ algorithm, space, pool: pool !== undefined, ...probe }), outcomes);
  }
  // The policy reads the stored spec: a default resolved here is written into it (policy/scalarized-start.ts).
  algorithm = pinMfModel(pinScalarizedStart(algorithm, effective), effective);
  try {
    policy = f.createPolicy(algorithm, expanded ? { pool: expanded } : undefined);
  } catch (e) {
    throw underPath(e, ['algorithm'], 'algorithm');
  }
  return { algorithm, effective, space, policy, ...(pool ? { pool, expanded } : {}) };
}

/**
 * The runtime of a stored study. A surrogate missing from this build, a stored option it no longer
 * accepts, or (for a study stored before the effective algorithm existed) a combination that
 * never ran must not fail asks: the policy then throws on every suggest and each ask falls back to
 * space filling with the reason in its diagnostics (the SDK warns).
 */
export function buildRuntime(storedStudy: StoredStudy, f: Factories, logger: Logger, stored?: StoredPool | null): StudyRuntime {
  // Defaults that changed since create stay as the stored effective algorithm resolved them (server/algorithm-to-run.ts).
  const study = { ...storedStudy, algorithm: algorithmToRun(storedStudy) };
  let policy: Policy;
  let effective = study.effectiveAlgorithm;
  const space = f.createSearchSpace(study.space);
  // A stored pool was checked at create; expanding it again only re-encodes (no re-validation cost beyond that).
  const pool = stored ? expandPool(space, stored as CandidatePool) : undefined;
  try {
    // Older studies: resolved here, keeping the substitutions they always had (named in its notes).
    effective ??= resolveEffectiveAlgorithm({ algorithm: study.algorithm, space, pool: study.poolRows !== undefined, mode: 'stored' });
    policy = f.createPolicy(study.algorithm, pool ? { pool } : undefined);
  } catch (e) {
    logger.warn('policy_unavailable', { studyId: study.id, surrogate: study.algorithm.surrogate, error: e });
    policy = { suggest: () => Promise.reject(e) };
  }
  return { study, space, policy, ...(effective ? { effective } : {}), ...(pool ? { pool } : {}) };
}

/** The effective algorithm of a study stored before it existed, resolved as its runtime would; undefined when it cannot run. */
export function storedEffective(study: StoredStudy, f: Factories): EffectiveAlgorithm | undefined {
  if (study.effectiveAlgorithm) return study.effectiveAlgorithm;
  try {
    return resolveEffectiveAlgorithm({ algorithm: study.algorithm, space: f.createSearchSpace(study.space), pool: study.poolRows !== undefined, mode: 'stored' });
  } catch {
    return undefined;
  }
}
