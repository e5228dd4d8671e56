/**
 * Create-time checks of the multi-fidelity policy's 'proxy-mean' model (policy/proxy-mean-step.ts):
 * it needs a candidate pool and a fidelity parameter (its design and its target model are pool
 * rows at the cheapest and the target level), it runs no acquisition function (a named one is
 * refused), and `proxyBudget`, `proxyLaw`, `proxyDesign`, `proxyStopMargin` and `targetModel` are refused when the model (or, for the
 * margin, the sequential design) that reads them does not run.
 * INVALID_ARGUMENT with the field's path.
 */
import { BoError } from '../core/errors.js';
import type { MultiFidelityOptions } from '../protocol/algorithm.js';
import { implicitPoolModel } from './mf-model-defaults.js';

function invalid(field: string, message: string, path = ['algorithm', 'multiFidelity', field]): BoError {
  return new BoError('INVALID_ARGUMENT', `${path.join('.')}: ${message}`, [{ path, message }]);
}

/**
 * Throws when the options ask for what the study cannot run. `acquisition`: the one the user
 * named (undefined when defaulted): 'proxy-mean' picks target rows by its model's posterior mean,
 * so a named acquisition would not run.
 */
export function refuseProxyMean(options: MultiFidelityOptions | undefined, fidelity: boolean, pool: boolean, acquisition?: string): void {
  // The model the study runs: the one named, else the default a pool study with a fidelity parameter resolves to.
  const model = options?.model ?? (fidelity && pool ? implicitPoolModel(options, acquisition !== undefined).model : 'joint');
  if (options?.model === 'proxy-mean' && !(fidelity && pool)) {
    throw invalid('model', `'proxy-mean' picks pool rows at the cheapest and at the target level: it needs a candidate pool and a fidelity parameter (this study has ${fidelity ? 'no pool' : pool ? 'no fidelity parameter' : 'neither'}); use 'joint'`);
  }
  if (options?.model === 'proxy-mean' && acquisition !== undefined) {
    throw invalid('acquisition', `'${acquisition}' does not run with multiFidelity.model 'proxy-mean', which asks target rows by its model's posterior mean; leave acquisition out`, ['algorithm', 'acquisition']);
  }
  for (const field of ['proxyBudget', 'proxyLaw', 'proxyDesign', 'proxyStopMargin', 'targetModel'] as const) {
    if (options?.[field] !== undefined && model !== 'proxy-mean') {
      const why = options.model === undefined ? ' (left out, it resolves to joint here)' : '';
      throw invalid(field, `is read only by model 'proxy-mean' (the model is '${model}'${why}); drop it or set model: 'proxy-mean'`);
    }
  }
  if (options?.proxyStopMargin !== undefined && options.proxyDesign === 'fixed') {
    throw invalid('proxyStopMargin', `is read only by proxyDesign 'sequential' (the fixed design asks its whole cap and never stops early); drop it or set proxyDesign: 'sequential'`);
  }
}
