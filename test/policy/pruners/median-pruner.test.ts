/**
 * MedianPruner against hand-computed cases: each expected decision is worked out in the comment
 * beside it from the rule (prune iff the trial's best value so far is worse than the median of
 * the finished trials' values at the same step, after startup/warmup, on the first report of an
 * interval window). Maximize cases are the minimize ones negated, which must decide the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrunerSpec } from '../../../protocol/pruner.js';
import { MedianPruner, firstInInterval, median } from '../../../policy/pruners/median-pruner.js';
import { ctx, negated, trial } from './pruner-fixtures.js';

const pruner = (opts: Record<string, number>) => new MedianPruner(PrunerSpec.parse({ type: 'median', ...opts }) as Extract<PrunerSpec, { type: 'median' }>);

describe('median pruner', () => {
  // Finished trials: A completed with 5, 4, 3 at steps 0..2; B pruned with 9, 2 at steps 0..1.
  // Medians by step: step 0 -> (5+9)/2 = 7; step 1 -> (4+2)/2 = 3; step 2 -> 3 (A only).
  const A = trial(0, 'completed', [5, 4, 3]);
  const B = trial(1, 'pruned', [9, 2]);
  const running = trial(2, 'running', [100]);

  it('computes medians as numpy does (odd: the middle; even: the mean of the two middle values)', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
  });

  it('waits for startupTrials finished trials (running ones do not count)', () => {
    const p = pruner({ startupTrials: 3, warmupSteps: 0 });
    // 2 finished < 3: keep, however bad (100 vs median 7).
    assert.deepEqual(p.decide(ctx(trial(3, 'running', [100]), [A, B, running])), { prune: false });
    // Startup 2 is met by A and B: 100 > 7 -> prune.
    assert.equal(pruner({ startupTrials: 2, warmupSteps: 0 }).decide(ctx(trial(3, 'running', [100]), [A, B, running])).prune, true);
  });

  it('never prunes before warmupSteps; compares the best value so far (warmup steps included) with the median at the step', () => {
    const p = pruner({ startupTrials: 2, warmupSteps: 1 });
    assert.equal(p.decide(ctx(trial(3, 'running', [100]), [A, B])).prune, false, 'step 0 < warmup 1');
    const d = p.decide(ctx(trial(3, 'running', [10, 3.5]), [A, B]));
    // best so far min(10, 3.5) = 3.5 > median 3 at step 1 -> prune, and the reason says so.
    assert.equal(d.prune, true);
    assert.match(d.reason!, /3\.5.*median 3 of 2 finished trials at step 1/);
    assert.equal(p.decide(ctx(trial(3, 'running', [10, 3]), [A, B])).prune, false, 'equal to the median: keep');
    assert.equal(p.decide(ctx(trial(3, 'running', [1, 3.5]), [A, B])).prune, false, 'best so far 1 (at step 0) < 3: keep');
  });

  it('keeps a trial when no finished trial reported the same step', () => {
    // Step 5: neither A nor B has a value there.
    assert.equal(pruner({ startupTrials: 1 }).decide(ctx(trial(3, 'running', [50], [5]), [A, B])).prune, false);
  });

  it('decides only on the first report of each interval window after the warmup', () => {
    // warmup 1, interval 3: windows start at steps 1, 4, 7...
    assert.equal(firstInInterval(1, [0, 1], 1, 3), true, 'previous 0 < window start 1');
    assert.equal(firstInInterval(2, [0, 1, 2], 1, 3), false, 'previous 1 >= window start 1');
    assert.equal(firstInInterval(4, [0, 1, 2, 3, 4], 1, 3), true, 'previous 3 < window start 4');
    assert.equal(firstInInterval(6, [0, 5, 6], 1, 3), false, 'previous 5 >= window start 4');
    assert.equal(firstInInterval(6, [0, 3, 6], 1, 3), true, 'steps 4 and 5 skipped: 6 is the first of its window');
    const p = pruner({ startupTrials: 2, warmupSteps: 1, intervalSteps: 3 });
    // Step 2 with value 50 would be pruned (median at step 2 is 3) but is not a window start.
    assert.equal(p.decide(ctx(trial(3, 'running', [60, 55, 50]), [A, B])).prune, false);
    assert.equal(p.decide(ctx(trial(3, 'running', [60, 55]), [A, B])).prune, true, 'step 1 starts a window: 55 > 3');
  });

  it('maximize: the negated cases decide the same', () => {
    const p = pruner({ startupTrials: 2, warmupSteps: 1 });
    for (const values of [[10, 3.5], [10, 3], [1, 3.5], [100]]) {
      const min = p.decide(ctx(trial(3, 'running', values), [A, B]));
      const max = p.decide(ctx(negated(trial(3, 'running', values)), [negated(A), negated(B)], 'maximize'));
      assert.equal(max.prune, min.prune, `values ${values.join(',')}`);
    }
  });

  it('validates its options with field paths and fills Optuna defaults', () => {
    assert.deepEqual(PrunerSpec.parse({ type: 'median' }), { type: 'median', startupTrials: 5, warmupSteps: 0, intervalSteps: 1 });
    const bad = PrunerSpec.safeParse({ type: 'median', intervalSteps: 0 });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error!.issues[0]!.path, ['intervalSteps']);
  });
});
