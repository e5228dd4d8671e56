/**
 * The GP with likelihood 'robust' (surrogates/gp/robust-fit.ts). References: the rows planted as
 * outliers (known by construction), the known variance of the Gaussian noise in the standardized
 * units the GP sees (σ² / var(y), as test/surrogates/gp/noise-inference.test.ts: a factor of 1.6 is
 * beyond 3 standard errors of a residual variance at n = 80), and the χ²₁ tail for false flags:
 * a Gaussian row passes the 5-nat penalty when its squared LOO residual exceeds 13.7 LOO variances
 * (probability 2.1e-4), so over 10 × 80 clean rows the expected count is 0.17 and P(≥ 3) < 1e-3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../../core/errors.js';
import { createRng } from '../../../core/rng.js';
import { standardize } from '../../../core/standardize.js';
import { createSurrogate, surrogateOptionsSchema } from '../../../surrogates/registry.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import type { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../../protocol/algorithm.js';
import { createPolicy } from '../../../policy/create-policy.js';
import { createSearchSpace } from '../../../core/search-space.js';
import type { Observation } from '../../../policy/types.js';

import { n, data, X, f } from './smooth-2d-fixture.js';
const PLANTED = [3, 17, 40, 41, 66];

function values(sd: number, seed: number, planted: readonly number[]) {
  const r = createRng(seed);
  return standardize(Array.from({ length: n }, (_, i) => f(i) + sd * r.normal() + (planted.includes(i) ? (i % 2 ? 2 : -1.5) : 0)));
}

type RobustDiagnostics = { outliers: number; outlierRows: number[]; outlierVariances: number[]; fits: number; converged: boolean };
const robustOf = (m: FittedGp) => (m.diagnostics() as { robust?: RobustDiagnostics }).robust;

test('robust: flags exactly the planted rows and recovers the Gaussian noise the Gaussian likelihood inflates', async () => {
  for (const [sd, seed] of [[0.02, 1], [0.1, 2]] as const) {
    const z = values(sd, seed, PLANTED);
    const truth = (sd / z.std) ** 2;
    const robust = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y: z.y }, { rng: createRng(1) })) as FittedGp;
    const r = robustOf(robust);
    assert.ok(r, 'diagnostics carry the robust block');
    assert.deepEqual(r.outlierRows, PLANTED, `sd ${sd}`);
    assert.equal(r.outliers, PLANTED.length);
    assert.ok(r.outlierVariances.every((v) => v > 0));
    assert.ok(robust.noise > truth / 1.6 && robust.noise < truth * 1.6, `sd ${sd}: robust noise ${robust.noise} vs true ${truth}`);
    // The model conditions on the outliers' extra variance (yVar = ρ on their rows, 0 elsewhere).
    for (let i = 0; i < n; i++) assert.equal(robust.data.yVar![i] > 0, PLANTED.includes(i));
    const gaussian = (await new GpSurrogate().fit({ X, y: z.y }, { rng: createRng(1) })) as FittedGp;
    assert.equal(robustOf(gaussian), undefined, 'the Gaussian likelihood reports no robust block');
    assert.ok(gaussian.noise > 10 * truth, `the Gaussian fit absorbs the outliers into σ² (${gaussian.noise} vs ${truth})`);
  }
});

test('robust: on Gaussian noise without outliers it flags at most 2 of 800 rows (χ²₁ tail, see header)', async () => {
  let flagged = 0;
  for (let s = 0; s < 10; s++) {
    const z = values(0.1, 100 + s, []);
    const m = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y: z.y }, { rng: createRng(1) })) as FittedGp;
    flagged += robustOf(m)!.outliers;
  }
  assert.ok(flagged <= 2, `${flagged} rows flagged`);
});

test('robust: deterministic, and a warm fit from its own state keeps the set in one fit', async () => {
  const z = values(0.05, 4, PLANTED);
  const a = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y: z.y }, { rng: createRng(9) })) as FittedGp;
  const b = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y: z.y }, { rng: createRng(9) })) as FittedGp;
  assert.deepEqual(Array.from(a.params), Array.from(b.params));
  assert.deepEqual(robustOf(a), robustOf(b));
  const warm = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y: z.y }, { rng: createRng(10), warmStart: a.state() })) as FittedGp;
  assert.deepEqual(robustOf(warm)!.outlierRows, PLANTED);
  assert.equal(robustOf(warm)!.fits, 1, 'the carried outlier set is the fixed point: no refit');
  assert.equal(robustOf(warm)!.converged, true);
});

test('robust options: a bad likelihood or a robust-only field on the Gaussian likelihood is INVALID_ARGUMENT at its path', () => {
  const cases: [Record<string, unknown>, (string | number)[]][] = [
    [{ likelihood: 'student-t' }, ['surrogateOptions', 'likelihood']],
    [{ outlierPenalty: 3 }, ['surrogateOptions', 'outlierPenalty']],
    [{ likelihood: 'gaussian', maxOutlierFraction: 0.1 }, ['surrogateOptions', 'maxOutlierFraction']],
    [{ likelihood: 'robust', maxOutlierFraction: 0.9 }, ['surrogateOptions', 'maxOutlierFraction']],
  ];
  for (const [options, path] of cases) {
    assert.throws(
      () => createSurrogate('gp', options),
      (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(path),
      JSON.stringify(options),
    );
    // study:create validates surrogateOptions with the same schema (the path is then under algorithm.surrogateOptions).
    const parsed = surrogateOptionsSchema('gp').safeParse(options);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error!.issues[0].path, path.slice(1));
  }
  assert.doesNotThrow(() => createSurrogate('gp', { likelihood: 'robust', outlierPenalty: 3, maxOutlierFraction: 0.1 }));
});

test('policy: an ask with the robust likelihood shows the outliers in diagnostics.model.robust', async () => {
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
  const completed: Observation[] = Array.from({ length: n }, (_, i) => ({
    params: { a: data[2 * i], b: data[2 * i + 1] },
    value: f(i) + (PLANTED.includes(i) ? (i % 2 ? 2 : -1.5) : 0),
  }));
  const input: AlgorithmInput = { surrogate: 'gp', surrogateOptions: { likelihood: 'robust' }, acquisition: 'qlognei', seed: 5, initialTrials: 10 };
  const spec = AlgorithmSpec.parse(input);
  const decision = await createPolicy(spec).suggest({ space, algorithm: spec, direction: 'maximize', completed, pending: [], count: 1 });
  const robust = (decision.diagnostics.model as { robust?: RobustDiagnostics }).robust;
  assert.ok(robust, JSON.stringify(decision.diagnostics.model));
  assert.deepEqual(robust.outlierRows, PLANTED);
});
