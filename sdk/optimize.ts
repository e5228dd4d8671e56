import { SdkError } from './errors.js';
import type { StudyHandle } from './study.js';
import type { OptimizeOptions, TypedTrial, Values } from './types.js';

/** The error message of anything thrown, bounded to what the wire accepts. */
function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.slice(0, 4096);
}

/**
 * The optimize loop behind `study.optimize`: workers share one claim counter so exactly `trials`
 * trials are asked; a worker whose objective throws fails the trial and goes on. An SDK error
 * (not retryable after the transport's retries) stops all workers and rejects.
 */
export async function runOptimize<P>(
  study: StudyHandle<P>,
  fn: (params: P, trial: TypedTrial<P>) => Values | Promise<Values>,
  options: OptimizeOptions<P>,
): Promise<TypedTrial<P> | null> {
  const total = options.trials;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, total));
  if (!Number.isInteger(total) || total < 0) throw new SdkError('INVALID_ARGUMENT', 'trials must be a non-negative integer');
  let claimed = 0;
  let stopped: unknown = undefined;
  const shouldStop = () => stopped !== undefined || options.signal?.aborted === true;

  const worker = async () => {
    while (!shouldStop() && claimed < total) {
      claimed++;
      let trial: TypedTrial<P>;
      try {
        [trial] = (await study.ask(1)) as [TypedTrial<P>];
      } catch (err) {
        stopped ??= err;
        return;
      }
      let values: Values | undefined;
      let failure: string | undefined;
      try {
        values = await fn(trial.params, trial);
      } catch (err) {
        failure = reasonOf(err);
      }
      try {
        const done = failure === undefined ? await study.tell(trial.id, values!) : await study.fail(trial.id, failure);
        options.onTrial?.(done);
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
