/**
 * The ensemble-posterior surrogates through the real BO policy (registry → fit → acquisition →
 * optimizer): every acquisition kind gives a model-phase ask (no space-filling fallback) with a
 * point in the box, and the same seed gives the same suggestion. The reference for "works" is the
 * policy's own contract (phase 'model', no fallbackReason); quality is benchmarked, not tested.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { BoPolicy } from '../../policy/bo-policy.js';

const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: -2, high: 2 } });
const completed = [
  [0.1, 0.5],
  [0.4, -1],
  [0.7, 1.5],
  [0.9, -0.3],
  [0.25, 0.9],
  [0.6, 0.1],
].map(([x, y]) => ({ params: { x, y }, value: Math.sin(6 * x) - 0.2 * y * y }));

// Small settings keep the fits under a second each.
const SMALL: Record<string, Record<string, unknown>> = {
  'deep-ensemble': { members: 3, steps: 200, widths: [10] },
  'bnn-sghmc': { widths: [10], burnIn: 300, samplesPerChain: 8, thin: 10 },
  'hmc-bnn': { widths: [8], warmup: 60, samplesPerChain: 10, leapfrog: 10, pretrainSteps: 50, chains: 2, posterior: 'ensemble' },
};

for (const surrogate of ['deep-ensemble', 'bnn-sghmc', 'hmc-bnn'] as const) {
  for (const acquisition of ['log-ei', 'log-pi', 'ucb', 'qlognei', 'thompson'] as const) {
    test(`${surrogate} + ${acquisition}: a model ask inside the box, deterministic by seed`, async () => {
      const algorithm = AlgorithmSpec.parse({ surrogate, acquisition, initialTrials: 3, seed: 5, surrogateOptions: SMALL[surrogate] });
      const ask = () => new BoPolicy().suggest({ space, algorithm, direction: 'maximize', completed, pending: [], count: 1 });
      const d = await ask();
      assert.equal(d.diagnostics.phase, 'model', JSON.stringify(d.diagnostics).slice(0, 400));
      const p = d.suggestions[0] as { x: number; y: number };
      assert.ok(p.x >= 0 && p.x <= 1 && p.y >= -2 && p.y <= 2, JSON.stringify(p));
      assert.deepEqual((await ask()).suggestions, d.suggestions);
    });
  }
}
