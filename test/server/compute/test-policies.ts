/**
 * Test-only policy module a compute worker can load (WorkerPoolOptions.policyModule): the real
 * createPolicy, except seed 9001, whose policy reports progress then spins synchronously forever
 * (only terminating its worker can stop it).
 */
import type { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { createPolicy as realCreatePolicy, type CreatePolicyOptions } from '../../../policy/create-policy.js';
import type { Policy } from '../../../policy/types.js';

/** The seed that selects the spinning policy. */
export const SPIN_SEED = 9001;

/** createPolicy with the spinning policy for seed SPIN_SEED. */
export function createPolicy(spec: AlgorithmSpec, options: CreatePolicyOptions = {}): Policy {
  if (spec.seed !== SPIN_SEED) return realCreatePolicy(spec, options);
  return {
    suggest: async (req) => {
      req.onProgress?.({ stage: 'spin', fraction: 0 });
      // Let the progress message leave before the loop blocks this thread for good.
      await new Promise((r) => setTimeout(r, 20));
      for (;;);
    },
  };
}
