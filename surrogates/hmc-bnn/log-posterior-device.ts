/**
 * The HMC-BNN log posterior evaluated in the GPU device thread (neural/device-bridge.ts): the same
 * hand-written batched backprop as log-posterior-tf.ts, run there on tfjs's WebGPU backend, with the
 * training data uploaded once per fit and all chains in one forward/backward per call.
 */
import { randomUUID } from 'node:crypto';
import { deviceBridge } from '../neural/device-bridge.js';
import type { LogPosteriorSpec } from './log-posterior.js';
import type { DisposableTarget } from './log-posterior-tf.js';

/** A BatchedTarget whose state lives in the device thread; dispose() frees it there. */
export function makeDeviceTarget(spec: LogPosteriorSpec, X: Float64Array, y: Float64Array): Omit<DisposableTarget, 'logDensityAsync'> {
  const bridge = deviceBridge();
  const id = randomUUID();
  const D = bridge.callSync({ op: 'hmc-init', id, spec, X, y }, 1)[0];
  return {
    dim: D,
    logDensity(states, C, grad) {
      const res = bridge.callSync({ op: 'hmc-eval', id, states, chains: C }, C + C * D);
      grad.set(res.subarray(C, C + C * D));
      return res.slice(0, C);
    },
    dispose() {
      bridge.callSync({ op: 'release', id }, 1);
    },
  };
}
