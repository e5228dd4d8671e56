/**
 * The RegMix baseline's ridge regression: its closed-form leave-one-out error equals brute force
 * (n refits on n − 1 rows), and λ → 0 recovers a noiseless linear law exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitRidge } from '../../surrogates/ridge.js';
import { createRng } from '../../core/rng.js';

test('ridge: closed-form LOO MSE equals brute-force refits (1e-10 relative), for each λ', () => {
  const rng = createRng(31);
  const X = Array.from({ length: 30 }, () => Array.from({ length: 4 }, () => rng.uniform()));
  const y = X.map((x) => 2 * x[0]! - x[2]! + 0.1 * rng.normal());
  for (const lambda of [1e-4, 0.1, 3]) {
    const fit = fitRidge(X, y, [lambda]);
    let sse = 0;
    for (let i = 0; i < X.length; i++) {
      const m = fitRidge(X.filter((_, j) => j !== i), y.filter((_, j) => j !== i), [lambda]);
      sse += (y[i]! - m.predict(X[i]!)) ** 2;
    }
    const brute = sse / X.length;
    assert.ok(Math.abs(fit.looMse - brute) <= 1e-10 * brute, `λ ${lambda}: ${fit.looMse} vs brute force ${brute}`);
  }
});

test('ridge: a noiseless linear law is recovered with a tiny λ (1e-6)', () => {
  const rng = createRng(32);
  const X = Array.from({ length: 20 }, () => Array.from({ length: 3 }, () => rng.uniform()));
  const law = (x: number[]) => 1.5 + 0.7 * x[0]! - 2 * x[1]! + 0.3 * x[2]!;
  const m = fitRidge(X, X.map(law), [1e-9]);
  for (const x of [[0.1, 0.2, 0.3], [0.9, 0.5, 0.05]]) assert.ok(Math.abs(m.predict(x) - law(x)) < 1e-6);
});
