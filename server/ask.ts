import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { Params } from '../protocol/space.js';
import type { Diagnostics, Observation, Policy, PolicyState, SuggestDecision, SuggestRequest } from '../policy/types.js';
import type { PointLookup } from '../policy/point-set.js';
import { BoError } from '../core/errors.js';
import type { NewTrial, RequestTag, StoredTrial, Storage } from './storage/types.js';
import { StaleAskError } from './storage/storage-rules.js';
import type { Logger } from './logger.js';
import type { PolicyExtras, StudyRuntime } from './study-setup.js';
import { isPoolExhausted } from '../policy/pool.js';
import { outcomeSpecOf } from '../policy/outcome-spec.js';
import { cardinality, replaceRepeats, requireFreePoints, takenKeys, type TakenKeys } from '../policy/finite-space.js';
import { runsInProcess } from './compute/placement.js';
import { ComputeFailure, type ComputePlane, type SuggestJob } from './compute/types.js';
import { withHardLimit } from './hard-limit.js';
import { applyPartialRuns, type PartialRunsInput } from '../policy/pruners/partial-runs.js';
import { prunedForSuggest, type PrunedForSuggest } from './partial-runs-input.js';
import { ActiveTrials } from './active-trials.js';

/** The decision with the partial-runs note of a suggest that did not forecast (when there is one). */
function noted(d: SuggestDecision, notForecast: SuggestDecision['diagnostics']['partialRuns'] | undefined): SuggestDecision {
  return notForecast ? { ...d, diagnostics: { ...d.diagnostics, partialRuns: notForecast } } : d;
}

