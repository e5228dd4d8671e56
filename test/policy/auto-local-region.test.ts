/**
 * AutoOptions.localRegion 'reference' (policy/auto-local-region.ts): an 'auto' ask whose stacking weights
 * leave the reference runs the reference's own model where the reference's own ask would be confined to a
 * local trust region. Checked through the BO policy against an independent reference: the held ask is
 * the plain 'gp' study's ask with the same likelihood (the reference 'gp' fits on the ask's own stream),
 * point for point; outside a region, or with 'stack', the mixture runs as before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation } from '../../policy/types.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { AutoOptions } from '../../surrogates/auto/auto-options.js';
import type { AutoSelection } from '../../surrogates/auto/fitted-auto.js';
import { uniformPoints } from '../../benchmarks/prior-draws.js';

const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
// A step in x (the data on which the stack mixes the NNGP-kernel families in, test/surrogates/auto/stack-auto.test.ts).
const X = uniformPoints(40, 2, 106);
const completed: Observation[] = Array.from({ length: 40 }, (_, i) => {
  const [x, y] = [X.data[2 * i], X.data[2 * i + 1]];
  return { params: { x, y }, value: (x > 0.5 ? 1 : 0) + 0.3 * y };
});

async function ask(algorithm: AlgorithmInput) {
  const spec = AlgorithmSpec.parse({ acquisition: 'log-ei', seed: 3, initialTrials: 10, exploration: { mode: 'off' }, ...algorithm });
  return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 1 });
}

const stack = (localRegion: 'stack' | 'reference') => ({ surrogate: 'auto' as const, surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], stackMargin: null, localRegion } });
const local = { mode: 'on-stall' as const, stallTolerance: 0, lengthInit: 0.3 };

test("localRegion 'reference' inside a local region: the reference's own model runs, and the ask is the plain GP study's, point for point", async () => {
  const held = await ask({ ...stack('reference'), trustRegion: local });
  const mixed = await ask({ ...stack('stack'), trustRegion: local });
  // The robust likelihood would ask to re-measure suspected outliers of the step first: both sides run the Gaussian one.
  const gp = await ask({ surrogate: 'gp', surrogateOptions: { likelihood: 'gaussian' }, trustRegion: local });
  const heldSel = held.diagnostics.auto as AutoSelection;
  const mixedSel = mixed.diagnostics.auto as AutoSelection;
  assert.ok(Object.keys(mixedSel.weights!).length > 1, `the data make a mixture: ${JSON.stringify(mixedSel.weights)}`);
  assert.equal((mixed.diagnostics.trustRegion as { phase: string }).phase, 'local');
  assert.deepEqual(heldSel.weights, { gp: 1 });
  assert.deepEqual(heldSel.stacking!.localRegion, { solved: mixedSel.weights });
  assert.match(heldSel.reason, /inside a local trust region \(localRegion 'reference'\), so its own model runs/);
  assert.deepEqual(held.suggestions, gp.suggestions);
  assert.deepEqual(held.diagnostics.trustRegion, gp.diagnostics.trustRegion);
  assert.notDeepEqual(mixed.suggestions, gp.suggestions);
});

test("localRegion 'reference' without a local region (trust region off) runs the mixture, as 'stack' does", async () => {
  const off = { mode: 'off' as const };
  const held = await ask({ ...stack('reference'), trustRegion: off });
  const mixed = await ask({ ...stack('stack'), trustRegion: off });
  assert.deepEqual((held.diagnostics.auto as AutoSelection).weights, (mixed.diagnostics.auto as AutoSelection).weights);
  assert.equal((held.diagnostics.auto as AutoSelection).stacking!.localRegion, undefined);
  assert.deepEqual(held.suggestions, mixed.suggestions);
});

test("localRegion: default 'reference' under 'stack' (session 24), 'stack' (nothing to hold) under 'switch'; refused under combine 'switch' at its path", () => {
  assert.equal(AutoOptions.parse({}).localRegion, 'reference');
  assert.equal(AutoOptions.parse({ combine: 'switch' }).localRegion, 'stack');
  const r = AutoOptions.safeParse({ combine: 'switch', localRegion: 'reference' });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0].path, ['localRegion']);
});
