import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { logGamma } from '../../../surrogates/gp/priors.js';
import { parameterLayout } from '../../../surrogates/gp/gp-likelihood.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';
import { stpLogMarginal } from '../../../surrogates/stp/stp-likelihood.js';
import { FittedStp } from '../../../surrogates/stp/stp-surrogate.js';
import { digamma } from '../../../surrogates/stp/special.js';

const rng = createRng(4);
const n = 8;
const d = 2;
const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
const y = Float64Array.from({ length: n }, (_, i) => Math.sin(4 * X.data[2 * i]) + 0.3 * rng.normal());
const data = { X, y };
const kernel = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 2, dim: d });
const layout = parameterLayout(kernel, 1e-4, 10);
// v = [ln σ_w², ln σ_b², ln σ_n², c, ln α, ln β]
const v = Float64Array.of(Math.log(2), Math.log(0.5), Math.log(0.05), 0.1, Math.log(3), Math.log(1.5));
const alpha = 3;
const beta = 1.5;

/** ∫ f(u) du over u = ln σ² by the trapezoid rule on a wide grid, in log space. */
function logIntegrate(logF: (u: number) => number, lo = -30, hi = 30, steps = 60000): number {
  const h = (hi - lo) / steps;
  const vals = new Float64Array(steps + 1);
  let m = -Infinity;
  for (let i = 0; i <= steps; i++) {
    vals[i] = logF(lo + i * h) + (i === 0 || i === steps ? Math.log(0.5) : 0);
    if (vals[i] > m) m = vals[i];
  }
  let s = 0;
  for (let i = 0; i <= steps; i++) s += Math.exp(vals[i] - m);
  return m + Math.log(s * h);
}

/** ln InvGamma(σ² = e^u; a, b) + u (the Jacobian of σ² -> u). */
const logInvGammaU = (u: number, a: number, b: number) => a * Math.log(b) - logGamma(a) - (a + 1) * u - b * Math.exp(-u) + u;

describe('Student-t process', () => {
  it('digamma matches ψ(1) = −γ, ψ(0.5) = −γ − 2 ln 2 and the recurrence ψ(x+1) = ψ(x) + 1/x', () => {
    const gamma = 0.5772156649015329;
    assert.ok(Math.abs(digamma(1) + gamma) < 1e-12);
    assert.ok(Math.abs(digamma(0.5) + gamma + 2 * Math.LN2) < 1e-12);
    assert.ok(Math.abs(digamma(7.3) - digamma(6.3) - 1 / 6.3) < 1e-12);
  });

  it('log marginal likelihood equals numerical integration of the Gaussian likelihood over the inverse-gamma prior', () => {
    const { lml, factor, quad } = stpLogMarginal(layout, v, data);
    // Gaussian: log N(y; c, σ²K̃_y) = −(n/2)ln(2πσ²) − ½ln|K̃_y| − q/(2σ²), with ½ln|K̃_y| = Σ ln L_ii.
    let halfLogDet = 0;
    for (let i = 0; i < n; i++) halfLogDet += Math.log(factor.L.data[i * n + i]);
    const numeric = logIntegrate((u) => -(n / 2) * (Math.log(2 * Math.PI) + u) - halfLogDet - quad / (2 * Math.exp(u)) + logInvGammaU(u, alpha, beta));
    assert.ok(Math.abs(lml - numeric) < 1e-7, `closed form ${lml} vs quadrature ${numeric}`);
  });

  it('gradient of the log marginal likelihood matches central differences', () => {
    const g = new Float64Array(v.length);
    stpLogMarginal(layout, v, data, g);
    const h = 1e-6;
    for (let k = 0; k < v.length; k++) {
      const vp = Float64Array.from(v);
      const vm = Float64Array.from(v);
      vp[k] += h;
      vm[k] -= h;
      const fd = (stpLogMarginal(layout, vp, data).lml - stpLogMarginal(layout, vm, data).lml) / (2 * h);
      assert.ok(Math.abs(g[k] - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `v[${k}]: ${g[k]} vs ${fd}`);
    }
  });

  it('predictive mean, variance and density equal the Gaussian posterior averaged over σ² by quadrature', () => {
    const fitted = FittedStp.at(layout, v, data);
    const xs = { rows: 1, cols: d, data: Float64Array.of(0.3, 0.8) };
    const post = fitted.posterior(xs);
    const { quad } = stpLogMarginal(layout, v, data);
    // Unit-scale Gaussian posterior of the same kernel: σ² | y ~ InvGamma(α + n/2, β + q/2), f* | σ², y ~ N(μ̃, σ²·σ̃²).
    const mu = post.mean()[0];
    const unitVar = post.scale2()[0] / fitted.scaleFactor;
    const a2 = alpha + n / 2;
    const b2 = beta + quad / 2;
    // E[σ²] = b2/(a2 − 1) gives the predictive variance in closed form.
    assert.ok(Math.abs(post.variance()[0] - (b2 / (a2 - 1)) * unitVar) < 1e-12 * Math.max(1, post.variance()[0]));
    for (const t of [mu - 2, mu - 0.3, mu, mu + 1.1, mu + 4]) {
      const numeric = logIntegrate((u) => -0.5 * (Math.log(2 * Math.PI * unitVar) + u) - ((t - mu) ** 2) / (2 * unitVar * Math.exp(u)) + logInvGammaU(u, a2, b2));
      // Student-t density with ν = 2α + n, scale² s·σ̃².
      const nu = fitted.df;
      const s2 = post.scale2()[0];
      const closed = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI * s2) - ((nu + 1) / 2) * Math.log1p(((t - mu) ** 2) / (nu * s2));
      assert.ok(Math.abs(closed - numeric) < 1e-7, `t=${t}: ${closed} vs ${numeric}`);
    }
  });

  it('joint samples have the predictive mean and variance (Monte Carlo, 40k draws)', () => {
    const fitted = FittedStp.at(layout, v, data);
    const xs = { rows: 2, cols: d, data: Float64Array.of(0.3, 0.8, 0.9, 0.1) };
    const post = fitted.posterior(xs);
    const draws = post.sample(40000, createRng(9));
    const mean = post.mean();
    const variance = post.variance();
    for (let j = 0; j < 2; j++) {
      let m = 0;
      let s = 0;
      for (let c = 0; c < draws.rows; c++) m += draws.data[c * 2 + j] / draws.rows;
      for (let c = 0; c < draws.rows; c++) s += (draws.data[c * 2 + j] - m) ** 2 / (draws.rows - 1);
      // Standard error of the mean sqrt(var/40000); the variance of a t with ν = 14 has a heavier
      // sampling error than a Gaussian's: allow 6%.
      assert.ok(Math.abs(m - mean[j]) < 4 * Math.sqrt(variance[j] / 40000), `mean ${m} vs ${mean[j]}`);
      assert.ok(Math.abs(s / variance[j] - 1) < 0.06, `var ${s} vs ${variance[j]}`);
    }
  });
});
