/**
 * Surrogate 'auto' with rule 'persistent' over consecutive asks (each fit warm-started from the
 * previous fit's state, as the BO policy does). References: the same asks under the stateless
 * 'one-standard-error' rule, whose per-ask choices are the raw evidence (the candidates' fits and
 * scores do not depend on the rule), so the persistent run must switch exactly at the third
 * consecutive ask where that rule picks the same challenger; and a second run at the same seeds,
 * which must repeat every choice, reason and score.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { FittedAuto, type AutoSelection } from '../../../surrogates/auto/fitted-auto.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import type { SurrogateState, TrainingData } from '../../../surrogates/types.js';
import { priorDraw, rbfMatrix, uniformPoints } from '../../../benchmarks/prior-draws.js';

/** Fits 'auto' on the first n rows for each n in `sizes`, in order, each warm-started from the last; returns each ask's selection. */
async function asks(options: Record<string, unknown>, data: TrainingData, sizes: readonly number[]): Promise<AutoSelection[]> {
  const d = data.X.cols;
  const out: AutoSelection[] = [];
  let state: SurrogateState | undefined;
  let previous: FittedAuto | undefined;
  for (const n of sizes) {
    const prefix: TrainingData = { X: { rows: n, cols: d, data: data.X.data.subarray(0, n * d) }, y: data.y.subarray(0, n) };
    // The rule over leave-one-out evidence (the kernel-only default reads the decision score since session 11).
    const m = await createSurrogate('auto', { score: 'loo', ...options }).fit(prefix, { rng: createRng(n), ...(state ? { warmStart: state } : {}), ...(previous ? { previous } : {}) });
    assert.ok(m instanceof FittedAuto);
    out.push(m.selection);
    state = m.state();
    previous = m;
  }
  return out;
}

/** A selection without wall times (the only field that may differ between two runs of the same asks). */
const withoutTimes = (s: AutoSelection) => ({ ...s, scores: s.scores.map((c) => ({ ...c, ms: 0 })) });

const sizes = [52, 53, 54, 55, 56, 57, 58];

test("'persistent' on NNGP draws: the switch comes on the third consecutive ask the stateless rule would switch, then stays; the same seeds repeat every choice", async () => {
  // The NNGP draw of auto-surrogate.test.ts's margin test, where the NNGP-kernel families out-score the GP.
  const X = uniformPoints(60, 2, 101);
  const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2, fixed: { weightVar: 10, biasVar: 1.3 } });
  const data = priorDraw(X, k.matrix(new Float64Array(0), X, X), 1e-4, 301);
  const stateless = await asks({ rule: 'one-standard-error' }, data, sizes);
  const persistent = await asks({ rule: 'persistent' }, data, sizes);
  // The premise: the raw evidence leaves the GP on at least three asks in a row.
  const raw = stateless.map((s) => s.choice);
  const first = raw.findIndex((c, t) => t >= 2 && c !== 'gp' && raw[t - 1] === c && raw[t - 2] === c);
  assert.ok(first >= 2, raw.join(','));
  // Same evidence under both rules while the persistent run still holds the GP (the fits do not depend on the rule).
  for (let t = 0; t <= first; t++) assert.deepEqual(withoutTimes(persistent[t]).scores, withoutTimes(stateless[t]).scores, `ask ${t}`);
  const got = persistent.map((s) => s.choice);
  assert.deepEqual(got.slice(0, first), Array(first).fill('gp'), got.join(','));
  assert.equal(got[first], raw[first], got.join(','));
  assert.match(persistent[first].reason, /on 3 consecutive asks \(patience 3\): switch gp -> /);
  assert.equal(persistent[first - 1].streak?.asks, 2);
  // Determinism: the same asks at the same seeds give the same selections (choices, reasons, streaks, scores).
  const again = await asks({ rule: 'persistent' }, data, sizes);
  assert.deepEqual(again.map(withoutTimes), persistent.map(withoutTimes));
});

test("'persistent' on stationary GP draws keeps the service's GP on every ask (RBF draws, n = 52..58, 2 draws)", async () => {
  for (const seed of [0, 2]) {
    const X = uniformPoints(60, 2, 100 + seed);
    const run = await asks({ rule: 'persistent' }, priorDraw(X, rbfMatrix(X, 0.2), 1e-4, 200 + seed), sizes);
    assert.deepEqual(run.map((s) => s.choice), sizes.map(() => 'gp'), run.map((s) => s.reason).join(' | '));
  }
});
