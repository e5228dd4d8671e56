/**
 * The stack's held-out test (surrogates/auto/held-out-stacking.ts): each observation's mixture density
 * under weights solved without it, checked against the brute force (stacking-weights.ts' EM, itself
 * checked against its optimality certificate, on the n − 1 remaining rows with members below the
 * threshold dropped); never above the in-sample density (the two optimality inequalities); and the
 * option's plumbing through surrogate 'auto'.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { standardize } from '../../../core/standardize.js';
import { AutoOptions } from '../../../surrogates/auto/auto-options.js';
import { FittedAuto } from '../../../surrogates/auto/fitted-auto.js';
import { heldOutMixtureDensities } from '../../../surrogates/auto/held-out-stacking.js';
import { stackingWeightsWithDrop } from '../../../surrogates/auto/stacking-weights.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { uniformPoints } from '../../../benchmarks/prior-draws.js';

/** K log-density rows of length n: member k is better on a share of the rows, so the optimum is interior, at a vertex or near the drop threshold as `shift` moves. */
function densities(n: number, K: number, seed: number, shift: readonly number[]): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: K }, (_, k) => Float64Array.from({ length: n }, () => -1 - 2 * rng.uniform() + shift[k]));
}

const logMix = (d: readonly Float64Array[], w: Float64Array, i: number): number => Math.log(d.reduce((s, dk, k) => s + w[k] * Math.exp(dk[i]), 0));

test('held-out mixture densities equal the EM solve on the other n − 1 rows (to 1e-5 nats), over interior, vertex and near-threshold optima', () => {
  const cases: [number, number, number[]][] = [[12, 3, [0, 0.1, 0]], [30, 3, [0, 0.6, -0.6]], [25, 4, [0.2, 0, 0.1, -0.3]], [40, 3, [-2, 0, 0]], [9, 2, [0, 0]]];
  for (const [c, [n, K, shift]] of cases.entries()) {
    const d = densities(n, K, 100 + c, shift);
    const full = stackingWeightsWithDrop(d);
    const fast = heldOutMixtureDensities(d, full.weights);
    for (let i = 0; i < n; i++) {
      const rest = d.map((dk) => Float64Array.from({ length: n - 1 }, (_, j) => dk[j < i ? j : j + 1]));
      const w = stackingWeightsWithDrop(rest).weights;
      assert.ok(Math.abs(fast[i] - logMix(d, w, i)) < 1e-5, `case ${c} row ${i}: ${fast[i]} against ${logMix(d, w, i)}`);
    }
  }
});

test('no held-out density is above the in-sample one (w* maximizes F, w^(−i) maximizes F − f_i), and the sum is strictly below it when the weights are interior', () => {
  const d = densities(30, 3, 7, [0, 0.3, 0.2]);
  const full = stackingWeightsWithDrop(d);
  assert.ok([...full.weights].filter((w) => w > 0).length >= 2, 'an interior optimum');
  const held = heldOutMixtureDensities(d, full.weights);
  let gap = 0;
  for (let i = 0; i < 30; i++) {
    const inSample = logMix(d, full.weights, i);
    assert.ok(held[i] <= inSample + 1e-9, `row ${i}: held out ${held[i]} above in-sample ${inSample}`);
    gap += inSample - held[i];
  }
  assert.ok(gap > 1e-3, `in-sample optimism ${gap} nats`);
});

test("stackTest 'held-out' through surrogate 'auto': the gate reads the held-out mixture (advantage no larger than in-sample), is named in the gate and the reason; refused under switch and with no margin", async () => {
  const X = uniformPoints(40, 2, 106);
  const step = { X, y: Float64Array.from(standardize(Array.from({ length: 40 }, (_, i) => (X.data[2 * i] > 0.5 ? 1 : 0) + 0.3 * X.data[2 * i + 1])).y) };
  const fit = async (stackTest: 'in-sample' | 'held-out') => {
    const m = await createSurrogate('auto', { combine: 'stack', candidates: ['gp', 'nngp', 'stp'], stackMargin: 0, stackTest }).fit(step, { rng: createRng(1) });
    assert.ok(m instanceof FittedAuto);
    return m.selection;
  };
  const inSampleSelection = await fit('in-sample');
  const heldOutSelection = await fit('held-out');
  const [inSample, heldOut] = [inSampleSelection.stacking!.gate!, heldOutSelection.stacking!.gate!];
  assert.match(heldOutSelection.reason, /\(weights held out\), margin 0/);
  assert.doesNotMatch(inSampleSelection.reason, /held out/);
  assert.deepEqual([inSample.test, heldOut.test], ['in-sample', 'held-out']);
  assert.ok(heldOut.advantage <= inSample.advantage + 1e-12, `${heldOut.advantage} against ${inSample.advantage}`);
  assert.equal(AutoOptions.parse({}).stackTest, 'in-sample');
  const sw = AutoOptions.safeParse({ combine: 'switch', stackTest: 'held-out' });
  assert.deepEqual(sw.error?.issues[0].path, ['stackTest']);
  const none = AutoOptions.safeParse({ stackMargin: null, stackTest: 'held-out' });
  assert.deepEqual(none.error?.issues[0].path, ['stackTest']);
});
