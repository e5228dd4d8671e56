/**
 * The tensor backend the compute workers selected, as their study:create probes reported it. With
 * a compute plane the server's own thread never loads TensorFlow.js (the neural surrogates load at
 * their first fit, in a worker), so its own "not loaded" would hide a backend that is in use:
 * health reports the workers' one, and says where it was seen.
 */
import type { AlgorithmProber } from './algorithm-probe.js';
import type { TensorBackendDetails } from './health-probes.js';

/** The last tensor backend a compute worker's probe reported, or null before one did. */
export class ComputeTensorBackend {
  private seen: TensorBackendDetails | null = null;

  /** What health shows for it (null until a probe reported a backend). */
  details(): TensorBackendDetails | null {
    return this.seen;
  }

  /** The prober with its answers recorded (a probe that needs no backend reports none and changes nothing). */
  recording(prober: AlgorithmProber): AlgorithmProber {
    return async (algorithm) => {
      const probe = await prober(algorithm);
      if (probe.backend !== undefined) {
        this.seen = { name: probe.backend, device: probe.device ?? 'unknown', reason: `selected in a compute worker (reported by its probe at study:create of a '${algorithm.surrogate}' study); this server thread loads no tensor backend` };
      }
      return probe;
    };
  }
}
