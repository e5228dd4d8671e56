import type { AlgorithmSpec } from '../protocol/algorithm.js';
import { createSurrogate } from '../surrogates/registry.js';
import { BoPolicy, type BoPolicyOptions } from './bo-policy.js';
import { SobolPolicy } from './sobol-policy.js';
import type { Policy } from './types.js';

/**
 * The policy for an algorithm spec: surrogate 'none' -> space-filling Sobol only; any other kind
 * -> BoPolicy with that surrogate (createSurrogate throws FAILED_PRECONDITION for kinds not built).
 */
export function createPolicy(spec: AlgorithmSpec, options: Omit<BoPolicyOptions, 'surrogate'> = {}): Policy {
  if (spec.surrogate === 'none') return new SobolPolicy();
  return new BoPolicy({ ...options, surrogate: createSurrogate(spec.surrogate, spec.surrogateOptions ?? {}) });
}
