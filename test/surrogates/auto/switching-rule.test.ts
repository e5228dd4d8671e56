/**
 * The switching rule of 'auto' (surrogates/auto/switching-rule.ts) on constructed per-observation
 * scores, against references written independently of it:
 * - the paired statistic against the pairwise form of the sample variance,
 *   s² = Σ_{i<j} (d_i − d_j)² / (n(n − 1)), and the mean of the differences summed by hand;
 * - rule 'persistent' over sequences of asks against a brute-force replay of its definition that
 *   keeps the whole history and looks back over windows, instead of carrying a counter;
 * - 'one-standard-error' as the stateless formula (choice = challenger iff mean(d) > margin·SE).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import type { AutoCandidateName } from '../../../surrogates/auto/auto-candidates.js';
import { pairedAdvantage } from '../../../surrogates/auto/predictive-score.js';
import { decideFamily, type ScoredCandidate, type SwitchStreak } from '../../../surrogates/auto/switching-rule.js';
import { persistedSwitchState } from '../../../surrogates/auto/switch-state.js';

const NAMES: AutoCandidateName[] = ['gp', 'nngp', 'stp'];

/** Brute-force paired statistic: the mean of d by a plain sum, its standard error from the pairwise variance. */
function bruteForcePaired(a: Float64Array, b: Float64Array): { advantage: number; standardError: number } {
  const n = a.length;
  const d = Array.from(a, (v, i) => v - b[i]);
  let pairs = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs += (d[i] - d[j]) ** 2;
  const variance = pairs / (n * (n - 1));
  return { advantage: d.reduce((s, v) => s + v, 0) / n, standardError: Math.sqrt(variance / n) };
}

/** One ask's constructed scores: per-observation densities for each candidate, `shift[k]` added to candidate k's. */
function askScores(n: number, shift: readonly number[], seed: number): ScoredCandidate[] {
  const rng = createRng(seed);
  const base = Float64Array.from({ length: n }, () => rng.normal());
  return NAMES.map((name, k) => {
    const densities = Float64Array.from(base, (v) => v + shift[k] + 0.3 * rng.normal());
    return { name, densities, score: densities.reduce((s, v) => s + v, 0) / n };
  });
}

test('the paired advantage and its standard error equal the brute-force pairwise computation (constructed densities, n = 2..40)', () => {
  const rng = createRng(3);
  for (const n of [2, 3, 7, 40]) {
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const b = Float64Array.from({ length: n }, () => 0.5 * rng.normal() - 0.2);
    const got = pairedAdvantage(a, b);
    const want = bruteForcePaired(a, b);
    assert.ok(Math.abs(got.advantage - want.advantage) < 1e-12, `n ${n}: ${got.advantage} vs ${want.advantage}`);
    assert.ok(Math.abs(got.standardError - want.standardError) < 1e-12, `n ${n}: ${got.standardError} vs ${want.standardError}`);
  }
});

/** Brute force of 'persistent': replays the history; at ask t the incumbent switches to c when asks t−p+1..t, all after the last switch, had c as the clearing challenger of that incumbent. */
function bruteForcePersistent(asks: readonly ScoredCandidate[][], margin: number, patience: number): AutoCandidateName[] {
  const choices: AutoCandidateName[] = [];
  const clearing: (AutoCandidateName | undefined)[] = [];
  let incumbent: AutoCandidateName = asks[0][0].name;
  let lastSwitch = -1;
  asks.forEach((scored, t) => {
    const inc = scored.find((s) => s.name === incumbent)!;
    let best = scored[0];
    for (const s of scored) if (s.score > best.score) best = s;
    const stat = bruteForcePaired(best.densities, inc.densities);
    clearing[t] = best !== inc && stat.advantage > margin * stat.standardError ? best.name : undefined;
    const window = clearing.slice(Math.max(lastSwitch + 1, t - patience + 1), t + 1);
    if (window.length === patience && window.every((c) => c !== undefined && c === clearing[t])) {
      incumbent = clearing[t]!;
      lastSwitch = t;
    }
    choices.push(incumbent);
  });
  return choices;
}

