import type { PruneDecision } from '../protocol/pruner.js';
import { SdkError } from './errors.js';
import type { StudyHandle } from './study.js';
import { TrialPruned } from './trial-pruned.js';
import type { OptimizeOptions, TypedTrial, Values } from './types.js';

/** What an objective gets besides params and trial: reporting intermediate values of its trial. */
export interface TrialContext {
  /**
   * Reports the value at `step` (e.g. the epoch's validation loss) and answers the study's pruner
   * decision; on `prune: true` the objective should `throw new TrialPruned()`.
   */
  report(step: number, value: number): Promise<PruneDecision>;
}

/** An objective of study.optimize. */
export type Objective<P> = (params: P, trial: TypedTrial<P>, context: TrialContext) => Values | Promise<Values>;

/** The error message of anything thrown, bounded to what the wire accepts. */
function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.slice(0, 4096);
}

/**
 * Ends a trial whose objective threw TrialPruned: pruned, or, when it reported nothing (the
 * server keeps the last reported value, so it refuses FAILED_PRECONDITION), failed with a reason
 * that says so (never silently dropped).
 */
async function pruneOrFail<P>(study: StudyHandle<P>, trialId: string, err: TrialPruned): Promise<TypedTrial<P>> {
  try {
    return await study.prune(trialId);
  } catch (e) {
    if (!(e instanceof SdkError && e.code === 'FAILED_PRECONDITION')) throw e;
    return study.fail(trialId, `TrialPruned (${reasonOf(err)}) before any intermediate value was reported: ${e.message}`);
  }
}

/**
 * The optimize loop behind `study.optimize`: workers share one claim counter so exactly `trials`
 * trials are asked; a worker tells a result and asks its next trial in one round trip
 * (study.tellAndAsk); a worker whose objective throws fails the trial (prunes it for TrialPruned)
 * and goes on. An SDK error (not retryable after the transport's retries) stops all workers and rejects.
 */
export async function runOptimize<P>(study: StudyHandle<P>, fn: Objective<P>, options: OptimizeOptions<P>): Promise<TypedTrial<P> | null> {
  const total = options.trials;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, total));
  if (!Number.isInteger(total) || total < 0) throw new SdkError('INVALID_ARGUMENT', 'trials must be a non-negative integer');
  let claimed = 0;
  let stopped: unknown = undefined;
  const shouldStop = () => stopped !== undefined || options.signal?.aborted === true;

  const worker = async () => {
    if (shouldStop() || claimed >= total) return;
    claimed++;
    let trial: TypedTrial<P> | undefined;
    try {
      [trial] = (await study.ask(1)) as [TypedTrial<P>];
    } catch (err) {
      stopped ??= err;
      return;
    }
    while (trial) {
      const current: TypedTrial<P> = trial;
      let values: Values | undefined;
      let thrown: unknown = undefined;
      const context: TrialContext = { report: (step, value) => study.report(current.id, step, value) };
      try {
        values = await fn(current.params, current, context);
      } catch (err) {
        thrown = err ?? new Error('objective threw');
      }
      // The next trial is claimed before the round trip that asks for it, so exactly `total` are asked.
      const more = !shouldStop() && claimed < total;
      if (more) claimed++;
      trial = undefined;
      try {
        if (thrown === undefined && more) {
          // One round trip: the tell and the next ask together (trial:tell with `next`).
          const { told, next } = await study.tellAndAsk(current.id, values!);
          options.onTrial?.(told);
          trial = next[0];
        } else {
          const done =
            thrown === undefined ? await study.tell(current.id, values!)
            : thrown instanceof TrialPruned ? await pruneOrFail(study, current.id, thrown)
            : await study.fail(current.id, reasonOf(thrown));
          options.onTrial?.(done);
          if (more) [trial] = (await study.ask(1)) as [TypedTrial<P>];
        }
      } catch (err) {
        stopped ??= err;
        return;
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  if (stopped !== undefined) throw stopped;
  return study.best();
}
