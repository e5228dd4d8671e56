/**
 * Create-time checks of the multi-fidelity policy's 'proxy-mean' model (policy/proxy-mean-step.ts):
 * it needs a candidate pool and a fidelity parameter (its design and its target model are pool
 * rows at the cheapest and the target level), and `proxyBudget` is refused when the model that
 * reads it does not run. INVALID_ARGUMENT with the field's path.
 */
import { BoError } from '../core/errors.js';
import type { MultiFidelityOptions } from '../protocol/algorithm.js';

function invalid(field: string, message: string): BoError {
  const path = ['algorithm', 'multiFidelity', field];
  return new BoError('INVALID_ARGUMENT', `${path.join('.')}: ${message}`, [{ path, message }]);
}

/** Throws when the options ask for what the study cannot run. */
export function refuseProxyMean(options: MultiFidelityOptions | undefined, fidelity: boolean, pool: boolean): void {
  if (options?.model === 'proxy-mean' && !(fidelity && pool)) {
    throw invalid('model', `'proxy-mean' picks pool rows at the cheapest and at the target level: it needs a candidate pool and a fidelity parameter (this study has ${fidelity ? 'no pool' : pool ? 'no fidelity parameter' : 'neither'}); use 'joint'`);
  }
  if (options?.proxyBudget !== undefined && options.model !== 'proxy-mean') {
    throw invalid('proxyBudget', `is read only by model 'proxy-mean' (the model is '${options.model ?? 'joint'}'); drop it or set model: 'proxy-mean'`);
  }
}
