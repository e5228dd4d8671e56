/**
 * ASHA (eta = 3, minResource 1, so rungs at steps 1, 3, 9) against hand-computed cases. The rule:
 * at a rung with n scores (the trial's own included) a trial continues iff its score is within the
 * best floor(n/3) (only the best while floor(n/3) = 0); a trial's score at a rung is its value at
 * its smallest reported step >= the rung's step. Each expectation's arithmetic is in its comment.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrunerSpec } from '../../../protocol/pruner.js';
import { AshaPruner, promotable, rungStep } from '../../../policy/pruners/asha-pruner.js';
import { ctx, negated, trial } from './pruner-fixtures.js';

type AshaSpec = Extract<PrunerSpec, { type: 'asha' }>;
const asha = (opts: Record<string, number> = {}) => new AshaPruner(PrunerSpec.parse({ type: 'asha', minResource: 1, reductionFactor: 3, ...opts }) as AshaSpec);

// T0 completed: 5 at step 1, 4 at step 3, 2 at step 9 (its rung scores 5, 4, 2).
const T0 = trial(0, 'completed', [5, 4, 2], [1, 3, 9]);

describe('asha pruner', () => {
  it('places rungs at minResource * eta^(s + k)', () => {
    assert.deepEqual([0, 1, 2].map((k) => rungStep({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 }, k)), [1, 3, 9]);
    assert.deepEqual([0, 1].map((k) => rungStep({ minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1 }, k)), [6, 18]);
  });

  it('promotes the top floor(n/eta) of a rung, only the best while floor(n/eta) = 0', () => {
    assert.equal(promotable(5, [5], 3, 'minimize'), true, 'alone: the best');
    assert.equal(promotable(6, [6, 5], 3, 'minimize'), false, 'n=2: floor(2/3)=0, only the best (5)');
    assert.equal(promotable(4, [4, 5, 6], 3, 'minimize'), true, 'n=3: top 1 is 4');
    assert.equal(promotable(4.5, [4.5, 5, 6, 4], 3, 'minimize'), false, 'n=4: top 1 is 4');
    assert.equal(promotable(2.5, [1, 2, 3, 4, 5, 2.5], 3, 'minimize'), false, 'n=6: top 2 are 1, 2');
    assert.equal(promotable(2, [1, 2, 3, 4, 5, 2], 3, 'minimize'), true, 'n=6: a tie with the 2nd best is promoted');
    assert.equal(promotable(4, [4, 5, 6], 3, 'maximize'), false, 'maximize: top 1 is 6');
  });

  it('judges each rung when a trial first reaches it, against every trial that reached it', () => {
    const p = asha();
    assert.deepEqual(p.decide(ctx(trial(0, 'running', [5], [1]), [])), { prune: false }, 'first trial at rung 0: alone, promoted');
    const t1 = p.decide(ctx(trial(1, 'running', [6], [1]), [T0]));
    assert.equal(t1.prune, true, 'rung 0: [6, 5], only the best goes on');
    assert.match(t1.reason!, /rung 0 \(step 1\).*top 1 of 2/);
    const T1 = trial(1, 'pruned', [6], [1]);
    assert.equal(p.decide(ctx(trial(2, 'running', [9, 4], [0, 1]), [T0, T1])).prune, false, 'rung 0: [4, 5, 6], top 1 = 4');
    const T2 = trial(2, 'running', [9, 4], [0, 1]);
    assert.equal(p.decide(ctx(trial(3, 'running', [4.5], [1]), [T0, T1, T2])).prune, true, 'rung 0: [4.5, 5, 6, 4], top 1 = 4');
    // Rung 1 (step 3): T2 reaches it with 3.5 against T0's 4 -> [3.5, 4]: the best; with 4.2 it is not.
    assert.equal(p.decide(ctx(trial(2, 'running', [9, 4, 3.8, 3.5], [0, 1, 2, 3]), [T0, T1])).prune, false);
    const late = p.decide(ctx(trial(2, 'running', [9, 4, 3.8, 4.2], [0, 1, 2, 3]), [T0, T1]));
    assert.equal(late.prune, true);
    assert.match(late.reason!, /rung 1 \(step 3\)/);
  });

  it('a step between rungs, or a report below the largest step so far, judges nothing', () => {
    const p = asha();
    assert.equal(p.decide(ctx(trial(4, 'running', [5, 100], [1, 2]), [T0])).prune, false, 'step 2 is no rung');
    // Reported 1, 5 then 3: the largest step is 5, so the late step 3 changes no decision.
    const t = trial(4, 'running', [1, 100, 100], [1, 5, 3]);
    assert.equal(p.decide({ ...ctx(t, [T0]), step: 3 }).prune, false);
  });

  it('a jump over several rungs judges each of them with the same value', () => {
    const p = asha();
    // From step 0 to step 9: score 1 at rungs 1, 3 and 9 -> [1, 5], [1, 4], [1, 2]: best everywhere.
    assert.equal(p.decide(ctx(trial(5, 'running', [9, 1], [0, 9]), [T0])).prune, false);
    // Value 4.5: rung 0 [4.5, 5] goes on, rung 1 [4.5, 4] stops it.
    assert.match(p.decide(ctx(trial(5, 'running', [9, 4.5], [0, 9]), [T0])).reason!, /rung 1 \(step 3\)/);
  });

  it("scores another trial at a rung by its value at the smallest step >= the rung's step", () => {
    // U skipped step 1: its rung-0 score is its value at step 2 (7). Self 6 at step 1: [6, 7] -> best.
    const U = trial(9, 'completed', [7], [2]);
    assert.equal(asha().decide(ctx(trial(5, 'running', [6], [1]), [U])).prune, false);
    assert.equal(asha().decide(ctx(trial(5, 'running', [8], [1]), [U])).prune, true, '[8, 7]: not the best');
  });

  it('minEarlyStoppingRate s moves the first rung to r * eta^s', () => {
    const p = asha({ minEarlyStoppingRate: 1 });
    assert.equal(p.decide(ctx(trial(1, 'running', [100], [1]), [T0])).prune, false, 'step 1 is below the first rung (3)');
    assert.equal(p.decide(ctx(trial(1, 'running', [100, 100], [1, 3]), [T0])).prune, true, 'rung at 3: [100, 4]');
  });

  it('maximize: the negated cases decide the same', () => {
    const p = asha();
    const cases = [trial(1, 'running', [6], [1]), trial(2, 'running', [9, 4], [0, 1]), trial(5, 'running', [9, 4.5], [0, 9]), trial(5, 'running', [9, 1], [0, 9])];
    for (const c of cases) assert.equal(p.decide(ctx(negated(c), [negated(T0)], 'maximize')).prune, p.decide(ctx(c, [T0])).prune);
  });

  it('validates options with field paths', () => {
    for (const [opts, path] of [[{ reductionFactor: 1 }, 'reductionFactor'], [{ minResource: 0 }, 'minResource'], [{ minEarlyStoppingRate: -1 }, 'minEarlyStoppingRate']] as const) {
      const r = PrunerSpec.safeParse({ type: 'asha', ...opts });
      assert.equal(r.success, false);
      assert.deepEqual(r.error!.issues[0]!.path, [path]);
    }
  });
});
