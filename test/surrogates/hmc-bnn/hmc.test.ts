import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { runHmc, splitRhat, type BatchedTarget } from '../../../surrogates/hmc-bnn/hmc.js';
import { massWindows } from '../../../surrogates/hmc-bnn/hmc-adapt.js';

/** Correlated 2-D Gaussian, covariance [[1, ρ], [ρ, 1]]·s² with ρ = 0.9, s = 2, mean (1, −2). */
const RHO = 0.9;
const S2 = 4;
const MU = [1, -2];
const gaussian: BatchedTarget = {
  dim: 2,
  logDensity(q, C, grad) {
    const out = new Float64Array(C);
    const det = S2 * S2 * (1 - RHO * RHO);
    // Precision = inverse of the covariance, closed form for 2×2.
    const a = S2 / det;
    const b = (-RHO * S2) / det;
    for (let c = 0; c < C; c++) {
      const x = q[2 * c] - MU[0];
      const y = q[2 * c + 1] - MU[1];
      out[c] = -0.5 * (a * x * x + 2 * b * x * y + a * y * y);
      grad[2 * c] = -(a * x + b * y);
      grad[2 * c + 1] = -(b * x + a * y);
    }
    return out;
  },
};

/** Banana: x1 ~ N(0,1), x2 | x1 ~ N(B·x1², 1). Exact: E x2 = B, Var x2 = 1 + 2B², Cov(x1², x2) = 2B. */
const B = 0.5;
const banana: BatchedTarget = {
  dim: 2,
  logDensity(q, C, grad) {
    const out = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const x1 = q[2 * c];
      const r = q[2 * c + 1] - B * x1 * x1;
      out[c] = -0.5 * x1 * x1 - 0.5 * r * r;
      grad[2 * c] = -x1 + r * 2 * B * x1;
      grad[2 * c + 1] = -r;
    }
    return out;
  },
};

function moments(data: Float64Array, D: number) {
  const n = data.length / D;
  const mean = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) mean[j] += data[i * D + j] / n;
  const cov = new Float64Array(D * D);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < D; j++) for (let k = 0; k < D; k++) cov[j * D + k] += ((data[i * D + j] - mean[j]) * (data[i * D + k] - mean[k])) / (n - 1);
  return { mean, cov, n };
}

