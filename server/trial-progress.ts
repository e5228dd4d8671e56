/**
 * Signs of life of a running trial: intermediate reports (answered with the pruner's decision) and
 * heartbeats; both extend the trial's lease. StudyService delegates here.
 */
import type { RequestOf } from '../protocol/messages.js';
import type { Trial } from '../protocol/study.js';
import type { PruneDecision } from '../protocol/pruner.js';
import { trialView } from './views.js';
import { reportValue } from './report.js';
import type { RequestContext, StudyCore } from './study-core.js';

/**
 * Stores an intermediate value of a running trial and answers the study's pruner decision
 * (server/report.ts); a new point is announced to the study's room as trial:reported. A report
 * is a sign of life: it extends the trial's lease as a heartbeat does (a run that reports every
 * epoch is not abandoned for lack of heartbeats).
 */
export async function reportTrial(core: StudyCore, req: RequestOf<'trial:report'>, ctx: RequestContext = {}): Promise<PruneDecision> {
  const study = await core.requireStudy(req.studyId);
  const signal = core.signalOf(ctx);
  const { decision, stored } = await reportValue({ storage: core.storage, logger: core.logger, now: core.now, signal, ...(core.deps.compute ? { compute: core.deps.compute } : {}) }, study, req);
  if (stored) await core.storage.extendLease(req.studyId, req.trialId, leaseEnd(core, study.leaseSeconds));
  await core.storage.flush();
  if (stored) {
    const { trial, point } = stored;
    core.emit(req.studyId, 'trial:reported', { studyId: req.studyId, trialId: trial.id, number: trial.number, step: point.step, value: point.value, ...decision });
  }
  return decision;
}

/** Extends the lease of a running trial by the study's lease; other states are returned unchanged. */
export async function heartbeatTrial(core: StudyCore, req: RequestOf<'trial:heartbeat'>): Promise<Trial> {
  const study = await core.requireStudy(req.studyId);
  await core.requireTrial(req.studyId, req.trialId);
  const trial = trialView(await core.storage.extendLease(req.studyId, req.trialId, leaseEnd(core, study.leaseSeconds)));
  await core.storage.flush();
  return trial;
}

/** When a lease extended now ends, as an ISO timestamp. */
function leaseEnd(core: StudyCore, leaseSeconds: number): string {
  return new Date(core.now() + leaseSeconds * 1000).toISOString();
}