/** Inputs of one ask beyond the study itself. */
export interface AskOptions {
  readonly count: number;
  readonly clientId?: string;
  /** The ask's idempotency tag (server/request-fingerprint.ts), recorded with the trials it hands out. */
  readonly request?: RequestTag;
  /** Milliseconds since the epoch. */
  readonly now: number;
  readonly timeBudgetMs: number;
  /** After this long a suggest is aborted and replaced by the fallback, ms. */
  readonly hardLimitMs: number;
  readonly signal: AbortSignal;
  readonly createPolicy: (algorithm: AlgorithmSpec, extras?: PolicyExtras) => Policy;
  readonly logger: Logger;
  readonly onProgress: (p: { stage: string; fraction: number; position?: number }) => void;
  /** Where model-phase suggests run; absent: on this thread (compute workers 0, and unit tests). */
  readonly compute?: ComputePlane;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A decision that is not what the policy was asked for (wrong count, a point outside the space). */
class InvalidSuggestion extends Error {}

/** The reason class of a failed suggest, for the fallbacks metric and diagnostics. */
function fallbackClass(e: unknown): string {
  if (e instanceof ComputeFailure) return e.reason;
  if (e instanceof InvalidSuggestion) return 'invalid-suggestion';
  if (e instanceof HardLimit) return 'hard-limit';
  return 'policy-error';
}

/** The in-process hard limit fired (the timer cannot interrupt synchronous code; a worker's limit can). */
class HardLimit extends Error {}

/** Runs the policy on this thread, with the timer-based hard limit (cheap phases, or no compute plane, where `partial` is forecast here too). */
function suggestHere(rt: StudyRuntime, request: SuggestRequest, opts: AskOptions, partial?: PartialRunsInput): Promise<SuggestDecision> {
  // Arrows passed straight as arguments: under tsx (esbuild keepNames) a named one costs a defineProperty per ask.
  return withHardLimit(opts.signal, opts.hardLimitMs, () => new HardLimit(`policy did not answer within ${opts.hardLimitMs} ms`), async (signal) => {
    if (!partial) return rt.policy.suggest({ ...request, signal });
    const applied = applyPartialRuns(rt.space, request.completed, request.excluded ?? [], partial);
    // The appended observations have no rows in the cache's completedPoints: the policy encodes them all.
    const { completedPoints: _rows, ...rest } = request;
    const decision = await rt.policy.suggest({ ...rest, completed: applied.completed, excluded: applied.excluded, signal });
    return { ...decision, diagnostics: { ...decision.diagnostics, partialRuns: applied.summary } };
  });
}

/** Runs the policy on the compute plane; a cancelled or refused job is an error for the caller, not a fallback. */
async function suggestOnPlane(compute: ComputePlane, rt: StudyRuntime, request: SuggestRequest, opts: AskOptions, partial?: PartialRunsInput): Promise<SuggestDecision> {
  const job: SuggestJob = {
    kind: 'suggest',
    spec: { space: rt.study.space, algorithm: rt.study.algorithm, ...(rt.pool ? { pool: rt.pool } : {}) },
    direction: request.direction,
    ...(request.outcomes ? { outcomes: request.outcomes } : {}),
    // A copy: the cache's live list may change once the ask's lock is gone, and a queued job encodes it only when it starts.
    completed: request.completed.slice(),
    pending: request.pending,
    ...(request.excluded ? { excluded: request.excluded } : {}),
    ...(partial ? { partialRuns: partial } : {}),
    count: request.count,
    ...(request.state ? { state: request.state } : {}),
    timeBudgetMs: opts.timeBudgetMs,
    hardLimitMs: opts.hardLimitMs,
  };
  try {
    return await compute.suggest(rt.study.id, job, { signal: opts.signal, onProgress: opts.onProgress });
  } catch (e) {
    if (e instanceof ComputeFailure && (e.reason === 'cancelled' || e.reason === 'closed')) throw new BoError('UNAVAILABLE', `ask not answered: ${e.message}; nothing was committed`);
    throw e;
  }
}

/**
 * The policy's decision for `count` new points, never an exception but one: a throwing policy (or
 * one returning points outside the space, or one past the hard limit) is replaced by plain Sobol
 * space filling (surrogate 'none'; random unqueried pool rows in pool mode) with the reason in
 * diagnostics. Rethrown: an exhausted pool (FAILED_PRECONDITION: no fallback can find a row that
 * is not there), a full compute queue and a cancelled ask (UNAVAILABLE, retryable).
 * Model phases run on `opts.compute` when given; cheap phases (placement.ts) stay here.
 */
export async function decide(
  rt: StudyRuntime, completed: readonly Observation[], pending: Params[], count: number, opts: AskOptions, completedPoints?: PointLookup, excluded: readonly Params[] = [],
  pruned?: Pick<PrunedForSuggest, 'partialRuns' | 'summary'>,
): Promise<SuggestDecision> {
  const [, direction] = Object.entries(rt.study.objectives)[0]!;
  const outcomes = outcomeSpecOf(rt.study.objectives, rt.study.constraints);
  const request: SuggestRequest = {
    space: rt.space,
    algorithm: rt.study.algorithm,
    direction,
    ...(outcomes ? { outcomes } : {}),
    completed,
    ...(completedPoints ? { completedPoints } : {}),
    pending,
    ...(excluded.length > 0 ? { excluded } : {}),
    count,
    state: rt.state as PolicyState | undefined,
    signal: opts.signal,
    timeBudgetMs: opts.timeBudgetMs,
    onProgress: opts.onProgress,
  };
  const partial = pruned?.partialRuns;
  // The pruned trials that may become forecast observations, as excluded points for a suggest that does not forecast.
  const forecastable = partial?.trials.filter((t) => t.state === 'pruned').map((t) => t.params) ?? [];
  const here =
    !opts.compute ||
    runsInProcess({
      algorithm: rt.study.algorithm,
      dim: rt.space.dim,
      // Counted as observations: when they are, the model phase must not stay on this thread.
      completed: completed.length + forecastable.length,
      // Excluded (pruned) points use up initial-design slots like pending ones.
      pending: pending.length + excluded.length,
      count,
      multiFidelity: rt.pool !== undefined || rt.space.dimensions.some((d) => d.kind === 'fidelity'),
    });
  // Forecasts run where a model phase runs (a worker, or this thread without a compute plane), never in a cheap phase on the event loop.
  const forecastHere = partial !== undefined && !opts.compute;
  const forecasts = forecastHere || (partial !== undefined && !here);
  const unforecast: SuggestRequest = forecastable.length > 0 ? { ...request, excluded: [...excluded, ...forecastable] } : request;
  const notForecast = partial ? { forecast: 0, ignored: forecastable.length + partial.outsideWindow, reason: 'initial design or fallback: no model is fitted, pruned trials are excluded points' } : pruned?.summary;
  try {
    const decision = forecasts ? (here ? await suggestHere(rt, request, opts, partial) : await suggestOnPlane(opts.compute!, rt, request, opts, partial)) : noted(here ? await suggestHere(rt, unforecast, opts) : await suggestOnPlane(opts.compute!, rt, unforecast, opts), notForecast);
    if (decision.suggestions.length !== count) throw new InvalidSuggestion(`policy returned ${decision.suggestions.length} suggestions for ${count}`);
    try {
      for (const p of decision.suggestions) rt.space.validate(p);
    } catch (e) {
      throw new InvalidSuggestion(message(e));
    }
    return decision;
  } catch (e) {
    if (isPoolExhausted(e) || (e instanceof BoError && e.code === 'UNAVAILABLE')) throw e;
    const reason = message(e);
    const reasonClass = fallbackClass(e);
    opts.logger.warn('policy_failed', { studyId: rt.study.id, surrogate: rt.study.algorithm.surrogate, reason, reasonClass });
    const fallback = opts.createPolicy({ ...rt.study.algorithm, surrogate: 'none' }, rt.pool ? { pool: rt.pool } : undefined);
    const decision = noted(await fallback.suggest({ ...unforecast, state: undefined }), notForecast);
    const diagnostics: Diagnostics = { ...decision.diagnostics, phase: 'fallback', fallbackReason: reason, fallbackClass: reasonClass };
    // Keep the previous model state: a transient failure should not throw away the warm start.
    return { suggestions: decision.suggestions, state: (rt.state as PolicyState | undefined) ?? decision.state, diagnostics };
  }
}

/** Where askTrials gets what it does not read itself (the service owns the cache and the lease sweep). */
export interface AskSources {
  /** The study's completed trials as observations, in number order (the service's in-memory cache; read-only, valid under the lock). */
  readonly completed: () => Promise<readonly Observation[]>;
  /** Their encoded rows, kept incrementally by the same cache (SuggestRequest.completedPoints); undefined: the policy encodes. */
  readonly completedPoints?: () => PointLookup | undefined;
  /** Finite spaces: their distinct point keys, kept by the same cache; undefined: computed per ask. */
  readonly completedKeys?: () => TakenKeys | undefined;
  /** Abandons expired leases (logging and events included); called only when a running trial's lease has ended. */
  readonly abandonExpired: () => Promise<unknown>;
}

/** Whether a running trial's lease ended before `now` (ms). */
function expired(t: StoredTrial, now: number): boolean {
  return t.state === 'running' && t.leaseExpiresAt !== undefined && Date.parse(t.leaseExpiresAt) < now;
}

/** The state to store with the ask, or undefined (keep the stored one) when it cannot be serialised. */
function storableState(state: unknown, opts: AskOptions, studyId: string): unknown {
  try {
    JSON.stringify(state ?? null);
    return state ?? null;
  } catch (e) {
    // The in-memory state still warm-starts this process; only a restart loses it.
    opts.logger.warn('policy_state_not_stored', { studyId, reason: message(e) });
    return undefined;
  }
}

/**
 * Whether this study's asks must hand out distinct points that no completed/running/queued trial
 * holds: a finite space without `allowRepeats`. Those three states count because they are what the
 * policies treat as taken (a completed point is measured, a running or queued one is being or
 * will be); failed and abandoned points are free again, since retrying them is a real new
 * measurement, while pruned points are taken too (a partial run already showed them worse than
 * their peers). Pool studies are left to their pool (policy/pool.ts isPoolExhausted), where a
 * pruned trial's row is free again like a failed one's.
 */
function distinctPointsOnly(rt: StudyRuntime): boolean {
  return !rt.pool && rt.study.algorithm.allowRepeats !== true && Number.isFinite(cardinality(rt.space));
}

/** The decision with repeats of taken points (a policy's space-filling fallback can repeat in a nearly full space) replaced by free points. */
function withoutRepeats(rt: StudyRuntime, decision: SuggestDecision, taken: TakenKeys, salt: number): SuggestDecision {
  const fixed = replaceRepeats(rt.space, decision.suggestions, taken, rt.study.algorithm.seed, salt);
  if (fixed.replaced === 0) return decision;
  return { ...decision, suggestions: fixed.suggestions, diagnostics: { ...decision.diagnostics, replacedRepeats: fixed.replaced } };
}

/**
 * One ask inside the study's lock. Reads only the active (running/queued) trials, abandoning
 * expired leases first when there are any; claims queued trials first, asks the policy for the
 * rest with every running/queued point as pending and the cached completed trials, then commits
 * claim + new running trials + request record + policy state in ONE storage transaction, so a
 * crash never leaves handed-out trials without their idempotency record.
 * Returns the trials in number order.
 */
export async function askTrials(storage: Storage, rt: StudyRuntime, opts: AskOptions, sources: AskSources): Promise<StoredTrial[]> {
  // Another process (API replica) may commit trials of this study while this one fits: the commit
  // then refuses our stale decision and we decide again from fresh reads (types.ts, "Several processes").
  for (let attempt = 1; ; attempt++) {
    try {
      return await askOnce(storage, rt, opts, sources);
    } catch (e) {
      rt.seenTrials = undefined;
      rt.active = undefined;
      if (!(e instanceof StaleAskError) || attempt >= STALE_ASK_ATTEMPTS) throw e;
      opts.logger.debug('ask_stale_retry', { studyId: rt.study.id, attempt, reason: e.message });
      // Random backoff, growing: replicas that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}

/** How often an ask is decided again after another process changed its study meanwhile (then UNAVAILABLE: the client retries later). */
const STALE_ASK_ATTEMPTS = 8;

/** One read-decide-commit round of askTrials; StaleAskError when another process committed trials meanwhile. */
async function askOnce(storage: Storage, rt: StudyRuntime, opts: AskOptions, sources: AskSources): Promise<StoredTrial[]> {
  const studyId = rt.study.id;
  const lease = new Date(opts.now + rt.study.leaseSeconds * 1000).toISOString();
  // Read BEFORE the pending trials: a trial inserted in between makes the basis stale, never missed.
  const clock = storage.trialClock ? await storage.trialClock(studyId) : undefined;
  const basis = clock ? { trials: clock.trials } : undefined;
  if (clock && rt.seenTrials !== clock.trials) {
    // Trials this process did not write (another replica's asks, or a view never checked): the
    // committed policy state (e.g. a warm start) and the completed trials are newer than ours.
    const stored = await storage.getPolicyState(studyId);
    if (stored !== null) rt.state = stored;
    rt.completed = undefined;
  } else if (clock && rt.completed && rt.completed.completedTrials !== clock.completed) {
    rt.completed = undefined; // tells that reached another replica: reload the completed trials
  }
  // The in-memory active set when it is exactly what storage holds at this clock (active-trials.ts), else a read.
  let held = clock && rt.active?.matches(clock) ? rt.active : undefined;
  let listedAt = clock;
  let active = held ? held.list() : await storage.listTrials(studyId, ['running', 'queued']);
  if (active.some((t) => expired(t, opts.now))) {
    // Storage decides what expired (a lease held in memory may be older than the stored one).
    await sources.abandonExpired();
    held = undefined;
    if (storage.trialClock) listedAt = await storage.trialClock(studyId);
    active = await storage.listTrials(studyId, ['running', 'queued']);
  }
  // (Backends whose clock has no counts, PostgreSQL, read it again only for the completed cache, as before.)
  if (!held && clock && storage.trialClock && (rt.completed || clock.running !== undefined)) {
    // A tell that another process committed between the clock read and the pending read moved its
    // trial out of `active`, and the completed cache (fresh as of the clock) does not hold it yet:
    // its point would be free again. Reading the clock again closes that window; a tell after the
    // pending read is still in `active`, so it is counted as pending (never lost). The same two
    // reads date the listing for the active set. A held set has no such window: it is the clock's.
    const after = await storage.trialClock(studyId);
    if (rt.completed && after.completed !== clock.completed) rt.completed = undefined;
    rt.active = listedAt ? ActiveTrials.fromListing(listedAt, active, after) : undefined;
  }
  const queued = active.reduce((n, t) => n + (t.state === 'queued' ? 1 : 0), 0);
  const claim = Math.min(opts.count, queued);
  const remaining = opts.count - claim;
  let decision: SuggestDecision | undefined;
  if (remaining > 0) {
    const completed = await sources.completed();
    const pending = active.map((t) => t.params as Params);
    // Pruned trials: never offered again; training data only as learning-curve forecasts (partial-runs-input.ts).
    // A clock that counts no pruned trial spares the listing.
    const prunedList = clock?.pruned === 0 ? [] : await storage.listTrials(studyId, ['pruned']);
    const prunedNow = await prunedForSuggest(storage, rt.study, prunedList, rt.effective);
    const excluded = prunedNow.excluded;
    const forecastable = prunedNow.partialRuns?.trials.filter((t) => t.state === 'pruned').map((t) => t.params) ?? [];
    // Completed keys come from the cache (O(1) per ask); only the running/queued/pruned points are keyed here.
    const known = sources.completedKeys?.();
    const others = [...pending, ...excluded, ...forecastable];
    const taken = !distinctPointsOnly(rt) ? undefined : takenKeys(rt.space, known ?? new Set(), known ? others : [...completed.map((o) => o.params), ...others]);
    if (taken) requireFreePoints(rt.space, taken, remaining);
    decision = await decide(rt, completed, pending, remaining, opts, sources.completedPoints?.(), excluded, prunedNow);
    if (taken) decision = withoutRepeats(rt, decision, taken, completed.length + pending.length);
  }
  // A client that went away gets nothing committed: its retry (same requestId) redoes the ask.
  if (opts.signal.aborted) throw new BoError('UNAVAILABLE', 'ask cancelled before it was committed; nothing was committed');
  const poolRows = decision?.diagnostics.poolRows;
  const rows: NewTrial[] = (decision?.suggestions ?? []).map((params, j) => ({
    state: 'running',
    params,
    leaseExpiresAt: lease,
    ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
    // Pool mode: each trial names its own pool row (the decision's poolRows are per suggestion).
    diagnostics: { ...decision!.diagnostics, ...(Array.isArray(poolRows) && poolRows.length === decision!.suggestions.length ? { poolRow: poolRows[j] } : {}) },
  }));
  const committing = storage.commitAsk(studyId, {
    ...(claim > 0 ? { claim: { count: claim, leaseExpiresAt: lease, ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}) } } : {}),
    trials: rows,
    ...(opts.request ? { request: opts.request } : {}),
    // The same state object as before (space filling passes it through) is already stored: no rewrite per ask.
    ...(decision && decision.state !== rt.state ? { policyState: storableState(decision.state, opts, studyId) } : {}),
    ...(basis ? { basis } : {}),
  });
  // The clock after the commit, asked before the commit answers: a storage answers one connection's
  // calls in order (SQLite inline, or on its thread in one message with the commit), so it is read
  // after the commit. A clock read too early could only fail afterAsk's check and drop the set.
  const clockAfter = rt.active && storage.trialClock ? storage.trialClock(studyId) : undefined;
  clockAfter?.catch(() => undefined); // unread when the commit fails
  const trials = await committing;
  if (decision) rt.state = decision.state;
  if (basis) rt.seenTrials = basis.trials + rows.length;
  // The active set keeps what this commit did if the clock after it says nothing else happened.
  if (rt.active && clockAfter && !rt.active.afterAsk(trials, await clockAfter)) rt.active = undefined;
  return trials;
}
