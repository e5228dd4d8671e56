/**
 * The one in-process hard limit (asks with --compute-workers 0 or in cheap phases, and
 * recommendations without a compute plane). A timer cannot interrupt synchronous code: it only
 * aborts the job's signal and releases the caller, so a fit that never yields still holds the
 * event loop. The compute plane's limit holds (it terminates the worker); this one is the
 * debugging mode's best effort.
 */

/**
 * Runs `job` with a signal that aborts when `parent` aborts or after `hardLimitMs`; past the
 * limit the caller gets `onLimit()`'s error at once, whatever the job does with its signal.
 */
export async function withHardLimit<T>(parent: AbortSignal, hardLimitMs: number, onLimit: () => Error, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = onLimit();
      ctrl.abort(e);
      reject(e);
    }, hardLimitMs);
  });
  try {
    return await Promise.race([job(ctrl.signal), deadline]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onAbort);
  }
}
