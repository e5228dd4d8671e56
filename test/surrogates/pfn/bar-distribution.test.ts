/**
 * Bar distribution algebra against independent references:
 * (1) scipy quad of the piecewise density for a 4-bucket distribution (snippet below);
 * (2) mpmath for the far right-tail log-EI / log-PI (where EI underflows in float64);
 * (3) a fine-grid numerical integration (Simpson) of exp(logPdf) for a random 64-bucket row;
 * (4) Monte Carlo from sample() against mean/variance/EI/PI (4 standard errors).
 *
 * Reference snippet (python3, numpy 2.4, scipy 1.17):
 *   b = [-2, -1, 0, 0.5, 2]; p = [0.1, 0.3, 0.4, 0.2]; sL = 1/0.6744897501960817; sR = 1.5/0.6744897501960817
 *   pdf(y) = p0·halfnorm.pdf(b1 − y, sL) (y < b1) | p3·halfnorm.pdf(y − b3, sR) (y ≥ b3) | p_k/w_k inside
 *   integrate.quad over (−∞,b1),(b1,b2),(b2,b3),(b3,∞) of pdf, y·pdf, (y−μ)²·pdf, max(y−f,0)·pdf, (y>f)·pdf;
 *   quantiles by brentq on the integrated CDF.
 *   mpmath (dps 40): log(p3·2·sR·(φ(−40) − 40·Φ(−40))) and log(p3·2·Φ(−40)) at best = b3 + 40·sR.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { BarDistribution } from '../../../surrogates/pfn/bar-distribution.js';
import { PfnBarPosterior } from '../../../surrogates/pfn/bar-posterior.js';

const b = [-2, -1, 0, 0.5, 2];
const p = [0.1, 0.3, 0.4, 0.2];
const dist = new BarDistribution(b);

const close = (a: number, e: number, tol: number, what: string) => assert.ok(Math.abs(a - e) <= tol, `${what}: ${a} vs ${e} (tol ${tol})`);

describe('bar distribution: scipy references (4 buckets)', () => {
  it('mean and variance (tails included)', () => {
    close(dist.mean(p), 0.18658908399153934, 1e-12, 'mean');
    close(dist.variance(p), 2.0489506931221335, 1e-10, 'variance');
  });

  it('EI and PI at incumbents in every bucket and beyond both borders', () => {
    const ref: [number, number, number][] = [
      [-3.0, 3.1987428475769795, 0.9822656449347764],
      [-1.5, 1.7615476477792429, 0.9264067688789787],
      [-0.2, 0.6808836259873089, 0.66],
      [0.3, 0.41088362598730893, 0.36000000000000004],
      [1.0, 0.2638154495448455, 0.164422318327806],
      [4.0, 0.02198619416453219, 0.023106303255019892],
    ];
    const post = new PfnBarPosterior(dist, p.map(Math.log), 1);
    for (const [best, ei, pi] of ref) {
      const e = dist.bucketEi(best).reduce((s, v, k) => s + v * p[k], 0);
      const q = dist.bucketPi(best).reduce((s, v, k) => s + v * p[k], 0);
      close(e, ei, 1e-9, `EI at ${best}`);
      close(q, pi, 1e-9, `PI at ${best}`);
      close(post.expectedImprovement(best)[0], ei, 1e-9, `posterior EI at ${best}`);
      close(Math.exp(post.logExpectedImprovement(best)[0]), ei, 1e-9 * ei + 1e-12, `exp log-EI at ${best}`);
      close(Math.exp(post.logProbabilityOfImprovement(best)[0]), pi, 1e-9, `exp log-PI at ${best}`);
    }
  });

  it('quantiles, and cdf(quantile(q)) = q', () => {
    const ref: [number, number][] = [
      [0.01, -3.438663636435239],
      [0.05, -2.0],
      [0.5, 0.125],
      [0.9, 2.0],
      [0.99, 4.858770427505244],
    ];
    for (const [q, y] of ref) {
      close(dist.quantile(p, q), y, 1e-9, `quantile ${q}`);
      close(dist.cdf(p, y), q, 1e-10, `cdf ${y}`);
    }
  });

  it('far right tail: log-EI and log-PI stay finite where EI underflows (mpmath)', () => {
    const best = 0.5 + 40 * dist.sR;
    close(best, 89.456133110336117, 1e-9, 'best');
    const post = new PfnBarPosterior(dist, p.map(Math.log), 1);
    close(post.logExpectedImprovement(best)[0], -808.41559518078506, 1e-8, 'log EI');
    close(post.logProbabilityOfImprovement(best)[0], -805.52473274562794, 1e-8, 'log PI');
    assert.equal(post.expectedImprovement(best)[0], 0);
  });

  it('NLL: interior −log p + log w, tails −log p − log halfnormal', () => {
    close(dist.nll(p, -0.5), -Math.log(0.3) + Math.log(1), 1e-12, 'interior');
    const sR = 1.5 / 0.6744897501960817;
    const hn = (d: number, s: number) => (2 / (s * Math.sqrt(2 * Math.PI))) * Math.exp((-d * d) / (2 * s * s));
    close(dist.nll(p, 3), -Math.log(0.2 * hn(2.5, sR)), 1e-12, 'right tail');
    close(dist.nll(p, 0.5), -Math.log(0.2 * hn(0, sR)), 1e-12, 'right inner border belongs to the tail');
  });
});

describe('bar distribution: a random 64-bucket row', () => {
  const rng = createRng(11);
  const B = 64;
  const borders: number[] = [-3];
  for (let k = 0; k < B; k++) borders.push(borders[k] + 0.02 + 0.15 * rng.uniform());
  const logits = Array.from({ length: B }, () => 2 * rng.normal());
  const d64 = new BarDistribution(borders);
  const post = new PfnBarPosterior(d64, logits, 1);
  const pr = post.probabilities().data;

  /** Composite Simpson of f·pdf over [lo, hi] with N (even) panels per bucket-ish resolution. */
  function integrate(f: (y: number) => number, extraKnot?: number): number {
    const lo = d64.left - 12 * d64.sL;
    const hi = d64.right + 12 * d64.sR;
    // Integrate piecewise between borders so the density's jumps sit on panel ends.
    const knots = [lo, ...borders.slice(1, B), hi, ...(extraKnot !== undefined ? [extraKnot] : [])].sort((u, w) => u - w);
    let total = 0;
    for (let i = 0; i + 1 < knots.length; i++) {
      const a = knots[i];
      const c = knots[i + 1];
      const N = 200;
      const h = (c - a) / N;
      // Evaluate just inside the panel so a border belongs to the bucket being integrated.
      const g = (y: number) => {
        const yy = Math.min(c - 1e-12, Math.max(a + 1e-12, y));
        return f(yy) * Math.exp(d64.logPdf(pr, yy));
      };
      let s = g(a) + g(c);
      for (let j = 1; j < N; j++) s += (j % 2 === 1 ? 4 : 2) * g(a + j * h);
      total += (s * h) / 3;
    }
    return total;
  }

  it('density integrates to 1 and reproduces mean, variance, EI, PI (Simpson with the incumbent as a knot, 1e-7)', () => {
    close(integrate(() => 1), 1, 1e-7, 'mass');
    const mu = post.mean()[0];
    close(integrate((y) => y), mu, 1e-7, 'mean');
    close(integrate((y) => (y - mu) ** 2), post.variance()[0], 1e-7, 'variance');
    for (const best of [-4, borders[10] + 0.01, 0.5 * (borders[30] + borders[31]), borders[B - 1] + 0.3, borders[B] + 1]) {
      close(integrate((y) => Math.max(0, y - best), best), post.expectedImprovement(best)[0], 1e-7, `EI at ${best}`);
      close(integrate((y) => (y > best ? 1 : 0), best), post.probabilityOfImprovement(best)[0], 1e-7, `PI at ${best}`);
    }
  });

  it('sampling matches mean, variance, EI and PI (Monte Carlo, 4 standard errors, 40,000 draws)', () => {
    const count = 40000;
    const S = post.sample(count, createRng(3)).data;
    const mu = post.mean()[0];
    const v = post.variance()[0];
    let m = 0;
    for (const s of S) m += s / count;
    let sv = 0;
    for (const s of S) sv += (s - m) ** 2 / (count - 1);
    close(m, mu, 4 * Math.sqrt(v / count), 'MC mean');
    close(sv, v, 8 * v * Math.sqrt(2 / count), 'MC variance');
    const best = mu + 0.5 * Math.sqrt(v);
    const imp = Array.from(S, (s) => Math.max(0, s - best));
    const ei = imp.reduce((a, c) => a + c, 0) / count;
    const eiSd = Math.sqrt(imp.reduce((a, c) => a + (c - ei) ** 2, 0) / count);
    close(ei, post.expectedImprovement(best)[0], 4 * eiSd / Math.sqrt(count), 'MC EI');
    const pi = imp.filter((c) => c > 0).length / count;
    close(pi, post.probabilityOfImprovement(best)[0], 4 * Math.sqrt(pi * (1 - pi) / count), 'MC PI');
    // Quantile: the empirical 0.9-quantile's CDF value is within MC error of 0.9.
    const sorted = Float64Array.from(S).sort();
    const q90 = post.quantile(0.9)[0];
    const below = sorted.findIndex((s) => s > q90) / count;
    close(below, 0.9, 4 * Math.sqrt(0.09 / count), 'MC quantile');
  });

  it('affine(shift, scale) maps mean by shift + scale·μ and variance by scale²', () => {
    const t = d64.affine(1.5, 2);
    close(t.mean(pr), 1.5 + 2 * d64.mean(pr), 1e-10, 'mean');
    close(t.variance(pr), 4 * d64.variance(pr), 1e-9, 'variance');
    close(t.nll(pr, 1.5 + 2 * 0.1), d64.nll(pr, 0.1) + Math.log(2), 1e-10, 'nll + log scale');
  });
});
