import { invalidArgument } from '../core/errors.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';
import { studyHasCapability } from '../surrogates/auto/study-capability.js';
import { resolveNoisyRefit } from './noisy-refit-default.js';
import { defaultOutputTransform } from './output-transform-default.js';

/**
 * algorithm.noisyRefit is read by the single-objective BO policy only (policy/bo-policy.ts); 'on' is refused at
 * create with INVALID_ARGUMENT at algorithm.noisyRefit where it would never act: another policy (it would be
 * ignored), or a family without a fitted noise (surrogates/family-capabilities.ts: the PFN; 'auto' checks each
 * candidate), whose gate could never pass. Its transform is refused at algorithm.noisyRefit.transform when it is
 * the study's own outcome transform (the second fit would be the first).
 */
export function refuseNoisyRefit(algorithm: Pick<AlgorithmSpec, 'noisyRefit' | 'outputTransform' | 'surrogate' | 'surrogateOptions'>, effective: Pick<EffectiveAlgorithm, 'policy'>): void {
  const spec = algorithm.noisyRefit;
  if (spec === undefined || spec.mode === 'off') return;
  if (effective.policy !== 'bo') {
    throw invalidArgument(['algorithm', 'noisyRefit'], `the second fit on noisy asks is made by the single-objective BO policy only; this study runs the '${effective.policy}' policy; drop noisyRefit or set mode 'off'`);
  }
  if (!studyHasCapability(algorithm.surrogate, algorithm.surrogateOptions ?? {}, 'noiseVariance')) {
    throw invalidArgument(['algorithm', 'noisyRefit'], `the second fit is made when the first one's fitted noise is high, which surrogate '${algorithm.surrogate}'${algorithm.surrogate === 'auto' ? ' with one of its candidates' : ''} does not have; use another surrogate or set mode 'off'`);
  }
  const own = algorithm.outputTransform ?? defaultOutputTransform(algorithm.surrogate);
  const second = resolveNoisyRefit(spec)?.transform;
  if (second === own) {
    throw invalidArgument(['algorithm', 'noisyRefit', 'transform'], `'${second}' is this study's outcome transform already, so the second fit would repeat the first; name another transform or set mode 'off'`);
  }
}
