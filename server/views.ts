import type { EffectiveAlgorithm } from '../protocol/algorithm.js';
import type { Direction, Study, Trial, TrialState } from '../protocol/study.js';
import type { StoredStudy, StoredTrial, TrialCounts } from './storage/types.js';

/** Counts of trials per state, every state present. */
export function countTrials(trials: readonly StoredTrial[]): Record<TrialState, number> {
  const counts: Record<TrialState, number> = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
  for (const t of trials) counts[t.state] += 1;
  return counts;
}

/**
 * A stored study as the wire shows it, with its trial counts (Storage.countTrials, or countTrials
 * of a listing). `effective`: the effective algorithm when the study has none stored (an older
 * study whose runtime resolved it).
 */
export function studyView(study: StoredStudy, counts: TrialCounts, effective?: EffectiveAlgorithm): Study {
  const eff = study.effectiveAlgorithm ?? effective;
  return {
    id: study.id,
    name: study.name,
    space: study.space,
    objectives: study.objectives,
    ...(study.constraints ? { constraints: study.constraints } : {}),
    algorithm: study.algorithm,
    ...(eff ? { effectiveAlgorithm: eff } : {}),
    leaseSeconds: study.leaseSeconds,
    metadata: study.metadata,
    createdAt: study.createdAt,
    trialCounts: { ...counts },
    ...(study.poolRows !== undefined ? { pool: { rows: study.poolRows, ...(study.poolTotalRows !== undefined ? { totalRows: study.poolTotalRows } : {}) } } : {}),
  };
}

/** A stored trial as the wire shows it (clientId stays server-side; absent fields are omitted). */
export function trialView(t: StoredTrial): Trial {
  const out: Trial = { id: t.id, studyId: t.studyId, number: t.number, state: t.state, params: t.params, createdAt: t.createdAt };
  if (t.values !== undefined) out.values = t.values;
  if (t.cost !== undefined) out.cost = t.cost;
  if (t.failReason !== undefined) out.failReason = t.failReason;
  if (t.finishedAt !== undefined) out.finishedAt = t.finishedAt;
  if (t.leaseExpiresAt !== undefined && t.state === 'running') out.leaseExpiresAt = t.leaseExpiresAt;
  if (t.diagnostics !== undefined) out.diagnostics = t.diagnostics;
  return out;
}

/** The completed trial with the best value of the first objective (direction-aware; ties: the lowest number), or null. */
export function bestTrial(trials: readonly StoredTrial[], objectives: Record<string, Direction>): StoredTrial | null {
  const [objective, direction] = Object.entries(objectives)[0]!;
  const sign = direction === 'minimize' ? 1 : -1;
  let best: StoredTrial | null = null;
  let bestValue = Infinity;
  for (const t of trials) {
    const v = t.values?.[objective];
    if (t.state !== 'completed' || v === undefined || !Number.isFinite(v)) continue;
    if (best === null || sign * v < bestValue || (sign * v === bestValue && t.number < best.number)) {
      best = t;
      bestValue = sign * v;
    }
  }
  return best;
}
