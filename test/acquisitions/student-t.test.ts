import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { studentTLogCdf, studentTLogPdf, studentTQuantile } from '../../core/student-t.js';
import { logEiStudentT, logPiStudentT, ucbStudentT } from '../../acquisitions/student-t-moments.js';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { createRng } from '../../core/rng.js';

// Reference values: scipy 1.17.1, `stats.t.logcdf(z, nu)`, `stats.t.logpdf(z, nu)`, `stats.t.ppf(p, nu)`:
//   for nu in [3, 14.5, 100]: for z in [-40, -5, -1, 0.3, 4]: print(stats.t.logcdf(z, nu), stats.t.logpdf(z, nu))
const REF: [number, number, number, number][] = [
  [3, -40, -10.971162936870327, -13.562928577506396],
  [3, -5, -4.867026104920422, -5.4680732926376985],
  [3, -1, -1.632189224494123, -1.5762529945270716],
  [3, 0.3, -0.4973857548086112, -1.0600064541065986],
  [3, 4, -0.014103212426294764, -4.692542230620171],
  [14.5, -40, -36.43585996387038, -37.459063863041976],
  [14.5, -5, -9.342904873162892, -8.702844496284762],
  [14.5, -1, -1.7906384260897668, -1.453024474425229],
  [14.5, 0.3, -0.48486146345242004, -0.9841210986488023],
  [14.5, 4, -0.0006169247719377316, -6.698896087008508],
  [100, -40, -144.8549903072029, -143.99871236638188],
  [100, -5, -13.612498935450482, -12.190187832910567],
  [100, -1, -1.8334438486699305, -1.4239301996279623],
  [100, 0.3, -0.48191418336443764, -0.9668680513061968],
  [100, 4, -6.076366822467734e-5, -8.416648750015774],
];

/**
 * EI = ∫ max(y − f*, 0)·p(y) dy with y = μ + s·t, written with y = f* + e^u so both the bulk and
 * the heavy polynomial tail are covered: EI = ∫ e^{2u} p(f* + e^u) du, trapezoid rule in log space.
 */
function eiByQuadrature(mu: number, s: number, best: number, nu: number): number {
  const lo = Math.log(s) - 25;
  const hi = Math.log(s) + 25;
  const steps = 200000;
  const h = (hi - lo) / steps;
  let m = -Infinity;
  const vals = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) {
    const u = lo + i * h;
    vals[i] = 2 * u + studentTLogPdf((best + Math.exp(u) - mu) / s, nu) - Math.log(s) + (i === 0 || i === steps ? Math.log(0.5) : 0);
    if (vals[i] > m) m = vals[i];
  }
  let sum = 0;
  for (let i = 0; i <= steps; i++) sum += Math.exp(vals[i] - m);
  return m + Math.log(sum * h);
}

describe('Student-t numerics and acquisitions', () => {
  it('log pdf, log cdf and quantile match scipy', () => {
    for (const [nu, z, lc, lp] of REF) {
      assert.ok(Math.abs(studentTLogCdf(z, nu) - lc) < 1e-10 * Math.max(1, Math.abs(lc)), `logcdf ${nu} ${z}: ${studentTLogCdf(z, nu)} vs ${lc}`);
      assert.ok(Math.abs(studentTLogPdf(z, nu) - lp) < 1e-12 * Math.max(1, Math.abs(lp)), `logpdf ${nu} ${z}`);
    }
    // stats.t.ppf(0.9213503964748575, nu) and stats.t.ppf(1e-6, nu)
    for (const [nu, q1, q2] of [
      [3, 1.8761097960605013, -103.29946778041935],
      [14.5, 1.4913630719449495, -7.596856099735064],
      [100, 1.424901626332759, -5.048830877228346],
    ]) {
      assert.ok(Math.abs(studentTQuantile(0.9213503964748575, nu) - q1) < 1e-9);
      assert.ok(Math.abs(studentTQuantile(1e-6, nu) - q2) < 1e-8 * Math.abs(q2));
    }
  });

  it('t-LogEI equals the log of the improvement integrated by quadrature, including far in the tail', () => {
    for (const nu of [3, 14.5, 100]) {
      for (const z of [2, 0, -1, -5, -20]) {
        const s = 0.7;
        const variance = (s * s * nu) / (nu - 2);
        const got = logEiStudentT(z * s, variance, 0, nu).value;
        const want = eiByQuadrature(z * s, s, 0, nu);
        assert.ok(Math.abs(got - want) < 1e-6 * Math.max(1, Math.abs(want)), `nu ${nu} z ${z}: ${got} vs ${want}`);
      }
    }
  });

  it('t-acquisition gradients in mean and variance match central differences', () => {
    const h = 1e-6;
    for (const nu of [4, 30]) {
      for (const [mean, variance] of [
        [0.2, 0.5],
        [-3, 0.1],
      ]) {
        for (const f of [(m: number, v: number) => logEiStudentT(m, v, 0.1, nu), (m: number, v: number) => logPiStudentT(m, v, 0.1, nu), (m: number, v: number) => ucbStudentT(m, v, 2, nu)]) {
          const g = f(mean, variance);
          const fdm = (f(mean + h, variance).value - f(mean - h, variance).value) / (2 * h);
          const fdv = (f(mean, variance + h).value - f(mean, variance - h).value) / (2 * h);
          assert.ok(Math.abs(g.dMean - fdm) < 1e-5 * Math.max(1, Math.abs(fdm)), `dMean ${g.dMean} vs ${fdm}`);
          assert.ok(Math.abs(g.dVariance - fdv) < 1e-5 * Math.max(1, Math.abs(fdv)), `dVar ${g.dVariance} vs ${fdv}`);
        }
      }
    }
  });

  it('the log-ei acquisition uses the t formula when given df, and the Gaussian one without', () => {
    const acq = createLogEi();
    const ctx = { best: 0, rng: createRng(1) };
    const t = acq.fromMoments(-1, 1, ctx, 5).value;
    const g = acq.fromMoments(-1, 1, ctx).value;
    assert.ok(Math.abs(t - logEiStudentT(-1, 1, 0, 5).value) < 1e-15);
    assert.ok(Math.abs(t - g) > 1e-3, 'the t and Gaussian marginals differ');
  });
});
