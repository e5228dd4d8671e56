/**
 * Surrogate 'auto''s referenceFailingBelow gate (surrogates/auto/switching-rule.ts, auto-options.ts)
 * against references written independently of the rule:
 * - over sequences of constructed asks, against a brute-force replay of its definition (an ask with
 *   the reference's mean at or above the gate runs the reference and counts for no streak; other
 *   asks follow 'persistent' over the whole history, window by window);
 * - single asks worked out by hand (the means and the gate read off the constructed numbers);
 * - the options' refusals with their field paths, and the resolved default.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import type { AutoCandidateName } from '../../../surrogates/auto/auto-candidates.js';
import { AutoOptions, DEFAULT_REFERENCE_FAILING_BELOW } from '../../../surrogates/auto/auto-options.js';
import { decideFamily, type ScoredCandidate, type SwitchStreak } from '../../../surrogates/auto/switching-rule.js';

const NAMES: AutoCandidateName[] = ['gp', 'nngp', 'stp'];

/** Constructed per-cut qualities: candidate k's = a shared base + shift[k] + its own noise. */
function askScores(n: number, shift: readonly number[], seed: number): ScoredCandidate[] {
  const rng = createRng(seed);
  const base = Float64Array.from({ length: n }, () => 0.2 * rng.normal());
  return NAMES.map((name, k) => {
    const densities = Float64Array.from(base, (v) => v + shift[k] + 0.1 * rng.normal());
    return { name, densities, score: densities.reduce((s, v) => s + v, 0) / n };
  });
}

/** The paired mean difference and its standard error, summed by hand (pairwise form of the variance). */
function paired(a: Float64Array, b: Float64Array): { advantage: number; standardError: number } {
  const n = a.length;
  const d = Array.from(a, (v, i) => v - b[i]);
  let pairs = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs += (d[i] - d[j]) ** 2;
  return { advantage: d.reduce((s, v) => s + v, 0) / n, standardError: Math.sqrt(pairs / (n * (n - 1)) / n) };
}

/** Brute-force replay: gated asks run the reference and clear for nobody; a switch needs `patience` clearing asks of one challenger, all after the last change of incumbent. */
function bruteForceGated(asks: readonly ScoredCandidate[][], margin: number, patience: number, gate: number): AutoCandidateName[] {
  const choices: AutoCandidateName[] = [];
  const clearing: (AutoCandidateName | undefined)[] = [];
  let incumbent: AutoCandidateName = 'gp';
  let lastChange = -1;
  asks.forEach((scored, t) => {
    if (scored[0].score >= gate) {
      clearing[t] = undefined;
      if (incumbent !== 'gp') lastChange = t;
      incumbent = 'gp';
      choices.push(incumbent);
      return;
    }
    const inc = scored.find((s) => s.name === incumbent)!;
    let best = scored[0];
    for (const s of scored) if (s.score > best.score) best = s;
    const stat = paired(best.densities, inc.densities);
    clearing[t] = best !== inc && stat.advantage > margin * stat.standardError ? best.name : undefined;
    const window = clearing.slice(Math.max(lastChange + 1, t - patience + 1), t + 1);
    if (window.length === patience && window.every((c) => c !== undefined && c === clearing[t])) {
      incumbent = clearing[t]!;
      lastChange = t;
    }
    choices.push(incumbent);
  });
  return choices;
}

