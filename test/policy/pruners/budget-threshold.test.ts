/**
 * The learning-curve pruner's budget-aware threshold (policy/pruners/budget-threshold.ts) against
 * hand-computed values of threshold + (budget.threshold − threshold)·min(1, spent/budget.steps),
 * the spent steps of hand-made curves, and the threshold each report hands to the decision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetThreshold, spentSteps } from '../../../policy/pruners/budget-threshold.js';
import { LearningCurvePruner, type LearningCurveJob } from '../../../policy/pruners/learning-curve-pruner.js';
import type { PrunerTrial } from '../../../policy/pruners/types.js';
import { PrunerSpec } from '../../../protocol/pruner.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('the threshold moves linearly with the spent share of the budget and stays at the end value after it', () => {
  const budget = { steps: 1000, threshold: 0.25 };
  // 0.05 + 0.20·s/1000: 0.05, 0.10 at 250, 0.15 at 500, 0.25 at 1000 and beyond.
  close(budgetThreshold(0.05, budget, 0), 0.05);
  close(budgetThreshold(0.05, budget, 250), 0.1);
  close(budgetThreshold(0.05, budget, 500), 0.15);
  close(budgetThreshold(0.05, budget, 1000), 0.25);
  close(budgetThreshold(0.05, budget, 4000), 0.25);
  // Falling: 0.3 → 0.1 over 200 steps, 0.2 at 100.
  close(budgetThreshold(0.3, { steps: 200, threshold: 0.1 }, 100), 0.2);
  // No budget: the fixed threshold whatever was spent.
  close(budgetThreshold(0.05, undefined, 10_000), 0.05);
});

test('spent steps sum each trial last reported step (steps are the resource, gaps included)', () => {
  const curve = (steps: number[]) => steps.map((step) => ({ step, value: 1 }));
  // 3 (steps 1-3) + 10 (reported at 5 and 10 only) + 0 (nothing reported) + 7 (unsorted) = 20.
  assert.equal(spentSteps([{ curve: curve([1, 2, 3]) }, { curve: curve([5, 10]) }, { curve: [] }, { curve: curve([7, 2]) }]), 20);
});

test('each report hands the decision the threshold of the study spent so far, failed trials counted', async () => {
  const spec = PrunerSpec.parse({ type: 'learning-curve', maxSteps: 40, minSteps: 3, threshold: 0.05, budget: { steps: 200, threshold: 0.45 } });
  assert.equal(spec.type, 'learning-curve');
  const seen: number[] = [];
  const pruner = new LearningCurvePruner(spec as Extract<PrunerSpec, { type: 'learning-curve' }>, async (job: LearningCurveJob) => {
    seen.push(job.settings.threshold);
    return { prune: false, reason: 'recorded' };
  });
  const at = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1, value: 1 / (i + 1) }));
  const trial = (id: string, state: PrunerTrial['state'], n: number): PrunerTrial => ({ id, number: Number(id), state, curve: at(n), params: { x: 0.5 } });
  const study = { id: 's', name: 's' };
  // Spent: 40 (completed) + 30 (failed) + 0 (queued) + 5 (the reporting trial) = 75 → 0.05 + 0.40·75/200 = 0.2.
  const others = [trial('0', 'completed', 40), trial('1', 'failed', 30), trial('2', 'queued', 0)];
  await pruner.decide({ study, direction: 'minimize', trial: trial('3', 'running', 5), step: 5, others });
  // 40 + 30 + 0 + 35 = 105 → 0.05 + 0.40·105/200 = 0.26.
  await pruner.decide({ study, direction: 'minimize', trial: trial('3', 'running', 35), step: 35, others });
  close(seen[0]!, 0.2);
  close(seen[1]!, 0.26);
  // Without a budget the spec's threshold goes through unchanged.
  const plain = new LearningCurvePruner(PrunerSpec.parse({ type: 'learning-curve', maxSteps: 40 }) as Extract<PrunerSpec, { type: 'learning-curve' }>, async (job) => {
    seen.push(job.settings.threshold);
    return { prune: false, reason: 'recorded' };
  });
  await plain.decide({ study, direction: 'minimize', trial: trial('3', 'running', 5), step: 5, others });
  assert.equal(seen[2], 0.05);
});

test('a budget smaller than one run, an end threshold outside (0, 1) or an unknown field is refused with its path', () => {
  const issues = (budget: unknown) => {
    const r = PrunerSpec.safeParse({ type: 'learning-curve', maxSteps: 40, budget });
    assert.equal(r.success, false);
    return r.error!.issues.map((i) => JSON.stringify(i.path));
  };
  assert.ok(issues({ steps: 39, threshold: 0.2 }).includes('["budget","steps"]'));
  assert.ok(issues({ steps: 100, threshold: 0 }).includes('["budget","threshold"]'));
  assert.ok(issues({ steps: 100.5, threshold: 0.2 }).includes('["budget","steps"]'));
  assert.ok(issues({ steps: 100, threshold: 0.2, share: 1 }).includes('["budget"]'));
});
