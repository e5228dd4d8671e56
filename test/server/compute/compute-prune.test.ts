/**
 * Learning-curve pruning decisions on the compute plane: a worker answers the same decision as the
 * in-process function (same curves, same settings: the hyperparameter memo is a pure function of
 * the finished set), and answers it again from its warm memo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../../core/search-space.js';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import type { CurveTrial } from '../../../policy/pruners/curve-forecast.js';
import { decideLearningCurve, type LearningCurveSettings } from '../../../policy/pruners/learning-curve-decide.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';

const SPACE = { lr: { type: 'float', low: 0, high: 1 } } as const;
const SETTINGS: LearningCurveSettings = { threshold: 0.05, minSteps: 3, maxSteps: 20, scale: 'log', maxCurves: 64, startupTrials: 0 };

/** Deterministic decaying curves a + b·e^(−t/τ) (no noise needed: the comparison is exact). */
function curve(a: number, tau: number, upTo: number) {
  return Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: a + 2 * Math.exp(-(i + 1) / tau) }));
}

test('a prune decision computed in a worker equals the in-process one', async (t) => {
  const trials: CurveTrial[] = [
    ...Array.from({ length: 6 }, (_, i): CurveTrial => ({ id: `c${i}`, params: { lr: i / 6 }, state: 'completed', curve: curve(0.1 + 0.1 * i, 3 + i, 20), value: 0.1 + 0.1 * i })),
    { id: 'r', params: { lr: 0.95 }, state: 'running', curve: curve(1.5, 2, 6) },
  ];
  const pool = new WorkerPool({ workers: 1 });
  t.after(() => pool.close());
  const spec = { space: SPACE, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 1 }) };
  const job = { kind: 'prune' as const, spec, direction: 'minimize' as const, trials, trialId: 'r', settings: SETTINGS, timeBudgetMs: 10_000, hardLimitMs: 60_000 };
  const local = decideLearningCurve(createSearchSpace(SPACE), 'minimize', trials, 'r', SETTINGS);
  assert.equal(local.prune, true, local.reason);
  assert.deepEqual(await pool.prune('study-1', job), local);
  assert.deepEqual(await pool.prune('study-1', job), local, 'the warm memo gives the same answer');
});
