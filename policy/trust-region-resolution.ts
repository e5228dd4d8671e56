import { invalidArgument } from '../core/errors.js';
import type { SearchSpace } from '../core/space-types.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';
import { TRUST_REGION_DEFAULTS } from '../protocol/trust-region.js';
import { confinableColumns } from './trust-region-space.js';

/**
 * The trust region (algorithm.trustRegion) is a feature of the single-objective BO policy only:
 * asked of a study whose effective policy is another (multi-fidelity, pool, space-filling,
 * multi-outcome) it would be ignored, so it is refused at create with INVALID_ARGUMENT at
 * algorithm.trustRegion. mode 'off' is accepted everywhere (it asks for nothing).
 * An explicit `noisySearch: 'global'` on a space whose region confines fewer than
 * `noisyGlobalMinDim` columns would never fire, so it is refused at algorithm.trustRegion.noisySearch.
 * The default region carries 'global' for every GP study; there the minimum is part of the default's
 * meaning (global from 5 confined columns, the region below), so only a spec the user wrote is refused.
 */
export function refuseTrustRegion(
  algorithm: Pick<AlgorithmSpec, 'trustRegion'>,
  effective: Pick<EffectiveAlgorithm, 'policy'>,
  space: Pick<SearchSpace, 'dimensions' | 'conditionColumns'>,
): void {
  const tr = algorithm.trustRegion;
  if (tr === undefined || tr.mode === 'off') return;
  if (effective.policy !== 'bo') {
    throw invalidArgument(['algorithm', 'trustRegion'], `trust regions run with the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop trustRegion or set mode 'off'`);
  }
  if (tr.noisySearch !== 'global') return;
  const confined = confinableColumns(space).length;
  const minDim = tr.noisyGlobalMinDim ?? TRUST_REGION_DEFAULTS.noisyGlobalMinDim;
  if (confined < minDim) {
    throw invalidArgument(
      ['algorithm', 'trustRegion', 'noisySearch'],
      `noisySearch 'global' acts when the region confines at least noisyGlobalMinDim (${minDim}) columns; this space's region confines ${confined}, so no ask would search globally; lower noisyGlobalMinDim or drop noisySearch`,
    );
  }
}