test("the gated 'persistent' rule over sequences of asks equals the brute-force replay of its definition (constructed asks, patience 1-3, gates -0.1..0.1)", () => {
  let returns = 0;
  let switches = 0;
  for (const patience of [1, 2, 3]) {
    for (const gate of [-0.1, 0, 0.1]) {
      // The reference's level drifts across the gate while the challengers' leads drift between them, so the gate opens and closes mid-streak and after switches.
      const asks = Array.from({ length: 60 }, (_, t) => askScores(10, [0.15 * Math.sin(t / 4), 0.15 * Math.sin(t / 4) + 0.1 * Math.sin(t / 3 + 1), 0.15 * Math.sin(t / 4) + 0.1 * Math.sin(t / 3 + 3)], 100 * patience + t));
      const want = bruteForceGated(asks, 1, patience, gate);
      const got: AutoCandidateName[] = [];
      let incumbent: AutoCandidateName | undefined;
      let streak: SwitchStreak | undefined;
      for (const scored of asks) {
        const d = decideFamily({ scored, rule: 'persistent', margin: 1, patience, referenceFailingBelow: gate, ...(incumbent ? { incumbent } : {}), ...(streak ? { streak } : {}) });
        got.push(d.choice);
        if (incumbent !== undefined && incumbent !== 'gp' && d.choice === 'gp' && scored[0].score >= gate) returns++;
        incumbent = d.choice;
        streak = d.streak;
      }
      assert.deepEqual(got, want, `patience ${patience}, gate ${gate}`);
      switches += want.filter((c, i) => c !== 'gp' && (i === 0 || want[i - 1] === 'gp')).length;
    }
  }
  // The premise: the sequences switch away from the reference and the gate sends them back.
  assert.ok(switches > 0 && returns > 0, `switches ${switches}, gate returns ${returns}`);
});

test('by hand: a challenger far ahead of a reference at or above the gate does not run, and an incumbent challenger is left at once; below the gate the rule decides', () => {
  const row = (v: number[]) => Float64Array.from(v);
  // gp's qualities average (0.6 + 0.5) / 2 = 0.55 >= 0.5; nngp's 1 leads by 0.45 with SE 0.05 (9 SE).
  const scored: ScoredCandidate[] = [
    { name: 'gp', densities: row([0.6, 0.5]), score: 0.55 },
    { name: 'nngp', densities: row([1, 1]), score: 1 },
  ];
  const kept = decideFamily({ scored, rule: 'persistent', margin: 1, patience: 1, referenceFailingBelow: 0.5, incumbent: 'nngp', streak: { candidate: 'stp', asks: 2 } });
  assert.equal(kept.choice, 'gp');
  assert.equal(kept.streak, undefined);
  assert.match(kept.reason, /gp's mean score 0\.55 is at or above referenceFailingBelow 0\.5 \(not failing\): keep gp, nngp left, stp's streak of 2 ends/);
  assert.equal(decideFamily({ scored, rule: 'one-standard-error', margin: 1, patience: 3, referenceFailingBelow: 0.5 }).choice, 'gp');
  // The same lead with the gate just above gp's mean (0.56): patience 1 switches, as without the gate.
  assert.equal(decideFamily({ scored, rule: 'persistent', margin: 1, patience: 1, referenceFailingBelow: 0.56 }).choice, 'nngp');
  assert.equal(decideFamily({ scored, rule: 'persistent', margin: 1, patience: 1 }).choice, 'nngp');
  // 'best-mean' has no reference to keep: the gate is not read.
  assert.equal(decideFamily({ scored, rule: 'best-mean', margin: 1, patience: 1, referenceFailingBelow: 0.5 }).choice, 'nngp');
});

test('the option: refused with its field path under score loo and rule best-mean, and out of [-1, 1]; null and absent resolve to no gate', () => {
  const issues = (input: unknown) => {
    const r = AutoOptions.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  assert.match(issues({ score: 'loo', referenceFailingBelow: 0.5 }).join('\n'), /^referenceFailingBelow: referenceFailingBelow applies to score 'decision' only/);
  assert.match(issues({ rule: 'best-mean', referenceFailingBelow: 0.5 }).join('\n'), /^referenceFailingBelow: referenceFailingBelow applies to rules 'persistent' and 'one-standard-error' only/);
  assert.match(issues({ referenceFailingBelow: 1.5 }).join('\n'), /^referenceFailingBelow: /);
  assert.deepEqual(issues({ referenceFailingBelow: 0.5 }), []);
  assert.deepEqual(issues({ score: 'loo', referenceFailingBelow: null }), []);
  assert.equal(AutoOptions.parse({ referenceFailingBelow: 0.5 }).referenceFailingBelow, 0.5);
  assert.equal(AutoOptions.parse({}).referenceFailingBelow, DEFAULT_REFERENCE_FAILING_BELOW);
  assert.equal(AutoOptions.parse({ score: 'loo' }).referenceFailingBelow, null);
  assert.equal(AutoOptions.parse({ rule: 'best-mean' }).referenceFailingBelow, null);
});
