/**
 * The last answer of a read-only view per recently viewed study (study:slices, study:pareto),
 * keyed by what the answer depends on. Every open dashboard re-reads a study's views after tells,
 * and each read is a job on the compute plane that would queue behind (and delay) the study's
 * asks; while the key is the same, the answer is the same, so it is served from here. Only
 * answers are kept, never a job in flight: a cancelled request must not fail another's.
 */
export class StudyMemo<T> {
  private readonly map = new Map<string, { key: string; answer: T }>();

  constructor(private readonly capacity = 64) {}

  /** The kept answer of the study for this key, if any (the entry becomes the newest). */
  get(studyId: string, key: string): T | undefined {
    const hit = this.map.get(studyId);
    if (!hit || hit.key !== key) return undefined;
    this.map.delete(studyId);
    this.map.set(studyId, hit);
    return hit.answer;
  }

  /** Keeps the answer of the study for this key, dropping the least recently used study past the capacity. */
  set(studyId: string, key: string, answer: T): void {
    this.map.delete(studyId);
    this.map.set(studyId, { key, answer });
    for (const id of this.map.keys()) {
      if (this.map.size <= this.capacity) break;
      this.map.delete(id);
    }
  }
}
