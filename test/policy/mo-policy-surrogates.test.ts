/**
 * Every surrogate the multi-outcome policy newly accepts (stp, deep-ensemble, bnn-sghmc, hmc-bnn in
 * both posterior forms) through the real MoPolicy (registry → one fit per outcome → draws by
 * posterior kind → qLogNEHVI / constrained qLogNEI → optimizer): a model-phase ask (no
 * space-filling fallback) inside the box with analytic gradients, a pending point respected, and
 * the same seed giving the same suggestions. The reference for "works" is the policy's contract
 * (phase 'model', no fallbackReason); quality is benchmarked (RESULTS.md session 9), not tested.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import type { OutcomeSpec } from '../../policy/types.js';

const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: -2, high: 2 } });
const points = [[0.1, 0.5], [0.4, -1], [0.7, 1.5], [0.9, -0.3], [0.25, 0.9], [0.6, 0.1], [0.45, -1.6]];
/** acc maximized, latency minimized (they conflict along x), mem a constraint metric. */
const acc = (x: number, y: number): number => Math.sin(3 * x) - 0.1 * y * y;
const observed = (metric: (x: number, y: number) => number) => points.map(([x, y]) => ({ params: { x, y }, value: 0, outcomes: [acc(x, y), metric(x, y)] }));
const TWO: OutcomeSpec = { objectives: [{ name: 'acc', direction: 'maximize' }, { name: 'latency', direction: 'minimize' }], constraints: [] };
const CONSTRAINED: OutcomeSpec = { objectives: [{ name: 'acc', direction: 'maximize' }], constraints: [{ name: 'mem', max: 9 }] };

// Small settings keep the fits around a second each (as test/policy/ensemble-surrogates.test.ts).
const CASES: [string, string, Record<string, unknown>][] = [
  ['stp', 'stp', { restarts: 0, maxIterations: 40 }],
  ['deep-ensemble', 'deep-ensemble', { members: 3, steps: 200, widths: [10] }],
  ['bnn-sghmc', 'bnn-sghmc', { widths: [10], burnIn: 300, samplesPerChain: 8, thin: 10 }],
  ['hmc-bnn ensemble', 'hmc-bnn', { widths: [8], warmup: 60, samplesPerChain: 10, leapfrog: 10, pretrainSteps: 50, chains: 2, posterior: 'ensemble', engine: 'js' }],
  ['hmc-bnn moment-matched', 'hmc-bnn', { widths: [8], warmup: 60, samplesPerChain: 10, leapfrog: 10, pretrainSteps: 50, chains: 2, engine: 'js' }],
];

for (const [name, surrogate, surrogateOptions] of CASES) {
  for (const [label, outcomes, count] of [['2 objectives, q = 2', TWO, 2], ['1 objective + constraint', CONSTRAINED, 1]] as const) {
    test(`multi-outcome ${name}, ${label}: model asks inside the box with analytic gradients, deterministic by seed`, async () => {
      const algorithm = AlgorithmSpec.parse({ surrogate, surrogateOptions, initialTrials: 3, seed: 5 });
      const pending = [{ x: 0.5, y: 0 }];
      const completed = observed(outcomes === TWO ? (x, y) => x * x + 0.3 * (y + 2) : (x) => 4 + 8 * x);
      const ask = () => new MoPolicy({ rawSamples: 64, restarts: 2, samples: 32 }).suggest({ space, algorithm, direction: 'maximize', outcomes, completed, pending, count });
      const d = await ask();
      assert.equal(d.diagnostics.phase, 'model', JSON.stringify(d.diagnostics).slice(0, 400));
      assert.equal(d.diagnostics.acquisition, outcomes === TWO ? 'qlognehvi' : 'qlognei');
      assert.equal((d.diagnostics.optimizer as { analyticGradient: boolean }).analyticGradient, true);
      assert.equal(d.suggestions.length, count);
      for (const p of d.suggestions as { x: number; y: number }[]) {
        assert.ok(p.x >= 0 && p.x <= 1 && p.y >= -2 && p.y <= 2, JSON.stringify(p));
        assert.ok(!(p.x === 0.5 && p.y === 0), 'the pending point is not suggested again');
      }
      assert.deepEqual((await ask()).suggestions, d.suggestions);
    });
  }
}
