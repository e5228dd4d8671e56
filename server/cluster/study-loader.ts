/**
 * A remote worker's view of the studies it computes for, read from the shared storage (the job
 * names only its study; wire.ts says why). Per study it keeps the stored study, its expanded pool
 * and its completed trials as observations, and checks them against storage on every job: the
 * study row (a pool appended or the study deleted) and Storage.trialClock (trials completed
 * anywhere since). A job is thus never computed on a view older than the ask that sent it, and a
 * study whose worker died is computed by any other worker from the same data.
 */
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { expandPool, type CandidatePool, type ExpandedPool } from '../../policy/pool.js';
import type { Observation, PolicyState } from '../../policy/types.js';
import { CompletedCache } from '../completed-cache.js';
import type { Storage, StoredStudy } from '../storage/types.js';
import type { StudySpec } from '../compute/types.js';
import { TRAINING_STATES } from '../training-trials.js';
import { algorithmToRun } from '../algorithm-to-run.js';

interface Entry {
  study: StoredStudy;
  pool?: ExpandedPool;
  completed?: CompletedCache;
}

/** What one job needs of its study. */
export interface LoadedStudy {
  readonly spec: StudySpec;
  readonly completed: readonly Observation[];
  readonly state?: PolicyState;
}

/** Keeps up to `capacity` studies (least recently used dropped first). */
export class StudyLoader {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly storage: Storage,
    private readonly capacity = 64,
  ) {}

  /** The study's spec, completed observations (at least `completedSeen` of them when storage has them) and stored policy state; NOT_FOUND when deleted. */
  async load(studyId: string, completedSeen: number): Promise<LoadedStudy> {
    const study = await this.storage.getStudy(studyId);
    if (!study) {
      this.entries.delete(studyId);
      throw new BoError('NOT_FOUND', `study '${studyId}' not found`, [{ path: ['studyId'], message: 'not found' }]);
    }
    let e = this.entries.get(studyId);
    if (e && (e.study.poolRows !== study.poolRows || JSON.stringify([e.study.space, e.study.algorithm]) !== JSON.stringify([study.space, study.algorithm]))) e = undefined;
    if (!e) {
      const space = createSearchSpace(study.space);
      const stored = study.poolRows !== undefined ? await this.storage.getPool(studyId) : null;
      e = { study, ...(stored ? { pool: expandPool(space, stored as CandidatePool) } : {}) };
    }
    e.study = study;
    // Re-inserted: Map order is the LRU order.
    this.entries.delete(studyId);
    this.entries.set(studyId, e);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    const clock = this.storage.trialClock ? await this.storage.trialClock(studyId) : undefined;
    if (!e.completed || !clock || clock.completed !== e.completed.completedTrials || e.completed.size < completedSeen) {
      const objective = Object.keys(study.objectives)[0]!;
      e.completed = CompletedCache.from(await this.storage.listTrials(studyId, TRAINING_STATES), objective);
    }
    const state = await this.storage.getPolicyState(studyId);
    return {
      spec: { space: study.space, algorithm: algorithmToRun(study), ...(e.pool ? { pool: e.pool } : {}) },
      // A copy: the job may be queued in the local pool while the next job of the study reloads.
      completed: e.completed.list(),
      ...(state !== null && state !== undefined ? { state: state as PolicyState } : {}),
    };
  }
}
