/**
 * Hyperband: bracket count and budgets against hand-computed values of the formulas (Li et al.
 * 2018; Optuna's allocation ceil(B·eta^s/(s+1))), crc32 against its published check value, the
 * bracket frequencies against the budgets (Monte Carlo), and decisions that only a trial's own
 * bracket (with its own first rung) takes part in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrunerSpec } from '../../../protocol/pruner.js';
import { crc32 } from '../../../core/crc32.js';
import { HyperbandPruner, bracketBudgets, bracketCount, bracketOf } from '../../../policy/pruners/hyperband-pruner.js';
import { ctx, trial } from './pruner-fixtures.js';

type HyperbandSpec = Extract<PrunerSpec, { type: 'hyperband' }>;
const hyperband = (opts: Record<string, number>) => new HyperbandPruner(PrunerSpec.parse({ type: 'hyperband', ...opts }) as HyperbandSpec);

describe('hyperband pruner', () => {
  it('crc32 matches the CRC-32/ISO-HDLC check value', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32(''), 0);
  });

  it('counts floor(log_eta(max/min)) + 1 brackets in exact integers', () => {
    assert.equal(bracketCount(1, 27, 3), 4, '3^3 = 27');
    assert.equal(bracketCount(1, 26, 3), 3, '3^2 = 9 <= 26 < 27');
    assert.equal(bracketCount(1, 243, 3), 6, '3^5 = 243 (a float log gives 4.999...)');
    assert.equal(bracketCount(2, 18, 3), 3, '2·3^2 = 18');
    assert.equal(bracketCount(1, 2, 3), 1);
  });

  it('budgets brackets ceil(B·eta^s/(s+1)), s = B-1-i', () => {
    // B=4, eta=3: s=3: ceil(4·27/4)=27; s=2: ceil(4·9/3)=12; s=1: ceil(4·3/2)=6; s=0: 4.
    assert.deepEqual(bracketBudgets(4, 3), [27, 12, 6, 4]);
    // B=3, eta=2: s=2: ceil(3·4/3)=4; s=1: ceil(3·2/2)=3; s=0: 3.
    assert.deepEqual(bracketBudgets(3, 2), [4, 3, 3]);
  });

  it('assigns brackets deterministically, with frequencies proportional to the budgets', () => {
    const budgets = [27, 12, 6, 4];
    const counts = [0, 0, 0, 0];
    const n = 49_000;
    for (let i = 0; i < n; i++) counts[bracketOf('study', i, budgets)]! += 1;
    // Expected share budget/49; binomial sd <= sqrt(n/4) = 111 trials, tolerance 0.01·n = 490 (> 4 sd).
    budgets.forEach((b, i) => assert.ok(Math.abs(counts[i]! - (n * b) / 49) < 0.01 * n, `bracket ${i}: ${counts[i]} of ${n}`));
    assert.equal(bracketOf('study', 123, budgets), bracketOf('study', 123, budgets));
  });

  it('competes only within the bracket, each bracket with its own first rung', () => {
    const p = hyperband({ minResource: 1, maxResource: 27, reductionFactor: 3 });
    const name = 'hb';
    const inBracket = (b: number, skip = -1) => {
      for (let i = 0; ; i++) if (i !== skip && p.bracket(name, i) === b) return i;
    };
    const a = inBracket(0);
    const b = inBracket(0, a);
    const other = [1, 2, 3].map((k) => inBracket(k)).find((x) => x !== undefined)!;
    const strongElsewhere = trial(other, 'completed', [0, 0, 0], [1, 3, 9]);
    // Bracket 0 (rungs at 1, 3, 9): alone in its bracket the trial is the best, whatever another bracket holds.
    assert.equal(p.decide(ctx(trial(a, 'running', [5], [1]), [strongElsewhere], 'minimize', name)).prune, false);
    // With a better trial of its own bracket: [5, 1] -> only the best goes on.
    const rival = trial(b, 'completed', [1, 1, 1], [1, 3, 9]);
    const d = p.decide(ctx(trial(a, 'running', [5], [1]), [strongElsewhere, rival], 'minimize', name));
    assert.equal(d.prune, true);
    assert.match(d.reason!, /^hyperband bracket 0: .*rung 0 \(step 1\)/);
    // A bracket-1 trial's first rung is at 3: at step 1 it is never judged.
    const one = inBracket(1);
    const rival1 = trial(inBracket(1, one), 'completed', [0, 0], [1, 3]);
    assert.equal(p.decide(ctx(trial(one, 'running', [9], [1]), [rival1], 'minimize', name)).prune, false);
    assert.equal(p.decide(ctx(trial(one, 'running', [9, 9], [1, 3]), [rival1], 'minimize', name)).prune, true);
  });

  it('refuses maxResource <= minResource at the maxResource path', () => {
    const r = PrunerSpec.safeParse({ type: 'hyperband', minResource: 9, maxResource: 9 });
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['maxResource']);
    assert.equal(PrunerSpec.safeParse({ type: 'hyperband', minResource: 1 }).success, false, 'maxResource is required');
  });
});
