import type { SearchSpace } from '../core/space-types.js';
import { PointSet, type PointLookup } from '../policy/point-set.js';
import { cardinality, pointKey, type TakenKeys } from '../policy/finite-space.js';
import type { Observation, OutcomeSpec } from '../policy/types.js';
import { outcomeVector } from '../policy/outcome-spec.js';
import type { StoredTrial } from './storage/types.js';

/**
 * The completed trials of one study as policy observations, kept in memory in trial-number order
 * (the order a full listing gives, so a policy sees the same inputs before and after a restart).
 * Loaded once from storage, then appended to on every tell/add of the same process, so an ask
 * does not re-read and re-parse the whole study. Storage stays the source of truth: the cache is
 * dropped with the study's runtime and rebuilt from storage after a restart.
 */
export class CompletedCache {
  private readonly numbers: number[] = [];
  private readonly observations: Observation[] = [];
  /** Numbers of every completed trial fed in, also those without a usable value (compared with Storage.trialClock). */
  private readonly seen = new Set<number>();
  /** The observations' encoded rows (with a space), so the space-filling phase never re-encodes them; null once one fails to encode. */
  private encoded: PointSet | null;
  /** Finite spaces: the observations' pointKeys, for the distinct-points check of every ask; null otherwise or after a failed encode. */
  private keys: Set<string> | null;

  /**
   * `objective` is the study's first objective (the one the policy optimises); with `space`, the
   * encoded rows are kept too (points()).
   */
  constructor(
    private readonly objective: string,
    private readonly space?: SearchSpace,
    /** Multi-outcome studies: observations also carry every outcome (policy/outcome-spec.ts), and a trial missing one is left out. */
    private readonly outcomes?: OutcomeSpec,
  ) {
    this.encoded = space ? new PointSet() : null;
    this.keys = space && Number.isFinite(cardinality(space)) ? new Set() : null;
  }

  /** A cache holding the completed trials among `trials` (any order). */
  static from(trials: readonly StoredTrial[], objective: string, space?: SearchSpace, outcomes?: OutcomeSpec): CompletedCache {
    const c = new CompletedCache(objective, space, outcomes);
    for (const t of trials) c.add(t);
    return c;
  }

  /** Adds a completed trial with a finite objective value; others and repeats are ignored. O(log n) search + one splice. */
  add(t: StoredTrial): void {
    if (t.state === 'completed') this.seen.add(t.number);
    const value = t.state === 'completed' ? t.values?.[this.objective] : undefined;
    if (value === undefined || !Number.isFinite(value)) return;
    const vector = this.outcomes ? outcomeVector(this.outcomes, t.values) : undefined;
    if (this.outcomes && !vector) return;
    const n = this.numbers;
    // Tells arrive nearly in number order: check the end first, else binary search.
    let i = n.length;
    if (i > 0 && n[i - 1]! >= t.number) {
      let lo = 0;
      let hi = n.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (n[mid]! < t.number) lo = mid + 1;
        else hi = mid;
      }
      if (n[lo] === t.number) return;
      i = lo;
    }
    const obs: Observation = { params: t.params as Observation['params'], value, ...(t.cost !== undefined ? { cost: t.cost } : {}), ...(vector ? { outcomes: vector } : {}) };
    n.splice(i, 0, t.number);
    this.observations.splice(i, 0, obs);
    if (this.encoded || this.keys) {
      try {
        this.encoded?.add(this.space!.encode(obs.params));
        this.keys?.add(pointKey(this.space!, obs.params));
      } catch {
        // A stored point the space no longer accepts: the policy encodes (and reports) it itself.
        this.encoded = null;
        this.keys = null;
      }
    }
  }

  /** Finite spaces: the distinct pointKeys of the held observations (read-only for the caller), else undefined. */
  takenKeys(): TakenKeys | undefined {
    return this.keys ?? undefined;
  }

  /** The encoded rows of every held observation (SuggestRequest.completedPoints), or undefined without a space. */
  points(): PointLookup | undefined {
    return this.encoded ?? undefined;
  }

  /**
   * The live list in trial-number order, without the O(n) copy of list(): valid only while the
   * study's lock is held (tells and adds, the only writers, take the same lock). Do not keep it.
   */
  view(): readonly Observation[] {
    return this.observations;
  }

  /** How many observations are held. */
  get size(): number {
    return this.observations.length;
  }

  /** How many distinct completed trials were fed in (held or not): equals the stored count while the cache is current. */
  get completedTrials(): number {
    return this.seen.size;
  }

  /** A snapshot of the observations in trial-number order (a copy of the list; the policy may keep it). */
  list(): Observation[] {
    return this.observations.slice();
  }
}
