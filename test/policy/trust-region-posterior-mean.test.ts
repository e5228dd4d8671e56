/**
 * The trust region replayed on the posterior mean (algorithm.trustRegion.incumbent = 'posterior-mean').
 * A constructed noisy case whose answer is known by construction: a bowl with its minimum at
 * (0.5, −0.5), observed with a known noise (the GP's noise fixed, `surrogateOptions.noise`), where one
 * point far up the bowl (true value 4.5) had a lucky draw that makes it the lowest observation. The
 * observed-value rule must centre the region on that lucky point; the posterior-mean rule must centre it
 * on the observed point nearest the true minimum, which is also the argmin of the posterior mean of the
 * same GP fitted separately here (the reference for the index the policy replays on). Same seed and data:
 * same region and suggestions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { standardize } from '../../core/standardize.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation } from '../../policy/types.js';
import { createSurrogate } from '../../surrogates/registry.js';

const space = createSearchSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } });
const f = (x: number, y: number): number => (x - 0.5) ** 2 + (y + 0.5) ** 2;
// A 4×4 grid (step 4/3; index 4·i + j for (grid[i], grid[j])) plus the point nearest the minimum
// (index 16, true value 0.02; the nearest grid point, (0.67, −0.67), has 0.056).
const grid = [-2, -2 / 3, 2 / 3, 2];
const pts: [number, number][] = [...grid.flatMap((x) => grid.map((y): [number, number] => [x, y])), [0.6, -0.4]];
const NEAREST = 16;
// Small deterministic noise on every point, and the lucky draw: point 6 = (−0.67, 0.67) observed at −0.5 instead of 2.72.
const LUCKY = 6;
const rng = createRng(2024);
const completed: Observation[] = pts.map(([x, y], i) => ({ params: { x, y }, value: i === LUCKY ? -0.5 : f(x, y) + 0.05 * rng.normal() }));
// Known noise in standardized units: sd 0.6 z-units, so one observation cannot move the mean far.
const NOISE = 0.36;

async function ask(algorithm: AlgorithmInput, noise = NOISE) {
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', surrogateOptions: { noise }, acquisition: 'qlognei', seed: 5, initialTrials: pts.length, ...algorithm });
  return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 2 });
}

const local = (incumbent?: 'observed' | 'posterior-mean' | 'auto') => ({ trustRegion: { mode: 'on-stall' as const, stallTolerance: 0, lengthInit: 0.3, ...(incumbent ? { incumbent } : {}) } });

test('constructed case: the lucky draw is the observed minimum, not the posterior-mean minimum', async () => {
  const observedArgmin = completed.reduce((b, o, i) => (o.value < completed[b].value ? i : b), 0);
  assert.equal(observedArgmin, LUCKY);
  const X = { rows: pts.length, cols: 2, data: Float64Array.from(completed.flatMap((o) => Array.from(space.encode(o.params)))) };
  const model = await createSurrogate('gp', { noise: NOISE }).fit({ X, y: standardize(completed.map((o) => -o.value)).y }, { rng: createRng(1) });
  const mean = model.posterior(X).mean();
  const meanArgmax = Array.from(mean).reduce((b, m, i) => (m > mean[b] ? i : b), 0);
  assert.equal(meanArgmax, NEAREST, 'the posterior mean ranks the point nearest the true minimum first');
});

test("incumbent 'observed' centres the region on the lucky draw, 'posterior-mean' on the posterior-mean argmin", async () => {
  const observed = await ask(local());
  const pm = await ask(local('posterior-mean'));
  const trO = observed.diagnostics.trustRegion as { center: number; incumbent: string; phase: string };
  const trP = pm.diagnostics.trustRegion as { center: number; incumbent: string; phase: string; lower: number[]; upper: number[] };
  assert.equal(trO.phase, 'local');
  assert.equal(trO.incumbent, 'observed');
  assert.equal(trO.center, LUCKY);
  assert.equal(trP.phase, 'local');
  assert.equal(trP.incumbent, 'posterior-mean');
  assert.equal(trP.center, NEAREST);
  for (const s of pm.suggestions) {
    const x = space.encode(s);
    for (let j = 0; j < 2; j++) assert.ok(x[j] >= trP.lower[j] - 1e-12 && x[j] <= trP.upper[j] + 1e-12, `${x[j]} outside [${trP.lower[j]}, ${trP.upper[j]}]`);
  }
  // The absent field is today's rule.
  const explicit = await ask(local('observed'));
  assert.deepEqual(explicit.suggestions, observed.suggestions);
});

test("incumbent 'posterior-mean': same seed and data give the same region and suggestions", async () => {
  const [a, b] = [await ask(local('posterior-mean')), await ask(local('posterior-mean'))];
  assert.deepEqual(a.suggestions, b.suggestions);
  assert.deepEqual(a.diagnostics.trustRegion, b.diagnostics.trustRegion);
});

// 'auto' gates on the fitted noise variance with the acquisition's threshold (policy/bo-policy.ts
// NOISY_VARIANCE = 1e-3, standardized units); the GP's noise is fixed here, so the side of the gate is known.
test("incumbent 'auto' is the posterior-mean replay when the fitted noise is above the gate, the observed one below it", async () => {
  const noisyAuto = await ask(local('auto'));
  const noisyPm = await ask(local('posterior-mean'));
  assert.deepEqual(noisyAuto.suggestions, noisyPm.suggestions);
  const trA = noisyAuto.diagnostics.trustRegion as { center: number; incumbent: string; incumbentRule: unknown };
  assert.equal(trA.center, NEAREST);
  assert.equal(trA.incumbent, 'posterior-mean');
  assert.deepEqual(trA.incumbentRule, { rule: 'auto', noisy: true });
  // Below the gate (noise 1e-4 < 1e-3) the same data replay on the observed values: the lucky draw is the centre.
  const quietAuto = await ask(local('auto'), 1e-4);
  const quietObserved = await ask(local('observed'), 1e-4);
  assert.deepEqual(quietAuto.suggestions, quietObserved.suggestions);
  const trQ = quietAuto.diagnostics.trustRegion as { center: number; incumbent: string; incumbentRule: unknown };
  assert.equal(trQ.center, LUCKY);
  assert.equal(trQ.incumbent, 'observed');
  assert.deepEqual(trQ.incumbentRule, { rule: 'auto', noisy: false });
  // The explicit rules carry no gate in their diagnostics.
  assert.equal((noisyPm.diagnostics.trustRegion as Record<string, unknown>).incumbentRule, undefined);
});

test('the option is validated with its path', () => {
  const r = AlgorithmSpec.safeParse({ surrogate: 'gp', trustRegion: { mode: 'on-stall', incumbent: 'median' } });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues[0].path, ['trustRegion', 'incumbent']);
});
