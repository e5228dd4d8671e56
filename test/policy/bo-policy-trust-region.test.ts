/**
 * The BO policy with a trust region (algorithm.trustRegion): in the local phase every suggestion
 * lies in the box its diagnostics report, centred on the best observation (the minimum for a
 * minimized objective), and the same seed and data give the same suggestion. The box's own rules
 * are tested in trust-region.test.ts; here the policy's wiring.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation } from '../../policy/types.js';

const space = createSearchSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } });
// Six points of a bowl with its minimum near (0.5, −0.5); the best observed is point 3.
const f = (x: number, y: number): number => (x - 0.5) ** 2 + (y + 0.5) ** 2;
const pts: [number, number][] = [[-1.5, 1.2], [1.8, 1.6], [0.2, -1.7], [0.9, -0.2], [-0.7, -0.9], [1.4, 0.8]];
const completed: Observation[] = pts.map(([x, y]) => ({ params: { x, y }, value: f(x, y) }));

async function ask(algorithm: AlgorithmInput) {
  // The region under test: exploratory asks (the GP's default since session 12) are off here.
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', seed: 7, initialTrials: 6, exploration: { mode: 'off' }, ...algorithm });
  return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 2 });
}

test('local phase: the suggestions lie in the reported box, centred on the best observation', async () => {
  const d = await ask({ trustRegion: { mode: 'on-stall', stallTolerance: 0, lengthInit: 0.3 } });
  const tr = d.diagnostics.trustRegion as { phase: string; center: number; lower: number[]; upper: number[]; length: number };
  assert.equal(tr.phase, 'local');
  assert.equal(tr.center, 3, 'index of the minimum among the observations');
  const c = space.encode(completed[3].params);
  for (let j = 0; j < 2; j++) assert.ok(tr.lower[j] <= c[j] && c[j] <= tr.upper[j]);
  // Lengthscale-shaped sides multiply to length² unless clipped (the centre is 0.35 from the nearest face: no clipping at 0.3).
  const area = (tr.upper[0] - tr.lower[0]) * (tr.upper[1] - tr.lower[1]);
  assert.ok(Math.abs(area - 0.09) < 1e-12, `area ${area}`);
  assert.equal(d.suggestions.length, 2);
  for (const s of d.suggestions) {
    const x = space.encode(s);
    for (let j = 0; j < 2; j++) assert.ok(x[j] >= tr.lower[j] - 1e-12 && x[j] <= tr.upper[j] + 1e-12, `${x[j]} outside [${tr.lower[j]}, ${tr.upper[j]}]`);
  }
});

test('same seed and data give the same suggestions with a trust region', async () => {
  const spec = { trustRegion: { mode: 'on-stall' as const, stallTolerance: 0 } };
  const [a, b] = [await ask(spec), await ask(spec)];
  assert.deepEqual(a.suggestions, b.suggestions);
  assert.deepEqual(a.diagnostics.trustRegion, b.diagnostics.trustRegion);
});

test('global phase and mode off: the whole space, and the diagnostics say which', async () => {
  // Default stall tolerance max(4, d) = 4 with no model-phase observations yet: still global.
  const global = await ask({ trustRegion: { mode: 'on-stall' } });
  assert.deepEqual(global.diagnostics.trustRegion, { phase: 'global', length: 0.8, successes: 0, failures: 0, stall: 0, restarts: 0, runStart: 0, incumbent: 'observed' });
  const off = await ask({ trustRegion: { mode: 'off' } });
  assert.equal(off.diagnostics.trustRegion, undefined);
  // Off and global ask the same acquisition over the same space: the same points.
  assert.deepEqual(off.suggestions, global.suggestions);
});

test("restartDesign 'space-filling': the run after a restart starts with the Sobol study's points; 'model' and the first run ask the model", async () => {
  // Design = the first 4 points (best: point 3); stallTolerance 0 starts the region at once; point 4 fails
  // (f 1.60 against 0.41), failureTolerance 1 halves the side 0.8 to 0.4 < lengthMin 0.5: a restart, and the
  // new run has no value yet, so it is in its global phase.
  const region = { mode: 'on-stall' as const, stallTolerance: 0, lengthInit: 0.8, lengthMin: 0.5, failureTolerance: 1 };
  const five = completed.slice(0, 5);
  const askOn = async (algorithm: AlgorithmInput, obs: Observation[]) => {
    const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', seed: 7, initialTrials: 4, exploration: { mode: 'off' }, ...algorithm });
    return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed: obs, pending: [], count: 2 });
  };
  const fresh = await askOn({ trustRegion: { ...region, restartDesign: 'space-filling' } }, five);
  assert.equal(fresh.diagnostics.phase, 'exploration');
  const tr = fresh.diagnostics.trustRegion as { phase: string; restarts: number; restartDesign?: boolean };
  assert.deepEqual([tr.phase, tr.restarts, tr.restartDesign], ['global', 1, true]);
  // Reference: what a surrogate-'none' study of the same seed asks after the same five trials.
  const sobolSpec = AlgorithmSpec.parse({ surrogate: 'none', seed: 7, initialTrials: 4 });
  const sobol = await createPolicy(sobolSpec).suggest({ space, algorithm: sobolSpec, direction: 'minimize', completed: five, pending: [], count: 2 });
  assert.deepEqual(fresh.suggestions, sobol.suggestions);
  // 'model' (the default): the same state asks the acquisition over the whole space.
  const model = await askOn({ trustRegion: region }, five);
  assert.equal(model.diagnostics.phase, 'model');
  assert.equal((model.diagnostics.trustRegion as { restarts: number }).restarts, 1);
  // Before any restart (design only: the first run's region), 'space-filling' changes nothing.
  const first = await askOn({ trustRegion: { ...region, restartDesign: 'space-filling' } }, completed.slice(0, 4));
  const firstModel = await askOn({ trustRegion: region }, completed.slice(0, 4));
  assert.equal(first.diagnostics.phase, 'model');
  assert.deepEqual(first.suggestions, firstModel.suggestions);
});

test('restartDesign is validated at its path', () => {
  const r = AlgorithmSpec.safeParse({ surrogate: 'gp', trustRegion: { mode: 'on-stall', restartDesign: 'random' } });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0].path, ['trustRegion', 'restartDesign']);
});

test("noisySearch 'global': a noisy fit searches the whole space from noisyGlobalMinDim confined columns on; a noiseless fit keeps its region", async () => {
  // The six points of the bowl, each observed twice, 0.6 above and 0.6 below f: replicates that differ
  // can only be explained by noise, so the GP fits a noise variance far above NOISY_VARIANCE.
  const noisy: Observation[] = pts.flatMap(([x, y], i) => [0.6, -0.6].map((e) => ({ params: { x, y }, value: f(x, y) + (i % 2 === 0 ? e : -e) })));
  const askOn = async (trustRegion: AlgorithmInput['trustRegion'], obs: Observation[]) => {
    const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognei', seed: 7, initialTrials: 4, exploration: { mode: 'off' }, trustRegion });
    return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed: obs, pending: [], count: 2 });
  };
  const region = { mode: 'on-stall' as const, stallTolerance: 0, lengthInit: 0.3 };
  const global = await askOn({ ...region, noisySearch: 'global', noisyGlobalMinDim: 2 }, noisy);
  assert.ok(((global.diagnostics.model as { noise: number }).noise) > 1e-3, 'the fit counts as noisy');
  const tr = global.diagnostics.trustRegion as { phase: string; noisyGlobal?: boolean; lower?: number[] };
  assert.deepEqual([tr.phase, tr.noisyGlobal, tr.lower], ['local', true, undefined]);
  // The whole space with the study's acquisition: the same points as no region at all.
  const off = await askOn({ mode: 'off' }, noisy);
  assert.deepEqual(global.suggestions, off.suggestions);
  // Two confined columns, below a minimum of 3: the region stays, as without the field.
  const kept = await askOn({ ...region, noisySearch: 'global', noisyGlobalMinDim: 3 }, noisy);
  const plain = await askOn(region, noisy);
  assert.equal((kept.diagnostics.trustRegion as { noisyGlobal?: boolean }).noisyGlobal, undefined);
  assert.deepEqual(kept.suggestions, plain.suggestions);
  assert.deepEqual(kept.diagnostics.trustRegion, plain.diagnostics.trustRegion);
  // The noiseless bowl on a 5 × 5 grid: enough points that the fit is not noisy, and the region stays.
  const grid: Observation[] = Array.from({ length: 25 }, (_, k) => ({ params: { x: -2 + (k % 5), y: -2 + Math.floor(k / 5) } })).map((o) => ({ ...o, value: f(o.params.x, o.params.y) }));
  const clean = await askOn({ ...region, noisySearch: 'global', noisyGlobalMinDim: 1 }, grid);
  assert.ok(((clean.diagnostics.model as { noise: number }).noise) <= 1e-3, `the noiseless fit does not count as noisy: ${JSON.stringify(clean.diagnostics.model)}`);
  assert.ok((clean.diagnostics.trustRegion as { lower?: number[] }).lower !== undefined);
  assert.deepEqual(clean.suggestions, (await askOn(region, grid)).suggestions);
});

test('noisyGlobalMinDim without noisySearch global is refused at its path', () => {
  const r = AlgorithmSpec.safeParse({ surrogate: 'gp', trustRegion: { mode: 'on-stall', noisyGlobalMinDim: 3 } });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0].path, ['trustRegion', 'noisyGlobalMinDim']);
});
