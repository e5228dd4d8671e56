/**
 * Monte Carlo moments of a BNN prior's function draws, to compare with a GP prior: the marginal
 * variance Var f(x) and the correlation Corr(f(x), f(x + r·u)) at distance r (u a random unit
 * direction), averaged over random x in [0,1]^d (pairs whose second point leaves the box are redrawn).
 * For a Matérn-5/2 GP with variance σ² and lengthscale ℓ (the default GP): σ² and
 * (1 + √5 r/ℓ + 5r²/(3ℓ²))·exp(−√5 r/ℓ) (= 0.829 at r = ℓ/2). Also the raw draws at given points
 * and their zero-mean sample covariance with per-entry standard errors.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { LayerPrior } from './log-posterior.js';
import { forward, layout, toNetInput, type MlpShape } from './mlp.js';

/** Average marginal variance and pair correlation of prior functions (S networks × m pairs). */
export function priorFunctionStats(shape: MlpShape, priors: readonly LayerPrior[], r: number, rng: Rng, networks = 2000, pairs = 64): { variance: number; correlation: number } {
  const d = shape.inputDim;
  // Rows 0..m−1 are the first points of the pairs, rows m..2m−1 their partners.
  const X = new Float64Array(2 * pairs * d);
  for (let found = 0; found < pairs; ) {
    const a = Float64Array.from({ length: d }, () => rng.uniform());
    const u = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...u);
    const b = a.map((v, k) => v + (r * u[k]) / norm);
    if (b.every((v) => v >= 0 && v <= 1)) {
      X.set(a, found * d);
      X.set(b, (pairs + found) * d);
      found++;
    }
  }
  const F = priorFunctionDraws(shape, priors, { rows: 2 * pairs, cols: d, data: X }, networks, rng);
  const fa = (s: number, j: number) => F[s * 2 * pairs + j];
  const fb = (s: number, j: number) => F[s * 2 * pairs + pairs + j];
  // Per pair: variances and covariance over networks (prior mean is 0 by symmetry, but estimate it).
  let variance = 0;
  let correlation = 0;
  for (let j = 0; j < pairs; j++) {
    let ma = 0;
    let mb = 0;
    for (let s = 0; s < networks; s++) {
      ma += fa(s, j) / networks;
      mb += fb(s, j) / networks;
    }
    let va = 0;
    let vb = 0;
    let cab = 0;
    for (let s = 0; s < networks; s++) {
      const x = fa(s, j) - ma;
      const y = fb(s, j) - mb;
      va += x * x;
      vb += y * y;
      cab += x * y;
    }
    variance += (va + vb) / (2 * (networks - 1) * pairs);
    correlation += cab / Math.sqrt(va * vb) / pairs;
  }
  return { variance, correlation };
}

/**
 * N prior networks evaluated at the rows of X (rows in [0,1]^d): an N×M row-major matrix of function
 * values, in float64 through mlp.ts's forward pass (independent of the tfjs draws the matching uses).
 */
export function priorFunctionDraws(shape: MlpShape, priors: readonly LayerPrior[], X: Matrix, networks: number, rng: Rng): Float64Array {
  const { layers, size } = layout(shape);
  const M = X.rows;
  const inputs = Array.from({ length: M }, (_, i) => toNetInput(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  const out = new Float64Array(networks * M);
  const theta = new Float64Array(size);
  for (let s = 0; s < networks; s++) {
    layers.forEach((sl, l) => {
      const sw = Math.sqrt(priors[l].weightVar);
      const sb = Math.sqrt(priors[l].biasVar);
      for (let k = 0; k < sl.fanIn * sl.fanOut; k++) theta[sl.wOffset + k] = sw * rng.normal();
      for (let k = 0; k < sl.fanOut; k++) theta[sl.bOffset + k] = sb * rng.normal();
    });
    for (let j = 0; j < M; j++) out[s * M + j] = forward(shape, layers, theta, 0, inputs[j]);
  }
  return out;
}

/**
 * Sample covariance of the columns of F (N×M, known zero mean: the prior mean is 0 by the sign
 * symmetry of the output weights), C_ij = (1/N) Σ_s F_si F_sj, and each entry's Monte Carlo standard
 * error sd_s(F_si F_sj)/√N.
 */
export function zeroMeanCovariance(F: Float64Array, N: number, M: number): { cov: Float64Array; se: Float64Array } {
  const cov = new Float64Array(M * M);
  const sq = new Float64Array(M * M);
  for (let s = 0; s < N; s++)
    for (let i = 0; i < M; i++) {
      const a = F[s * M + i];
      for (let j = 0; j < M; j++) {
        const p = a * F[s * M + j];
        cov[i * M + j] += p;
        sq[i * M + j] += p * p;
      }
    }
  const se = new Float64Array(M * M);
  for (let k = 0; k < M * M; k++) {
    cov[k] /= N;
    se[k] = Math.sqrt(Math.max(sq[k] / N - cov[k] * cov[k], 0) / N);
  }
  return { cov, se };
}
