/**
 * Checks at `study:create`, only for the surrogates that need them, the runtime facts of the
 * effective algorithm (compute/runtime-probe.ts: the PFN's dimension cap, a TensorFlow.js backend
 * that loads). Without this check a missing backend turned every ask of such a study into Sobol
 * points. With a compute plane the probe runs there, where the fits run, so loading TensorFlow.js
 * (~0.65 s of synchronous work) never blocks the server's event loop.
 */
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { SpaceSpec } from '../protocol/space.js';
import { needsTensorBackend } from '../policy/effective-algorithm.js';
import { probeRuntime, type RuntimeProbe } from './compute/runtime-probe.js';
import { ComputeFailure, type ComputePlane } from './compute/types.js';
import { BoError } from '../core/errors.js';
import { computeClassOf } from './cluster/routing.js';

/** What a probe found: inputs of resolveEffectiveAlgorithm. */
export type AlgorithmProbe = RuntimeProbe;

/** Checks an algorithm's runtime needs; throws FAILED_PRECONDITION (path algorithm.surrogate) when one is missing. */
export type AlgorithmProber = (algorithm: AlgorithmSpec) => Promise<AlgorithmProbe>;

/**
 * The probe in the server process: only for `--compute-workers 0`, a mode that runs every fit on
 * the event loop anyway (the weights and the backend are cached per process).
 */
export const probeAlgorithm: AlgorithmProber = probeRuntime;

/**
 * A probe job's hard limit, ms: a cold worker loads TensorFlow.js and the PFN weights (seconds on
 * a slow disk); past this the plane answers a ComputeFailure and the create fails, never hangs.
 */
const PROBE_HARD_LIMIT_MS = 60_000;

/**
 * A plane's failure as the create's answer, at algorithm.surrogate: no worker takes the
 * algorithm's class is FAILED_PRECONDITION (as a missing backend is); a worker that crashed or ran
 * past the limit while probing is UNAVAILABLE (retryable). A BoError of the probe itself crosses as is.
 */
function probeFailure(algorithm: AlgorithmSpec, e: unknown): unknown {
  if (!(e instanceof ComputeFailure)) return e;
  const issues = (message: string) => [{ path: ['algorithm', 'surrogate'], message }];
  if (e.reason === 'no-worker') return new BoError('FAILED_PRECONDITION', `surrogate '${algorithm.surrogate}' cannot run here: ${e.message}`, issues(`no compute worker runs '${computeClassOf(algorithm)}' jobs`));
  return new BoError('UNAVAILABLE', `the compute plane could not check surrogate '${algorithm.surrogate}' (${e.reason}): ${e.message}`, issues('runtime probe failed'));
}

/** The inputs a probe's answer depends on: the PFN weights directory (pfn) and whether a tensor backend is needed. */
function probeKey(algorithm: AlgorithmSpec): string {
  const dir = algorithm.surrogateOptions?.weightsDir;
  const pfn = algorithm.surrogate === 'pfn' ? { weightsDir: typeof dir === 'string' ? dir : null } : null;
  return JSON.stringify([pfn, needsTensorBackend(algorithm)]);
}

/**
 * The probe on a compute plane, its answers cached per process by probeKey, so only the first
 * create of a kind waits for a worker. A failure is not cached: a worker that can load the backend
 * may join later (queue plane), and the next create then probes again.
 */
export function planeProber(plane: ComputePlane): AlgorithmProber {
  const answers = new Map<string, Promise<AlgorithmProbe>>();
  // The space plays no part in the probe; an empty one keeps the job's shape.
  const space: SpaceSpec = {};
  return (algorithm) => {
    const key = probeKey(algorithm);
    let answer = answers.get(key);
    if (!answer) {
      answer = plane.probe({ kind: 'probe', spec: { space, algorithm }, timeBudgetMs: PROBE_HARD_LIMIT_MS, hardLimitMs: PROBE_HARD_LIMIT_MS }).catch((e: unknown) => {
        throw probeFailure(algorithm, e);
      });
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    return answer;
  };
}
