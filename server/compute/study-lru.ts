/**
 * The pool's mirror of what one worker holds per study (spec and state versions), bounded like
 * the worker's own cache: touching a study makes it newest; adding past the cap evicts the
 * oldest, and the evicted ids ride on the next job so the worker drops the same studies.
 */
export interface HeldVersion {
  specKey: string;
  stateTag: number;
}

/** An LRU map of studyId -> HeldVersion with a fixed capacity. */
export class StudyLru {
  private readonly map = new Map<string, HeldVersion>();

  constructor(private readonly capacity: number) {}

  /** What the worker holds of a study, without touching its recency. */
  get(studyId: string): HeldVersion | undefined {
    return this.map.get(studyId);
  }

  /** Records a study as held (newest); returns the studies evicted to stay within capacity. */
  set(studyId: string, v: HeldVersion): string[] {
    this.map.delete(studyId);
    this.map.set(studyId, v);
    const evicted: string[] = [];
    for (const key of this.map.keys()) {
      if (this.map.size <= this.capacity) break;
      this.map.delete(key);
      evicted.push(key);
    }
    return evicted;
  }

  delete(studyId: string): void {
    this.map.delete(studyId);
  }

  clear(): void {
    this.map.clear();
  }
}
