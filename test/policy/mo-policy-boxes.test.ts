/**
 * qLogNEHVI's box decompositions as the policy reports them: exact for 3 objectives with at most
 * 2n+1 boxes per MC sample (n ≤ observed points: the local-upper-bound count of Lacour et al. 2017
 * for an n-point front in 3-D), alpha pruning at 4 objectives with some boxes dropped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import type { Observation, OutcomeSpec } from '../../policy/types.js';
import { dtlz2 } from '../../benchmarks/mo/problems.js';

const FAST = { rawSamples: 64, restarts: 1, samples: 16 };

async function ask(m: number, n: number) {
  const p = dtlz2(6, m);
  const space = createSearchSpace(Object.fromEntries(Array.from({ length: 6 }, (_, j) => [`x${j}`, { type: 'float' as const, low: 0, high: 1 }])));
  const outcomes: OutcomeSpec = { objectives: Array.from({ length: m }, (_, k) => ({ name: `f${k}`, direction: 'minimize' as const })), constraints: [] };
  const rng = createRng(m);
  const completed: Observation[] = Array.from({ length: n }, () => {
    const x = Array.from({ length: 6 }, () => rng.uniform());
    const f = p.f(x);
    return { params: Object.fromEntries(x.map((v, j) => [`x${j}`, v])), value: f[0], outcomes: f };
  });
  const d = await new MoPolicy(FAST).suggest({ space, algorithm: AlgorithmSpec.parse({ acquisition: 'qlognehvi', initialTrials: 2, seed: 1 }), direction: 'minimize', outcomes, completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
  return d.diagnostics.boxDecomposition as { alpha: number; boxesPerSample: number; droppedPerSample: number; maxBoxes: number };
}

test('3 objectives: exact decompositions of at most 2n+1 boxes per MC sample', async () => {
  const n = 14;
  const b = await ask(3, n);
  assert.equal(b.alpha, 0);
  assert.equal(b.droppedPerSample, 0);
  assert.ok(b.boxesPerSample >= 1 && b.maxBoxes <= 2 * n + 1, JSON.stringify(b));
});

test('4 objectives: alpha 1e-3 drops some boxes and says how many', async () => {
  const b = await ask(4, 14);
  assert.equal(b.alpha, 1e-3);
  assert.ok(b.droppedPerSample > 0 && b.boxesPerSample > 0, JSON.stringify(b));
});
