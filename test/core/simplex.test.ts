import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../core/rng.js';
import { cubeToSimplex, dirichlet, gamma, projectToSimplex } from '../../core/simplex.js';
import { sobol } from '../../core/sobol.js';

const sum = (w: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s;
};

function assertOnSimplex(w: Float64Array, what: string): void {
  assert.ok(Math.abs(sum(w) - 1) <= 1e-12, `${what}: sum ${sum(w)}`);
  for (const v of w) assert.ok(v >= 0, `${what}: negative weight ${v}`);
}

describe('cubeToSimplex', () => {
  it('maps the cube onto the simplex, including faces and corners', () => {
    const rng = createRng(1);
    for (const k of [1, 2, 3, 5, 19, 30, 256]) {
      for (let r = 0; r < 50; r++) assertOnSimplex(cubeToSimplex(Float64Array.from({ length: k - 1 }, () => rng.uniform()), k), `k ${k}`);
      assertOnSimplex(cubeToSimplex(new Float64Array(k - 1), k), `k ${k} zeros`);
      assertOnSimplex(cubeToSimplex(new Float64Array(k - 1).fill(1), k), `k ${k} ones`);
    }
    assert.deepEqual(Array.from(cubeToSimplex([], 1)), [1]);
    assert.deepEqual(Array.from(cubeToSimplex([1], 2)), [1, 0]);
  });
  it('is uniform on the simplex: component means 1/K, Var = (K-1)/(K²(K+1)) (10k uniform inputs, 5 sigma)', () => {
    const rng = createRng(2);
    for (const k of [3, 5, 19]) {
      const n = 10000;
      const mean = new Float64Array(k);
      const sq = new Float64Array(k);
      for (let r = 0; r < n; r++) {
        const w = cubeToSimplex(Float64Array.from({ length: k - 1 }, () => rng.uniform()), k);
        for (let i = 0; i < k; i++) {
          mean[i] += w[i] / n;
          sq[i] += (w[i] * w[i]) / n;
        }
      }
      // Dirichlet(1,...,1): E w_i = 1/K, Var w_i = (K-1)/(K²(K+1)), E w_i² = 2/(K(K+1)).
      const sd = Math.sqrt((k - 1) / (k * k * (k + 1)) / n);
      for (let i = 0; i < k; i++) {
        assert.ok(Math.abs(mean[i] - 1 / k) < 5 * sd, `k ${k} component ${i}: mean ${mean[i]}`);
        assert.ok(Math.abs(sq[i] - 2 / (k * (k + 1))) < 0.05 * (2 / (k * (k + 1))), `k ${k} component ${i}: E w² ${sq[i]}`);
      }
    }
  });
  it('keeps quasi-random inputs better balanced than random ones: Σ|mean_i - 1/K| is smaller for Sobol (K 5, n 1024)', () => {
    const k = 5;
    const err = (u: (r: number) => ArrayLike<number>): number => {
      const mean = new Float64Array(k);
      for (let r = 0; r < 1024; r++) cubeToSimplex(u(r), k).forEach((v, i) => { mean[i] += v / 1024; });
      return mean.reduce((a, m) => a + Math.abs(m - 1 / k), 0);
    };
    const q = sobol(1024, k - 1, createRng(3));
    const rng = createRng(4);
    const qmcErr = err((r) => q.data.subarray(r * (k - 1), (r + 1) * (k - 1)));
    const mcErr = err(() => Float64Array.from({ length: k - 1 }, () => rng.uniform()));
    assert.ok(qmcErr < mcErr / 3, `sobol ${qmcErr} vs random ${mcErr}`);
  });
});

