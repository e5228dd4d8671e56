import type { Trial } from '../protocol/study.js';
import type { Storage, StoredTrial } from './storage/types.js';
import { trialView } from './views.js';

/**
 * Trial views with their learning curves (`intermediate`, sorted by step; absent for a trial
 * that reported none). One curve query for the whole listing: all of the study's curves when the
 * listing is most of it, else only the listed trials'.
 */
export async function withCurves(storage: Storage, studyId: string, trials: readonly StoredTrial[]): Promise<Trial[]> {
  const curves = await storage.listCurves(studyId, trials.length > 64 ? undefined : trials.map((t) => t.id));
  return trials.map((t) => {
    const view = trialView(t);
    const curve = curves.get(t.id);
    if (curve && curve.length > 0) view.intermediate = curve.map((p) => ({ step: p.step, value: p.value }));
    return view;
  });
}