describe('HMC leaves known targets invariant', () => {
  it('samples a correlated 2-D Gaussian: mean and covariance within Monte Carlo error', async () => {
    const rng = createRng(11);
    const C = 4;
    const init = { rows: C, cols: 2, data: new Float64Array(C * 2).map(() => rng.normal() * 3) };
    const res = await runHmc(gaussian, init, { warmup: 500, samples: 2500, stepSize: 0.1, pathLength: 2, rng });
    const { mean, cov } = moments(res.draws.data, 2);
    // HMC draws are autocorrelated; 10000 draws with an effective size of >= ~1000 give sd(mean) <= 2/sqrt(1000) ≈ 0.063.
    // Tolerances are ~3 such standard errors.
    assert.ok(Math.abs(mean[0] - 1) < 0.2, `mean0 ${mean[0]}`);
    assert.ok(Math.abs(mean[1] + 2) < 0.2, `mean1 ${mean[1]}`);
    assert.ok(Math.abs(cov[0] - 4) < 0.6, `var0 ${cov[0]}`);
    assert.ok(Math.abs(cov[3] - 4) < 0.6, `var1 ${cov[3]}`);
    assert.ok(Math.abs(cov[1] - 3.6) < 0.6, `cov ${cov[1]}`);
    for (const a of res.acceptRate) assert.ok(a > 0.6 && a < 0.97, `accept ${a}`);
    for (let j = 0; j < 2; j++) {
      const r = splitRhat(res.perChain.map((m) => Array.from({ length: m.rows }, (_, k) => m.data[k * 2 + j])));
      assert.ok(r < 1.05, `R-hat ${r}`);
    }
  });

  it('samples a banana density: E x2 = 0.5, Var x2 = 1.5, Cov(x1², x2) = 1', async () => {
    const rng = createRng(5);
    const C = 4;
    const init = { rows: C, cols: 2, data: new Float64Array(C * 2).map(() => rng.normal()) };
    const res = await runHmc(banana, init, { warmup: 500, samples: 3000, stepSize: 0.1, pathLength: 1.5, rng });
    const d = res.draws.data;
    const n = d.length / 2;
    let m1 = 0;
    let m2 = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      m1 += d[2 * i] / n;
      m2 += d[2 * i + 1] / n;
      sq += (d[2 * i] * d[2 * i]) / n;
    }
    let v2 = 0;
    let c12 = 0;
    for (let i = 0; i < n; i++) {
      v2 += (d[2 * i + 1] - m2) ** 2 / (n - 1);
      c12 += ((d[2 * i] * d[2 * i] - sq) * (d[2 * i + 1] - m2)) / (n - 1);
    }
    assert.ok(Math.abs(m1) < 0.12, `E x1 ${m1}`);
    assert.ok(Math.abs(sq - 1) < 0.15, `E x1^2 ${sq}`);
    assert.ok(Math.abs(m2 - 0.5) < 0.15, `E x2 ${m2}`);
    assert.ok(Math.abs(v2 - 1.5) < 0.3, `Var x2 ${v2}`);
    assert.ok(Math.abs(c12 - 1) < 0.35, `Cov ${c12}`);
  });

  it('adapts a diagonal mass matrix to a badly scaled Gaussian (sds 0.01 and 10): variances within MC error', async () => {
    const SD = [0.01, 10];
    const scaled: BatchedTarget = {
      dim: 2,
      logDensity(q, C, grad) {
        const out = new Float64Array(C);
        for (let c = 0; c < C; c++) {
          out[c] = 0;
          for (let j = 0; j < 2; j++) {
            const z = q[2 * c + j] / SD[j];
            out[c] -= 0.5 * z * z;
            grad[2 * c + j] = -z / SD[j];
          }
        }
        return out;
      },
    };
    const rng = createRng(17);
    const C = 4;
    const init = { rows: C, cols: 2, data: new Float64Array(C * 2).map(() => 0.01 * rng.normal()) };
    const res = await runHmc(scaled, init, { warmup: 400, samples: 1000, stepSize: 0.001, leapfrog: 8, rng });
    // The adapted inverse mass follows the variances 1e-4 and 100 (a ratio of 1e6) to within the noise of a
    // variance estimated from one window of autocorrelated warm-up draws (the wide coordinate mixes slowest).
    for (let c = 0; c < C; c++) {
      assert.ok(res.invMass[2 * c] > 0.5e-4 && res.invMass[2 * c] < 2e-4, `invMass0 ${res.invMass[2 * c]}`);
      assert.ok(res.invMass[2 * c + 1] > 20 && res.invMass[2 * c + 1] < 500, `invMass1 ${res.invMass[2 * c + 1]}`);
      assert.ok(res.acceptRate[c] > 0.6 && res.acceptRate[c] < 0.97, `accept ${res.acceptRate[c]}`);
    }
    const { cov } = moments(res.draws.data, 2);
    // 4000 near-independent draws: relative sd of a variance ≈ sqrt(2/4000) ≈ 2.2%; allow 15%.
    assert.ok(Math.abs(cov[0] / 1e-4 - 1) < 0.15, `var0 ${cov[0]}`);
    assert.ok(Math.abs(cov[3] / 100 - 1) < 0.15, `var1 ${cov[3]}`);
  });

  it("Stan's doubling warm-up windows (final step-size stage max(50, 0.2·W)); none below 20", () => {
    // W = 1000: init buffer 75, windows 25, 50, 100, then the 200-window is stretched to W − 200.
    assert.deepEqual(massWindows(1000), { start: 75, ends: [100, 150, 250, 800] });
    assert.deepEqual(massWindows(500), { start: 75, ends: [100, 150, 400] });
    assert.deepEqual(massWindows(10), { start: 10, ends: [] });
    const w = massWindows(100);
    assert.equal(w.start, 15);
    assert.deepEqual(w.ends, [90]);
  });

  it('split R-hat is ~1 for identical iid chains and large for shifted chains', () => {
    const rng = createRng(3);
    const iid = Array.from({ length: 4 }, () => Array.from({ length: 1000 }, () => rng.normal()));
    assert.ok(Math.abs(splitRhat(iid) - 1) < 0.01);
    const shifted = iid.map((ch, i) => ch.map((x) => x + i));
    assert.ok(splitRhat(shifted) > 1.5);
  });
});
