/**
 * trial:report and the pruner decision it answers (issue 19). The decision is taken without the
 * study's lock (a model-based pruner may take a while) from a snapshot of the study's curves, then
 * stored with the point by one compare-and-set write (Storage.addIntermediate): a concurrent
 * retry of the same report gets the decision stored first, never a second one.
 */
import { BoError } from '../core/errors.js';
import type { RequestOf } from '../protocol/messages.js';
import type { PruneDecision } from '../protocol/pruner.js';
import type { Params } from '../protocol/space.js';
import type { Direction } from '../protocol/study.js';
import { createPruner } from '../policy/pruners/registry.js';
import type { PruneContext, PrunerTrial } from '../policy/pruners/types.js';
import type { ComputePlane } from './compute/types.js';
import { learningCurveRunner } from './learning-curve-runner.js';
import type { Logger } from './logger.js';
import { requestTag } from './request-fingerprint.js';
import { checkReplay, curveWriteAction } from './storage/storage-rules.js';
import type { Storage, StoredCurvePoint, StoredStudy, StoredTrial } from './storage/types.js';

/** The single objective whose curve trials report; FAILED_PRECONDITION for a multi-objective study (as Optuna's report). */
export function curveObjective(study: StoredStudy): [string, Direction] {
  const entries = Object.entries(study.objectives);
  if (entries.length !== 1) {
    throw new BoError('FAILED_PRECONDITION', `study ${study.id} has ${entries.length} objectives: intermediate values and pruning need a single-objective study`, [{ path: ['studyId'], message: 'multi-objective study' }]);
  }
  return entries[0]!;
}

/** A stored trial and its curve as a pruner sees them. */
export function prunerTrial(t: StoredTrial, curve: readonly StoredCurvePoint[] | undefined, objective: string): PrunerTrial {
  const value = t.state === 'completed' || t.state === 'pruned' ? t.values?.[objective] : undefined;
  return { id: t.id, number: t.number, state: t.state, curve: (curve ?? []).map((p) => ({ step: p.step, value: p.value })), ...(value !== undefined ? { value } : {}), params: t.params as Params };
}

/** What reportValue needs from the service. */
export interface ReportDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly now: () => number;
  readonly signal: AbortSignal;
  /** Where the learning-curve pruner's model runs (learning-curve-runner.ts); absent: in this thread. */
  readonly compute?: ComputePlane;
}

/** The outcome of one report: the decision to answer, and the point when it was newly stored (for the trial:reported event). */
export interface ReportResult {
  readonly decision: PruneDecision;
  readonly stored?: { readonly trial: StoredTrial; readonly point: StoredCurvePoint };
}

/**
 * Stores one intermediate value and answers the study's pruner decision. A repeat of a stored
 * (trial, step, value) answers the stored decision; another value at a stored step is CONFLICT;
 * a trial that is not running is FAILED_PRECONDITION (after the repeat check, so a retry after
 * the trial finished still gets its answer). A pruner that throws answers `{prune: false}` with
 * the failure in `reason` (logged): a broken pruner never fails the training run that reports.
 */
export async function reportValue(deps: ReportDeps, study: StoredStudy, req: RequestOf<'trial:report'>): Promise<ReportResult> {
  const [objective, direction] = curveObjective(study);
  const request = requestTag('report', req, req.trialId);
  if (request) {
    const earlier = await deps.storage.getRequest(study.id, request.requestId);
    if (earlier) checkReplay(earlier, request);
  }
  const trial = await deps.storage.getTrial(study.id, req.trialId);
  if (!trial) throw new BoError('NOT_FOUND', `trial '${req.trialId}' not found in study '${study.id}'`, [{ path: ['trialId'], message: 'not found' }]);
  const own = (await deps.storage.listCurves(study.id, [trial.id])).get(trial.id) ?? [];
  const previous = own.find((p) => p.step === req.step);
  const candidate = { step: req.step, value: req.value, prune: false };
  // Cheap refusals before any pruner work; the storage checks them again atomically.
  if (curveWriteAction(trial, previous, candidate) === 'same') return { decision: decisionOf(previous!) };
  const decision = await decide(deps, study, trial, own, req.step, req.value, objective, direction);
  const { point, changed } = await deps.storage.addIntermediate(study.id, trial.id, { ...candidate, ...decision }, new Date(deps.now()).toISOString(), request);
  return { decision: decisionOf(point), ...(changed ? { stored: { trial, point } } : {}) };
}

/** The decision a stored point answers. */
function decisionOf(p: StoredCurvePoint): PruneDecision {
  return { prune: p.prune, ...(p.reason !== undefined ? { reason: p.reason } : {}) };
}

/** Runs the study's pruner on the trial's curve with the new point and on what its history() asks of the other trials. */
async function decide(
  deps: ReportDeps, study: StoredStudy, trial: StoredTrial, own: readonly StoredCurvePoint[], step: number, value: number, objective: string, direction: Direction,
): Promise<PruneDecision> {
  const pruner = createPruner(study.algorithm.pruner, { learningCurve: learningCurveRunner(study, deps.compute) });
  if (pruner.kind === 'none') return { prune: false };
  try {
    const curve = [...own, { step, value, prune: false }].sort((a, b) => a.step - b.step);
    const query = { study: { id: study.id, name: study.name }, direction, trial: prunerTrial(trial, curve, objective), step };
    // Only what this decision reads: most reports read no other trial (benchmarks/RESULTS.md, trial:report latency).
    const need = pruner.history(query);
    let others: PrunerTrial[] = [];
    if (need.kind !== 'none') {
      const [trials, curves] = await Promise.all([deps.storage.listTrials(study.id), deps.storage.listCurves(study.id, undefined, need.kind === 'steps' ? need.steps : undefined)]);
      others = trials.filter((t) => t.id !== trial.id).map((t) => prunerTrial(t, curves.get(t.id), objective));
    }
    const ctx: PruneContext = { ...query, others, signal: deps.signal };
    const d = await pruner.decide(ctx);
    return { prune: d.prune === true, ...(d.reason !== undefined ? { reason: String(d.reason) } : {}) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    deps.logger.warn('pruner_failed', { studyId: study.id, trialId: trial.id, pruner: pruner.kind, reason });
    return { prune: false, reason: `pruner ${pruner.kind} failed, not pruning: ${reason}` };
  }
}
