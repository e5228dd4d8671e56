/**
 * The default GP infers its noise (issue 20: "inferred noise floor"). Reference: the known variance of
 * the Gaussian noise added to a smooth function, in the standardized units the GP sees (σ² / var(y)).
 * With n = 80 observations the residual variance of a smooth fit has a relative standard error of
 * about sqrt(2 / n) ≈ 0.16, so a factor of 1.6 either way is beyond 3 standard errors; the tolerance
 * also covers the small bias of the prior. Below the floor (noise variance 1e-6 in standardized
 * units) the fitted value sits at the floor (minNoise, 1e-4), not at zero: that floor is the noise
 * level the model can tell apart, and the policy's noisy-data rule (1e-3) sits above it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../core/rng.js';
import { standardize } from '../../../core/standardize.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { capabilitiesOf } from '../../../surrogates/types.js';

import { n, X, f } from './smooth-2d-fixture.js';

async function fittedNoise(sd: number, seed: number): Promise<{ fitted: number; truth: number }> {
  const r = createRng(seed);
  const y = Array.from({ length: n }, (_, i) => f(i) + sd * r.normal());
  const z = standardize(y);
  const model = await createSurrogate('gp').fit({ X, y: z.y }, { rng: createRng(seed + 1) });
  const fitted = capabilitiesOf(model).noiseVariance;
  assert.ok(fitted !== undefined, 'the exact GP reports its fitted noise');
  return { fitted, truth: (sd / z.std) ** 2 };
}

test('the fitted noise variance recovers a known noise (standardized units, factor 1.6)', async () => {
  for (const [sd, seed] of [[0.1, 1], [0.3, 2]] as const) {
    const { fitted, truth } = await fittedNoise(sd, seed);
    assert.ok(fitted > truth / 1.6 && fitted < truth * 1.6, `sd ${sd}: fitted ${fitted} vs true ${truth}`);
  }
});

test('below the floor the fitted noise sits at the floor (1e-4), not at zero', async () => {
  const { fitted, truth } = await fittedNoise(1e-3 * 0.7, 3);
  assert.ok(truth < 1e-5, `true ${truth}`);
  assert.ok(fitted >= 1e-4 * (1 - 1e-9) && fitted < 2e-4, `fitted ${fitted}`);
});
