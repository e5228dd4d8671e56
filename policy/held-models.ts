import type { FittedSurrogate } from '../surrogates/types.js';

/**
 * The latest fitted model of each policy (a study's BoPolicy), for the next fit's factor reuse
 * (FitOptions.previous), bounded per process: an exact GP at n = 2000 holds a 32 MB factor, and
 * with `--compute-workers 0` every study's policy lives in the server process. Least recently
 * stored first out; a missing entry only costs the next fit a fresh factorization.
 */
export class HeldModels<K extends object> {
  private readonly map = new Map<K, FittedSurrogate>();

  constructor(private readonly capacity: number) {}

  /** Removes and returns the model held for `owner`. */
  take(owner: K): FittedSurrogate | undefined {
    const m = this.map.get(owner);
    this.map.delete(owner);
    return m;
  }

  /** Holds `model` for `owner` (newest), dropping the oldest beyond the capacity. */
  put(owner: K, model: FittedSurrogate): void {
    this.map.delete(owner);
    this.map.set(owner, model);
    for (const key of this.map.keys()) {
      if (this.map.size <= this.capacity) break;
      this.map.delete(key);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
