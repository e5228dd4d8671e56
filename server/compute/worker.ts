/**
 * A compute worker (node:worker_threads entry, started through worker-boot.mjs). Keeps per study
 * the rebuilt space and policy (warm models, loaded weights) and the latest policy state, so an
 * ask of a study it holds sends only the observations. Runs suggests and recommendations (a
 * recommendation uses the held space and pool, never the state). Runs one job at a time; the pool
 * mirrors which studies it holds and tells it what to evict.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSearchSpace } from '../../core/search-space.js';
import type { SearchSpace } from '../../core/space-types.js';
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { ExpandedPool } from '../../policy/pool.js';
import type { Policy, PolicyState } from '../../policy/types.js';
import { recommend as realRecommend, type Recommendation, type RecommendRequest } from '../../policy/recommend.js';
import { slices } from '../../policy/slices.js';
import { paretoSummary } from '../../policy/pareto-summary.js';
import { decideLearningCurve } from '../../policy/pruners/learning-curve-decide.js';
import type { HyperCache } from '../../policy/pruners/curve-forecast.js';
import { applyPartialRuns, type PartialRunsSummary } from '../../policy/pruners/partial-runs.js';
import type { FreezeThawHyper } from '../../surrogates/learning-curve/freeze-thaw-kernels.js';
import { decodeObservations } from './observation-codec.js';
import { probeRuntime } from './runtime-probe.js';
import type { ErrorData, FromWorker, JobMessage, ToWorker } from './messages.js';

/** The module a worker builds policies with: the production createPolicy, or a test-only one (which may also replace recommend). */
interface PolicyModule {
  createPolicy(algorithm: AlgorithmSpec, extras?: { pool?: ExpandedPool }): Policy;
  recommend?(request: RecommendRequest): Promise<Recommendation>;
}

interface Held {
  specKey: string;
  space: SearchSpace;
  pool?: ExpandedPool;
  policy: Policy;
  stateTag: number;
  state?: PolicyState;
  /** The study's memo of curve-model hyperparameters (prune jobs; a pure memo, see curve-forecast.ts). */
  curveHypers?: HyperCache;
}

/** Most memoized hyperparameter sets per study (each is 7 numbers; old finished sets are never asked again). */
const CURVE_HYPERS_PER_STUDY = 8;

/** A small insertion-ordered memo (the oldest entry goes first). */
function boundedHyperCache(): HyperCache {
  const map = new Map<string, FreezeThawHyper>();
  return {
    get: (k) => map.get(k),
    set: (k, h) => {
      map.set(k, h);
      if (map.size > CURVE_HYPERS_PER_STUDY) map.delete(map.keys().next().value!);
    },
  };
}

const port = parentPort!;
const data = workerData as { policyModule: string };
const policies = (await import(data.policyModule)) as PolicyModule;
const recommend = policies.recommend ?? realRecommend;
const held = new Map<string, Held>();
const running = new Map<number, AbortController>();

function post(m: FromWorker): void {
  port.postMessage(m);
}

function errorData(e: unknown): ErrorData {
  if (e instanceof Error) {
    const x = e as Error & { code?: unknown; issues?: unknown };
    return { name: e.name, message: e.message, ...(typeof x.code === 'string' ? { code: x.code } : {}), ...(Array.isArray(x.issues) ? { issues: x.issues } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

/** The study's held entry, rebuilt when the spec changed or the worker never saw the study. */
function entryFor(m: JobMessage): Held {
  let h = held.get(m.studyId);
  if (!h || h.specKey !== m.specKey) {
    if (m.pool === undefined && m.specKey.endsWith('+pool')) throw new Error(`worker does not hold the pool of study '${m.studyId}'`);
    const space = createSearchSpace(m.space);
    h = { specKey: m.specKey, space, ...(m.pool ? { pool: m.pool } : {}), policy: policies.createPolicy(m.algorithm, m.pool ? { pool: m.pool } : undefined), stateTag: 0 };
    held.set(m.studyId, h);
  }
  // A recommendation, slices or prune job neither reads nor changes the held state (the pool keeps its mirror's tag too).
  if (m.kind !== 'suggest') return h;
  if (m.state !== undefined || m.stateTag === 0) {
    h.state = m.state;
    h.stateTag = m.stateTag;
  } else if (h.stateTag !== m.stateTag) {
    throw new Error(`worker holds state ${h.stateTag} of study '${m.studyId}', job needs ${m.stateTag}`);
  }
  return h;
}

async function run(m: JobMessage): Promise<void> {
  for (const id of m.evict) held.delete(id);
  const ctrl = new AbortController();
  running.set(m.jobId, ctrl);
  try {
    if (m.kind === 'probe') {
      post({ type: 'done', jobId: m.jobId, result: await probeRuntime(m.algorithm) });
      return;
    }
    if (m.kind === 'pareto') {
      if (!m.pareto) throw new Error('a pareto job needs its outcomes');
      const { outcomes, vectors, referencePoint } = m.pareto;
      post({ type: 'done', jobId: m.jobId, result: paretoSummary(outcomes, vectors, referencePoint) });
      return;
    }
    const h = entryFor(m);
    if (m.kind === 'prune' && m.prune) {
      h.curveHypers ??= boundedHyperCache();
      const result = decideLearningCurve(h.space, m.direction, m.prune.trials, m.prune.trialId, m.prune.settings, h.curveHypers);
      post({ type: 'done', jobId: m.jobId, result });
      return;
    }
    if (m.kind !== 'suggest') {
      const request = {
        space: h.space,
        algorithm: m.algorithm,
        direction: m.direction,
        completed: decodeObservations(m.observations),
        ...(h.pool ? { pool: { params: h.pool.params, row: h.pool.row } } : {}),
        signal: ctrl.signal,
        timeBudgetMs: m.timeBudgetMs,
      };
      const result = m.kind === 'slices' ? await slices({ ...request, incumbent: m.incumbent ?? {} }) : await recommend(request);
      post({ type: 'done', jobId: m.jobId, result });
      return;
    }
    let completed = decodeObservations(m.observations);
    let excluded = m.excluded;
    let partialRuns: PartialRunsSummary | undefined;
    if (m.partialRuns) {
      h.curveHypers ??= boundedHyperCache();
      const applied = applyPartialRuns(h.space, completed, excluded ?? [], m.partialRuns, h.curveHypers);
      [completed, excluded, partialRuns] = [[...applied.completed], applied.excluded, applied.summary];
    }
    const suggested = await h.policy.suggest({
      space: h.space,
      algorithm: m.algorithm,
      direction: m.direction,
      ...(m.outcomes ? { outcomes: m.outcomes } : {}),
      completed,
      pending: m.pending,
      ...(excluded && excluded.length > 0 ? { excluded } : {}),
      count: m.count,
      state: h.state,
      signal: ctrl.signal,
      timeBudgetMs: m.timeBudgetMs,
      onProgress: (p) => post({ type: 'progress', jobId: m.jobId, stage: p.stage, fraction: p.fraction }),
    });
    const decision = partialRuns ? { ...suggested, diagnostics: { ...suggested.diagnostics, partialRuns } } : suggested;
    h.state = decision.state;
    h.stateTag = m.resultTag;
    post({ type: 'done', jobId: m.jobId, result: decision });
  } catch (e) {
    post({ type: 'failed', jobId: m.jobId, error: errorData(e) });
  } finally {
    running.delete(m.jobId);
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') running.get(m.jobId)?.abort(new Error('aborted by the server'));
  else void run(m);
});
// Booted (TypeScript loader, TensorFlow.js, policy modules): the pool starts jobs' hard-limit clocks only now.
post({ type: 'ready' });