describe('projectToSimplex', () => {
  it('satisfies the KKT conditions: w = max(v - θ, 0) with one θ, v_i ≤ θ where w_i = 0', () => {
    const rng = createRng(5);
    for (let r = 0; r < 300; r++) {
      const k = 1 + rng.int(40);
      const scale = [0.1, 1, 10][r % 3];
      const v = Float64Array.from({ length: k }, () => scale * rng.normal());
      const w = projectToSimplex(v);
      assertOnSimplex(w, `k ${k}`);
      const active = Array.from(w.keys()).filter((i) => w[i] > 0);
      assert.ok(active.length > 0);
      const theta = v[active[0]] - w[active[0]];
      for (const i of active) assert.ok(Math.abs(v[i] - w[i] - theta) < 1e-12 * (1 + Math.abs(theta)), 'common shift θ');
      for (let i = 0; i < k; i++) if (w[i] === 0) assert.ok(v[i] <= theta + 1e-12, `inactive v_i ${v[i]} > θ ${theta}`);
    }
  });
  it('beats every other simplex point tried: ||w - v|| ≤ ||u - v|| for 2000 random u (brute check)', () => {
    const rng = createRng(6);
    for (let r = 0; r < 20; r++) {
      const k = 2 + rng.int(6);
      const v = Float64Array.from({ length: k }, () => 2 * rng.normal());
      const w = projectToSimplex(v);
      const dist = (u: ArrayLike<number>): number => Array.from(v).reduce((a, vi, i) => a + (vi - u[i]) ** 2, 0);
      const best = dist(w);
      for (let t = 0; t < 2000; t++) {
        const u = dirichlet(new Array(k).fill(0.5), rng);
        assert.ok(best <= dist(u) + 1e-12);
      }
    }
  });
  it('leaves points on the simplex unchanged and handles ties', () => {
    const w = Float64Array.from([0.2, 0.3, 0.5]);
    const p = projectToSimplex(w);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(p[i] - w[i]) < 1e-15);
    assert.deepEqual(Array.from(projectToSimplex([1, 1])), [0.5, 0.5]);
    assert.deepEqual(Array.from(projectToSimplex([5, -5, 0])), [1, 0, 0]);
    assert.throws(() => projectToSimplex([NaN, 1]), RangeError);
  });
});

describe('gamma and dirichlet', () => {
  it('Gamma(a) draws have mean a and variance a (20k draws, 5 sigma)', () => {
    const rng = createRng(7);
    for (const a of [0.3, 1, 2.5, 10]) {
      const n = 20000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = gamma(a, rng);
        assert.ok(x >= 0);
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      assert.ok(Math.abs(mean - a) < 5 * Math.sqrt(a / n), `a ${a}: mean ${mean}`);
      // Var of the sample variance for a gamma: (μ4 - σ⁴)/n with μ4 = 3a² + 6a.
      assert.ok(Math.abs(variance - a) < 5 * Math.sqrt((3 * a * a + 6 * a - a * a) / n), `a ${a}: variance ${variance}`);
    }
  });
  it('Dirichlet(α) lies on the simplex with mean α/Σα (10k draws, 5 sigma)', () => {
    const rng = createRng(8);
    for (const alpha of [[1, 1, 1, 1], [0.2, 0.5, 3], [5, 1]]) {
      const n = 10000;
      const a0 = alpha.reduce((a, b) => a + b, 0);
      const mean = new Float64Array(alpha.length);
      for (let r = 0; r < n; r++) {
        const w = dirichlet(alpha, rng);
        assertOnSimplex(w, `alpha ${alpha}`);
        w.forEach((v, i) => { mean[i] += v / n; });
      }
      alpha.forEach((a, i) => {
        const m = a / a0;
        const sd = Math.sqrt((m * (1 - m)) / (a0 + 1) / n);
        assert.ok(Math.abs(mean[i] - m) < 5 * sd, `alpha ${alpha} component ${i}: mean ${mean[i]} vs ${m}`);
      });
    }
  });
  it('is deterministic per seed and rejects bad shapes', () => {
    assert.deepEqual(dirichlet([1, 2, 3], createRng(9)), dirichlet([1, 2, 3], createRng(9)));
    assert.throws(() => gamma(0, createRng(1)), RangeError);
    assert.throws(() => dirichlet([], createRng(1)), RangeError);
  });
});
