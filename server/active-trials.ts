/**
 * A study's active (running and queued) trials kept in memory between asks, so an ask does not read
 * and parse every active trial's row (params, diagnostics JSON) from storage each time.
 *
 * Versioned by the storage's trial clock (trials inserted, running count, queued count, read in one
 * snapshot), so it stays correct when other processes (API replicas, another process on the same
 * SQLite file) write the study: the set is used only while the stored clock equals the version it
 * accounts for. Why equal counts mean equal contents: with `trials` fixed nothing is inserted, and
 * the only moves between states are queued -> running (a claim: queued falls), running/queued ->
 * finished or abandoned (running + queued falls) and abandoned -> finished (not active); none of
 * them is ever undone without an insert, so any write this process did not account for leaves a
 * count that differs for good. What the counts do not see is a lease extended elsewhere
 * (heartbeats): a held lease can only be older than the stored one, so an ask may think a trial
 * expired when it has not; the ask then asks storage to abandon expired leases (storage decides)
 * and reloads the set, which costs a read, never a wrong answer.
 *
 * Used only when the backend's clock carries the counts (SQLite, memory; PostgreSQL leaves them out
 * and its asks read the active trials every time).
 */
import type { StoredTrial, TrialClock } from './storage/types.js';

/** The clock fields a set accounts for. */
interface ActiveVersion {
  trials: number;
  running: number;
  queued: number;
}

/** The active-set version a clock names, or undefined when the backend's clock has no counts. */
function versionOf(clock: TrialClock): ActiveVersion | undefined {
  return clock.running === undefined || clock.queued === undefined ? undefined : { trials: clock.trials, running: clock.running, queued: clock.queued };
}

function sameVersion(a: ActiveVersion, b: ActiveVersion): boolean {
  return a.trials === b.trials && a.running === b.running && a.queued === b.queued;
}

/** The running and queued trials of one study as of a trial-clock version (see the file comment). */
export class ActiveTrials {
  private constructor(
    private version: ActiveVersion,
    /** By id; insertion is number order (new trials have larger numbers), claims replace in place. */
    private readonly byId: Map<string, StoredTrial>,
  ) {}

  /**
   * A set from a listing of the active trials read between two clock reads; undefined when the
   * clocks differ (something was written in between: the listing has no single version) or carry
   * no counts.
   */
  static fromListing(before: TrialClock, listing: readonly StoredTrial[], after: TrialClock): ActiveTrials | undefined {
    const v = versionOf(before);
    const w = versionOf(after);
    if (!v || !w || !sameVersion(v, w)) return undefined;
    const byId = new Map<string, StoredTrial>();
    for (const t of [...listing].sort((a, b) => a.number - b.number)) if (t.state === 'running' || t.state === 'queued') byId.set(t.id, t);
    return new ActiveTrials(v, byId);
  }

  /** Whether the set is what storage holds at `clock` (then `list()` may stand in for reading it). */
  matches(clock: TrialClock): boolean {
    const v = versionOf(clock);
    return v !== undefined && sameVersion(v, this.version);
  }

  /** The active trials in number order. */
  list(): StoredTrial[] {
    return [...this.byId.values()];
  }

  /**
   * Accounts for an ask this process committed: `committed` are the trials it returned (claimed
   * queued trials, now running, and new running ones). A replayed commit returns trials that exist
   * already; `verify` (the clock read after the commit) then decides: the set is kept only if the
   * clock is exactly what this commit alone explains. Returns whether the set is still usable.
   */
  afterAsk(committed: readonly StoredTrial[], verify: TrialClock): boolean {
    const next = { ...this.version };
    for (const t of committed) {
      const had = this.byId.get(t.id);
      if (!had) {
        next.trials += 1;
        next.running += 1;
      } else if (had.state === 'queued') {
        next.queued -= 1;
        next.running += 1;
      }
      if (t.state === 'running' || t.state === 'queued') this.byId.set(t.id, t);
      else this.byId.delete(t.id);
    }
    // Inserted trials get numbers above every existing one, so appending keeps number order; a claim replaced its entry in place.
    this.version = next;
    return this.matches(verify);
  }

  /** Accounts for a trial this process finished (tell, fail, prune: running or abandoned -> finished). */
  afterFinish(trial: StoredTrial): void {
    const had = this.byId.get(trial.id);
    if (!had) return; // it was abandoned: not in the set, and the counts of running/queued did not move
    this.byId.delete(trial.id);
    if (had.state === 'running') this.version.running -= 1;
    else this.version.queued -= 1;
  }
}
