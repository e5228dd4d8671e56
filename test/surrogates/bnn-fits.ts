/**
 * Shared checks for the cheap BNN surrogates on a 1-D function with a known answer:
 * f(x) = sin(6x) on x ∈ [0, 0.5] (standardized), noiseless; the posterior mean must be close to
 * f at the data, and the posterior variance must grow away from the data (x = 1 is 0.5 from the
 * nearest point). Deterministic by seed: two fits with the same seed give identical posteriors.
 */
import assert from 'node:assert/strict';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import type { Surrogate, TrainingData } from '../../surrogates/types.js';

const n = 16;
const xs = Float64Array.from({ length: n }, (_, i) => (0.5 * i) / (n - 1));
const raw = xs.map((x) => Math.sin(6 * x));
const mean = raw.reduce((a, b) => a + b) / n;
const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
/** The 1-D training set (y standardized). */
export const ONE_D: TrainingData = { X: { rows: n, cols: 1, data: xs }, y: raw.map((v) => (v - mean) / sd) };

/** Fits, then checks data fit (RMSE at data below rmseMax), variance growth, and seed determinism. */
export async function checkOneDimensionalFit(make: () => Surrogate, rmseMax: number): Promise<{ rmse: number; varAtData: number; varFar: number }> {
  const model = await make().fit(ONE_D, { rng: createRng(4) });
  const atData = model.posterior(ONE_D.X);
  const mu = atData.mean();
  let se = 0;
  for (let i = 0; i < n; i++) se += (mu[i] - ONE_D.y[i]) ** 2 / n;
  const rmse = Math.sqrt(se);
  assert.ok(rmse < rmseMax, `RMSE at the data ${rmse} (max ${rmseMax})`);
  const varAtData = atData.variance().reduce((a, b) => a + b) / n;
  const far: Matrix = { rows: 3, cols: 1, data: Float64Array.from([0.9, 0.95, 1]) };
  const varFar = model.posterior(far).variance().reduce((a, b) => a + b) / 3;
  assert.ok(varFar > 3 * varAtData, `variance away from data ${varFar} vs at data ${varAtData}`);
  const again = await make().fit(ONE_D, { rng: createRng(4) });
  assert.deepEqual(Array.from(again.posterior(far).mean()), Array.from(model.posterior(far).mean()), 'same seed, same posterior');
  const other = await make().fit(ONE_D, { rng: createRng(5) });
  assert.notDeepEqual(Array.from(other.posterior(far).mean()), Array.from(model.posterior(far).mean()), 'another seed, another posterior');
  return { rmse, varAtData, varFar };
}
