/**
 * bbob noise models against Monte Carlo: sample moments and rates of 20,000 seeded draws within
 * stated tolerances (about 4 standard errors), and regret on the noise-free value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getProblem } from '../../../benchmarks/problems/all.js';
import { bbobName, cellOf, parseBbobName } from '../../../benchmarks/problems/bbob/problem.js';
import { createRng } from '../../../core/rng.js';

const N = 20000;

function draws(name: string, clean: number, seed = 11): number[] {
  const p = getProblem(name);
  assert.ok(p.observe, name);
  const rng = createRng(seed);
  return Array.from({ length: N }, () => p.observe!(clean, rng));
}

function scaleOf(name: string): number {
  return Number(/scale ([\d.e+-]+)/.exec(getProblem(name).noiseModel ?? '')?.[1]);
}

test('bbob noise: additive Gaussian levels have mean 0 and sd 0.01·s / 0.1·s', () => {
  for (const [noise, level] of [['gauss-low', 0.01], ['gauss-high', 0.1]] as const) {
    const name = `bbob_f001_i02_d05_${noise}`;
    const sd = level * scaleOf(name);
    const e = draws(name, 100).map((v) => v - 100);
    const mean = e.reduce((a, b) => a + b, 0) / N;
    const sample = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
    assert.ok(Math.abs(mean) < (4 * sd) / Math.sqrt(N), `${noise} mean ${mean}`);
    assert.ok(Math.abs(sample / sd - 1) < 0.02, `${noise} sd ${sample} vs ${sd}`);
  }
});

test('bbob noise: cauchy adds outliers on 5% of draws, with Cauchy-like tails', () => {
  const name = 'bbob_f003_i02_d05_cauchy';
  const e = draws(name, 50).map((v) => v - 50);
  const rate = e.filter((v) => v !== 0).length / N;
  assert.ok(Math.abs(rate - 0.05) < 4 * Math.sqrt((0.05 * 0.95) / N), `outlier rate ${rate}`);
  // The ratio N1/|N2| is standard Cauchy: P(|C| > 10) = 1 - (2/π)·atan(10) ≈ 0.0635.
  const big = e.filter((v) => Math.abs(v) > 10 * 0.01 * scaleOf(name)).length / (rate * N);
  assert.ok(Math.abs(big - 0.0635) < 0.03, `tail fraction ${big}`);
});

test('bbob noise: mult is f_opt + (f − f_opt)·exp(N(0,1)) (log-ratio mean 0, sd 1)', () => {
  const name = 'bbob_f002_i02_d05_mult';
  const fopt = getProblem(name).optimum;
  const logs = draws(name, fopt + 7).map((v) => Math.log((v - fopt) / 7));
  const mean = logs.reduce((a, b) => a + b, 0) / N;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(N));
  assert.ok(Math.abs(sd - 1) < 0.02);
});

test('bbob noise: the noise-free f and optimum are those of the noiseless problem; names round-trip', () => {
  const clean = getProblem('bbob_f015_i07_d05');
  const noisy = getProblem('bbob_f015_i07_d05_gauss-high');
  const x = [1, -2, 0.5, 3, -4];
  assert.equal(noisy.f(x), clean.f(x));
  assert.equal(noisy.optimum, clean.optimum);
  assert.equal(clean.observe, undefined);
  const id = { fid: 15, instance: 7, dim: 5, noise: 'gauss-high' } as const;
  assert.deepEqual(parseBbobName(bbobName(id)), id);
  assert.equal(cellOf(bbobName(id)), 'bbob_f015_d05_gauss-high');
  assert.equal(cellOf('branin'), 'branin');
  assert.equal(parseBbobName('bbob_f025_i01_d02'), null);
  assert.equal(parseBbobName('bbob_f001_i01_d02_loud'), null);
});
