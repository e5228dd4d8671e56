import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { Params } from '../protocol/space.js';
import type { Diagnostics, Observation, Policy, PolicyState, SuggestDecision } from '../policy/types.js';
import type { NewTrial, StoredTrial, Storage } from './storage/types.js';
import type { Logger } from './logger.js';
import type { StudyRuntime } from './study-setup.js';

/** Inputs of one ask beyond the study itself. */
export interface AskOptions {
  readonly count: number;
  readonly clientId?: string;
  readonly requestId?: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
  readonly timeBudgetMs: number;
  /** After this long a suggest is aborted and replaced by the fallback, ms. */
  readonly hardLimitMs: number;
  readonly signal: AbortSignal;
  readonly createPolicy: (algorithm: AlgorithmSpec) => Policy;
  readonly logger: Logger;
  readonly onProgress: (p: { stage: string; fraction: number }) => void;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The policy's decision for `count` new points, never an exception: a throwing policy (or one
 * returning points outside the space) is replaced by plain Sobol space filling (surrogate 'none')
 * with the reason in diagnostics.
 */
export async function decide(rt: StudyRuntime, completed: Observation[], pending: Params[], count: number, opts: AskOptions): Promise<SuggestDecision> {
  const [, direction] = Object.entries(rt.study.objectives)[0]!;
  const request = {
    space: rt.space,
    algorithm: rt.study.algorithm,
    direction,
    completed,
    pending,
    count,
    state: rt.state as PolicyState | undefined,
    signal: opts.signal,
    timeBudgetMs: opts.timeBudgetMs,
    onProgress: opts.onProgress,
  };
  // Hard stop: a policy that overruns its budget by far is aborted and replaced, so a hung fit
  // can never hold the study's lock forever.
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new Error(`policy did not answer within ${opts.hardLimitMs} ms`));
    }, opts.hardLimitMs);
  });
  try {
    const decision = await Promise.race([rt.policy.suggest({ ...request, signal: ctrl.signal }), deadline]);
    if (decision.suggestions.length !== count) throw new Error(`policy returned ${decision.suggestions.length} suggestions for ${count}`);
    for (const p of decision.suggestions) rt.space.validate(p);
    return decision;
  } catch (e) {
    const reason = message(e);
    opts.logger.warn('policy_failed', { studyId: rt.study.id, surrogate: rt.study.algorithm.surrogate, reason });
    const fallback = opts.createPolicy({ ...rt.study.algorithm, surrogate: 'none' });
    const decision = await fallback.suggest({ ...request, state: undefined });
    const diagnostics: Diagnostics = { ...decision.diagnostics, phase: 'fallback', fallbackReason: reason };
    // Keep the previous model state: a transient failure should not throw away the warm start.
    return { suggestions: decision.suggestions, state: (rt.state as PolicyState | undefined) ?? decision.state, diagnostics };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * One ask inside the study's lock (expired leases already abandoned): claim queued trials first,
 * then ask the policy for the rest with every running/queued point as pending, store them as
 * running with a lease, keep the policy's new state in memory and in storage.
 * Returns the trials in number order.
 */
export async function askTrials(storage: Storage, rt: StudyRuntime, opts: AskOptions): Promise<StoredTrial[]> {
  const studyId = rt.study.id;
  const lease = new Date(opts.now + rt.study.leaseSeconds * 1000).toISOString();
  const claimed = await storage.claimQueued(studyId, opts.count, lease, opts.clientId);
  const remaining = opts.count - claimed.length;
  let created: StoredTrial[] = [];
  if (remaining > 0) {
    const all = await storage.listTrials(studyId);
    const objective = Object.keys(rt.study.objectives)[0]!;
    const completed: Observation[] = [];
    const pending: Params[] = [];
    for (const t of all) {
      if (t.state === 'completed' && t.values && Number.isFinite(t.values[objective])) {
        completed.push({ params: t.params as Params, value: t.values[objective]!, ...(t.cost !== undefined ? { cost: t.cost } : {}) });
      } else if (t.state === 'running' || t.state === 'queued') {
        pending.push(t.params as Params);
      }
    }
    const decision = await decide(rt, completed, pending, remaining, opts);
    const rows: NewTrial[] = decision.suggestions.map((params) => ({
      state: 'running',
      params,
      leaseExpiresAt: lease,
      ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
      diagnostics: { ...decision.diagnostics },
    }));
    // Atomic with the idempotency record when the whole answer is new trials (the usual case).
    const request = opts.requestId && claimed.length === 0 ? { requestId: opts.requestId, kind: 'ask' } : undefined;
    created = await storage.insertTrials(studyId, rows, request);
    if (opts.requestId && claimed.length > 0) await storage.putRequest(studyId, opts.requestId, 'ask', [...claimed, ...created].map((t) => t.id));
    rt.state = decision.state;
    try {
      await storage.putPolicyState(studyId, decision.state);
    } catch (e) {
      // The in-memory state still warm-starts this process; only a restart loses it.
      opts.logger.warn('policy_state_not_stored', { studyId, reason: message(e) });
    }
  } else if (opts.requestId) {
    await storage.putRequest(studyId, opts.requestId, 'ask', claimed.map((t) => t.id));
  }
  return [...claimed, ...created].sort((a, b) => a.number - b.number);
}
