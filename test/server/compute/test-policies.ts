/**
 * Test-only policy module a compute worker can load (WorkerPoolOptions.policyModule): the real
 * createPolicy, except seed 9001, whose policy reports progress then spins synchronously forever
 * (only terminating its worker can stop it), and seed 9002, which reports whether it got back the
 * very state object it returned (the worker's cache) or a copy (sent again). Its `recommend` is
 * the real one except for seed 9001, which spins.
 */
import type { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { createPolicy as realCreatePolicy, type CreatePolicyOptions } from '../../../policy/create-policy.js';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '../../../policy/types.js';
import { recommend as realRecommend, type Recommendation, type RecommendRequest } from '../../../policy/recommend.js';

/** The seed that selects the spinning policy. */
export const SPIN_SEED = 9001;

/** The seed that selects the state-echo policy: diagnostics.heldState says whether the request's state is the object it returned last (the worker kept it, nothing was re-sent). */
export const ECHO_SEED = 9002;

/** The seed that selects a policy whose worker dies mid-suggest (process.exit in a worker ends only that thread). */
export const CRASH_SEED = 9003;

/**
 * The seed that selects the gated policy: it reports stage 'gated', then waits (ignoring its abort
 * signal, like a fit between two signal checks) until the test opens the gate, then runs the real
 * policy. The gate is a file named by the process id, which a worker thread shares with its test.
 */
export const GATE_SEED = 9004;

const GATE_FILE = join(tmpdir(), `bo-test-gate-${process.pid}`);

/** Opens the gate of GATE_SEED policies (and keeps it open until closeGate). */
export function openGate(): void {
  writeFileSync(GATE_FILE, '');
}

/** Closes the gate (call it before and after a test that uses one). */
export function closeGate(): void {
  rmSync(GATE_FILE, { force: true });
}

/** The seed that selects a policy that allocates without bound (its worker dies past its heap cap). */
export const OOM_SEED = 9005;

/** The seed that selects the real policy with a stand-in model reported (diagnostics.modelFallback, like DKL -> GP). */
export const STAND_IN_SEED = 9006;

/** createPolicy with the test policies for their seeds (see the constants above). */
export function createPolicy(spec: AlgorithmSpec, options: CreatePolicyOptions = {}): Policy {
  if (spec.seed === OOM_SEED) {
    return {
      suggest: async () => {
        const hog: number[][] = [];
        for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length + 0.5));
      },
    };
  }
  if (spec.seed === STAND_IN_SEED) {
    const real = realCreatePolicy(spec, options);
    return {
      suggest: async (req) => {
        const d = await real.suggest(req);
        return { ...d, diagnostics: { ...d.diagnostics, modelFallback: 'gp', modelFallbackReason: 'test stand-in' } };
      },
    };
  }
  if (spec.seed === GATE_SEED) {
    const real = realCreatePolicy(spec, options);
    return {
      suggest: async (req) => {
        req.onProgress?.({ stage: 'gated', fraction: 0 });
        while (!existsSync(GATE_FILE)) await new Promise((r) => setTimeout(r, 10));
        return real.suggest({ ...req, signal: new AbortController().signal });
      },
    };
  }
  if (spec.seed === CRASH_SEED) return { suggest: async () => process.exit(3) };
  if (spec.seed === ECHO_SEED) {
    let last: unknown;
    return {
      suggest: async (req) => {
        const heldState = req.state !== undefined && req.state === last;
        last = { n: ((req.state?.n as number | undefined) ?? 0) + 1 };
        return { suggestions: [], state: last as { n: number }, diagnostics: { phase: 'echo', heldState, n: (last as { n: number }).n } };
      },
    };
  }
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

/** The real recommend, except for seed SPIN_SEED: it spins synchronously forever (only terminating its worker stops it). */
export async function recommend(req: RecommendRequest): Promise<Recommendation> {
  if (req.algorithm.seed !== SPIN_SEED) return realRecommend(req);
  for (;;);
}
