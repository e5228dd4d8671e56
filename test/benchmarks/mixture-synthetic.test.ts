import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { dirichlet } from '../../core/simplex.js';
import { syntheticMixture } from '../../benchmarks/mixture/synthetic.js';

for (const K of [5, 19, 30]) {
  test(`synthetic mixing law (K = ${K}): the water-filling optimum satisfies KKT and beats random mixtures`, () => {
    const p = syntheticMixture(K);
    const w = p.optimum;
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12 && w.every((v) => v >= 0));
    // KKT for min Σ b_k e^{−t_k w_k} on the simplex: −∂/∂w_k = b_k t_k e^{−t_k w_k} equals λ on the
    // support and is ≤ λ off it. Checked by central differences of the loss.
    const h = 1e-6;
    const g = Array.from(w, (_, k) => {
      const wp = w.slice();
      const wm = w.slice();
      wp[k] += h;
      wm[k] -= h;
      return -(p.loss(wp, 2) - p.loss(wm, 2)) / (2 * h);
    });
    const support = g.filter((_, k) => w[k] > 1e-9);
    const lambda = support[0];
    for (const v of support) assert.ok(Math.abs(v - lambda) < 1e-5 * lambda, `${v} vs ${lambda}`);
    g.forEach((v, k) => {
      if (w[k] <= 1e-9) assert.ok(v <= lambda + 1e-6);
    });
    const rng = createRng(K);
    for (let i = 0; i < 200; i++) assert.ok(p.loss(dirichlet(new Float64Array(K).fill(1), rng), 2) >= p.bestLoss - 1e-12);
    assert.ok(p.uniformLoss > p.bestLoss);
    // the low levels are correlated, biased versions: their optimum differs from the target's
    assert.notEqual(p.loss(w, 0), p.loss(w, 2));
  });
}
