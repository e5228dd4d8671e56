/**
 * DKL's network pullback in the GPU device thread (neural/device-bridge.ts): the training inputs are
 * uploaded once per fit and stay on the device for the whole training loop; each step sends the
 * weights and ∂objective/∂F and reads back one packed gradient. The GP half stays float64 here.
 */
import { randomUUID } from 'node:crypto';
import type { Matrix } from '../../core/matrix.js';
import { deviceBridge } from '../neural/device-bridge.js';
import type { NetworkLayout, NetworkShape } from './feature-network.js';

/** A pullback bound to one fit's inputs on the device; dispose() frees them there. */
export interface DevicePullback {
  pull(w: Float64Array, G: Matrix): Float64Array;
  dispose(): void;
}

/** Uploads X (n×d) to the device thread for one fit. */
export function devicePullback(shape: NetworkShape, layout: NetworkLayout, X: Matrix): DevicePullback {
  const bridge = deviceBridge();
  const id = randomUUID();
  bridge.callSync({ op: 'dkl-init', id, X }, 1);
  return {
    pull: (w, G) => bridge.callSync({ op: 'dkl-pull', id, shape, layout, w, G }, layout.size),
    dispose: () => void bridge.callSync({ op: 'release', id }, 1),
  };
}