test("rule 'persistent' over sequences of asks equals the brute-force replay of its definition (600 constructed asks, patience 1-4)", () => {
  const rng = createRng(17);
  for (const patience of [1, 2, 3, 4]) {
    for (const margin of [0.5, 1, 2]) {
      // Leads that drift between the three candidates, so streaks start, break, and switch both ways.
      const asks = Array.from({ length: 50 }, (_, t) => askScores(20 + t, [0.3 * Math.sin(t / 5), 0.3 * Math.sin(t / 5 + 2), 0.3 * Math.sin(t / 5 + 4)], 1000 * patience + t + Math.floor(100 * rng.uniform())));
      const want = bruteForcePersistent(asks, margin, patience);
      const got: AutoCandidateName[] = [];
      let incumbent: AutoCandidateName | undefined;
      let streak: SwitchStreak | undefined;
      for (const scored of asks) {
        const d = decideFamily({ scored, rule: 'persistent', margin, patience, ...(incumbent ? { incumbent } : {}), ...(streak ? { streak } : {}) });
        got.push(d.choice);
        incumbent = d.choice;
        streak = d.streak;
        assert.ok(d.reason.length > 0);
      }
      assert.deepEqual(got, want, `patience ${patience}, margin ${margin}`);
      // The premise: the sequences switch, and at patience 1 more often than at 4.
      if (margin === 1) assert.ok(new Set(want).size > 1, `patience ${patience}: ${want.join(',')}`);
    }
  }
});

test("'persistent' with patience 1 against the reference is the one-standard-error rule's first switch; 'one-standard-error' is the stateless formula", () => {
  for (let t = 0; t < 40; t++) {
    const scored = askScores(25, [0, 0.15 * Math.sin(t), 0.15 * Math.cos(t)], t);
    const one = decideFamily({ scored, rule: 'one-standard-error', margin: 1, patience: 3 });
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    const stat = bruteForcePaired(best.densities, scored[0].densities);
    assert.equal(one.choice, best.name !== 'gp' && stat.advantage > stat.standardError ? best.name : 'gp');
    // From the reference with no history, patience 1 switches exactly when the stateless rule does.
    assert.equal(decideFamily({ scored, rule: 'persistent', margin: 1, patience: 1 }).choice, one.choice);
    // Patience 2 never switches on a first ask.
    assert.equal(decideFamily({ scored, rule: 'persistent', margin: 1, patience: 2 }).choice, 'gp');
  }
});

test("an incumbent that was not scored this ask (a failed fit) falls back to the reference, and the reason says so", () => {
  const scored = askScores(30, [0.5, 0, 0], 4).filter((s) => s.name !== 'nngp');
  const d = decideFamily({ scored, rule: 'persistent', margin: 1, patience: 3, incumbent: 'nngp' });
  assert.equal(d.against, 'gp');
  assert.equal(d.choice, 'gp');
  assert.match(d.reason, /incumbent nngp not scored this ask, back to gp/);
});

test('the carried state is read only when well formed: a state of another version or kind starts from the reference', () => {
  assert.deepEqual(persistedSwitchState({ kind: 'auto', choice: 'nngp', streak: { candidate: 'stp', asks: 2 }, candidates: {} }), { incumbent: 'nngp', streak: { candidate: 'stp', asks: 2 } });
  assert.deepEqual(persistedSwitchState({ kind: 'auto', choice: 'gp', candidates: {} }), { incumbent: 'gp' });
  for (const bad of [undefined, { kind: 'gp' }, { kind: 'auto' }, { kind: 'auto', choice: 'pfn' }, { kind: 'auto', choice: 'gp', streak: { candidate: 'stp', asks: 0 } }, { kind: 'auto', choice: 'gp', streak: 'x' }]) {
    assert.deepEqual(persistedSwitchState(bad as never), {}, JSON.stringify(bad));
  }
});
