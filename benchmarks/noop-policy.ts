/**
 * A policy module for compute workers (WorkerPoolOptions.policyModule) whose policy does nothing:
 * it answers at once, so a pool round trip with it measures only the plane's own cost
 * (encode, transfer, decode, scheduling). Used by benchmarks/compute-transfer.ts.
 */
import type { Policy } from '../policy/types.js';

/** A policy that echoes the first pending point (or none) without looking at the data. */
export function createPolicy(): Policy {
  return {
    suggest: async (req) => ({ suggestions: [], state: req.state ?? {}, diagnostics: { phase: 'noop', n: req.completed.length } }),
  };
}
