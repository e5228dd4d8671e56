/**
 * 'auto''s candidate 'gp-robust' (the GP's default likelihood: robust, suspected outliers re-measured):
 * its flagged rows reach the BO policy through 'auto', alone or as a member of the stacked mixture
 * (fitted-stack.ts), so the study re-measures them as a 'gp' study would. References: the planted
 * outlier rows (known by construction, as test/surrogates/gp/robust-verify.test.ts) and the ranks of
 * the planted rows computed here from the values the test made.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { standardize } from '../../../core/standardize.js';
import { createPolicy } from '../../../policy/create-policy.js';
import type { Observation } from '../../../policy/types.js';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { FittedAuto } from '../../../surrogates/auto/fitted-auto.js';
import { FittedStack } from '../../../surrogates/auto/fitted-stack.js';
import { capabilitiesOf } from '../../../surrogates/capabilities.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { data, f, n } from '../gp/smooth-2d-fixture.js';

const PLANTED = [3, 17, 40, 41, 66];
const shift = (i: number) => (PLANTED.includes(i) ? (i % 2 ? 2 : -1.5) : 0);
const raw = Array.from({ length: n }, (_, i) => f(i) + shift(i));

test('a stack with a gp-robust member declares that member\'s flagged rows (the planted ones), and only they', async () => {
  const train = { X: { rows: n, cols: 2, data }, y: standardize(raw).y };
  const gpRobust = await createSurrogate('gp', { lengthscalePrior: 'gamma', likelihood: 'robust', verifyOutliers: true }).fit(train, { rng: createRng(1) });
  const nngp = await createSurrogate('nngp', {}).fit(train, { rng: createRng(2) });
  assert.deepEqual(capabilitiesOf(gpRobust).outliersToVerify, PLANTED);
  assert.equal(capabilitiesOf(nngp).outliersToVerify, undefined);
  const stack = new FittedStack([nngp, gpRobust], Float64Array.of(0.3, 0.7));
  assert.deepEqual(capabilitiesOf(stack).outliersToVerify, PLANTED);
  assert.equal(capabilitiesOf(new FittedStack([nngp, nngp], Float64Array.of(0.5, 0.5))).outliersToVerify, undefined, 'no member asks: none');
});

test('policy: auto with gp-robust re-measures the best-ranked flagged row, as a gp study with verifyOutliers does', async () => {
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
  const completed: Observation[] = raw.map((value, i) => ({ params: { a: data[2 * i], b: data[2 * i + 1] }, value }));
  const ask = async (surrogateOptions: Record<string, unknown>) => {
    const spec = AlgorithmSpec.parse({ surrogate: 'auto', surrogateOptions, acquisition: 'qlognei', exploration: { mode: 'off' }, seed: 5, initialTrials: 10 });
    return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'maximize', completed, pending: [], count: 1 });
  };
  const best = [...PLANTED].sort((a, b) => raw[b] - raw[a] || a - b)[0];
  const asked = await ask({ candidates: ['gp-robust', 'nngp', 'stp'] });
  assert.equal(asked.diagnostics.phase, 'verification', JSON.stringify(asked.diagnostics.verification));
  const v = asked.diagnostics.verification as { row: number; rank: number; flagged: number };
  assert.equal(v.row, best);
  assert.equal(v.rank, 1 + raw.filter((y) => y > raw[best]).length);
  assert.equal(v.flagged, PLANTED.length);
  const p = asked.suggestions[0] as { a: number; b: number };
  assert.ok(Math.abs(p.a - data[2 * best]) < 1e-12 && Math.abs(p.b - data[2 * best + 1]) < 1e-12, 'the suggestion is that row\'s point');
  // The default candidates since session 23 lead with 'gp-robust': the same ask; the Gaussian-likelihood 'gp' reference (the default before) never asks for it.
  assert.deepEqual((await ask({})).suggestions, asked.suggestions);
  assert.equal((await ask({ candidates: ['gp', 'nngp', 'stp'] })).diagnostics.phase, 'model');
});

test('auto alone on gp-robust: the fitted model is that GP\'s, with its flagged rows', async () => {
  const m = await createSurrogate('auto', { candidates: ['gp-robust'] }).fit({ X: { rows: n, cols: 2, data }, y: standardize(raw).y }, { rng: createRng(1) });
  assert.ok(m instanceof FittedAuto);
  assert.equal(m.selection.choice, 'gp-robust');
  assert.deepEqual(capabilitiesOf(m).outliersToVerify, PLANTED);
});
