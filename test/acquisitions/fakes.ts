/**
 * Test stand-ins (not the product's GP): a dense Gaussian posterior with a hand-written Cholesky,
 * and a tiny exact GP (RBF kernel, fixed hyperparameters) that implements FittedSurrogate with
 * predictWithGradient and condition, so acquisitions and the optimizer can be tested before
 * (and independently of) surrogates/gp.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { FittedSurrogate, GaussianPosterior, PointPrediction } from '../../surrogates/types.js';

/** Lower Cholesky factor of an m×m PSD matrix; zero pivots give zero columns (degenerate rows are deterministic). */
export function cholesky(cov: Float64Array, m: number): Float64Array {
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let s = cov[j * m + j];
    for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
    const d = s > 1e-14 * Math.max(1, cov[j * m + j]) ? Math.sqrt(s) : 0;
    L[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let t = cov[i * m + j];
      for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = d > 0 ? t / d : 0;
    }
  }
  return L;
}

/** A Gaussian posterior from a mean (m) and a covariance (m×m, row-major; or a thunk, factorized lazily). */
export function fakeGaussian(mean: ArrayLike<number>, cov: ArrayLike<number> | (() => Float64Array), variance?: Float64Array): GaussianPosterior {
  const m = mean.length;
  const mu = Float64Array.from(mean);
  let C: Float64Array | null = typeof cov === 'function' ? null : Float64Array.from(cov);
  let L: Float64Array | null = null;
  const getC = (): Float64Array => (C ??= (cov as () => Float64Array)());
  const getL = (): Float64Array => (L ??= cholesky(getC(), m));
  const sampleFromBase = (base: Matrix): Matrix => {
    const Lm = getL();
    const out = new Float64Array(base.rows * m);
    for (let s = 0; s < base.rows; s++) {
      for (let i = 0; i < m; i++) {
        let v = mu[i];
        for (let k = 0; k <= i; k++) v += Lm[i * m + k] * base.data[s * base.cols + k];
        out[s * m + i] = v;
      }
    }
    return { rows: base.rows, cols: m, data: out };
  };
  return {
    kind: 'gaussian',
    size: m,
    mean: () => mu.slice(),
    variance: () => (variance ? variance.slice() : Float64Array.from({ length: m }, (_, i) => getC()[i * m + i])),
    covariance: () => ({ rows: m, cols: m, data: getC().slice() }),
    sampleFromBase,
    sample(count: number, rng: Rng): Matrix {
      const z = new Float64Array(count * m);
      for (let i = 0; i < z.length; i++) z[i] = rng.normal();
      return sampleFromBase({ rows: count, cols: m, data: z });
    },
  };
}

/** Independent rows: the posterior at row x has mean x[0] and variance x[1] (for closed-form MC checks). */
export function independentModel(dim = 2): FittedSurrogate {
  return {
    kind: 'fake-independent',
    dim,
    posterior(X: Matrix) {
      const m = X.rows;
      const mean = new Float64Array(m);
      const cov = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        mean[i] = X.data[i * X.cols];
        cov[i * m + i] = X.data[i * X.cols + 1];
      }
      return fakeGaussian(mean, cov);
    },
    state: () => ({ kind: 'fake-independent' }),
    diagnostics: () => ({}),
  };
}

/** A tiny exact GP: k(x, x') = exp(−|x − x'|²/(2ℓ²)), zero prior mean, noise variance `noise`. */
export function tinyGp(X: Matrix, y: Float64Array, lengthscale = 0.2, noise = 1e-6): FittedSurrogate {
  const n = X.rows;
  const d = X.cols;
  const k = (a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = a[ao + j] - b[bo + j];
      s += t * t;
    }
    return Math.exp(-s / (2 * lengthscale * lengthscale));
  };
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] = k(X.data, i * d, X.data, j * d) + (i === j ? noise : 0);
  const L = cholesky(K, n);
  const solveL = (b: Float64Array): Float64Array => {
    const x = b.slice();
    for (let i = 0; i < n; i++) {
      for (let k2 = 0; k2 < i; k2++) x[i] -= L[i * n + k2] * x[k2];
      x[i] /= L[i * n + i];
    }
    return x;
  };
  const solveLt = (b: Float64Array): Float64Array => {
    const x = b.slice();
    for (let i = n - 1; i >= 0; i--) {
      for (let k2 = i + 1; k2 < n; k2++) x[i] -= L[k2 * n + i] * x[k2];
      x[i] /= L[i * n + i];
    }
    return x;
  };
  const alpha = solveLt(solveL(y));
  const self: FittedSurrogate = {
    kind: 'tiny-gp',
    dim: d,
    posterior(Xs: Matrix) {
      const m = Xs.rows;
      const V: Float64Array[] = [];
      const mean = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const kx = new Float64Array(n);
        for (let a = 0; a < n; a++) kx[a] = k(Xs.data, i * d, X.data, a * d);
        let mu = 0;
        for (let a = 0; a < n; a++) mu += kx[a] * alpha[a];
        mean[i] = mu;
        V.push(solveL(kx));
      }
      const variance = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let c = 1;
        for (let a = 0; a < n; a++) c -= V[i][a] * V[i][a];
        variance[i] = Math.max(c, 0);
      }
      const cov = (): Float64Array => {
        const C = new Float64Array(m * m);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j <= i; j++) {
            let c = k(Xs.data, i * d, Xs.data, j * d);
            for (let a = 0; a < n; a++) c -= V[i][a] * V[j][a];
            if (i === j) c = Math.max(c, 0);
            C[i * m + j] = c;
            C[j * m + i] = c;
          }
        }
        return C;
      };
      return fakeGaussian(mean, cov, variance);
    },
    predictWithGradient(x: ArrayLike<number>): PointPrediction {
      const kx = new Float64Array(n);
      for (let a = 0; a < n; a++) kx[a] = k(x, 0, X.data, a * d);
      const w = solveLt(solveL(kx)); // K⁻¹ k(x)
      let mean = 0;
      let quad = 0;
      for (let a = 0; a < n; a++) {
        mean += kx[a] * alpha[a];
        quad += kx[a] * w[a];
      }
      const dMean = new Float64Array(d);
      const dVariance = new Float64Array(d);
      for (let a = 0; a < n; a++) {
        for (let j = 0; j < d; j++) {
          const dk = (-(x[j] - X.data[a * d + j]) / (lengthscale * lengthscale)) * kx[a];
          dMean[j] += dk * alpha[a];
          dVariance[j] -= 2 * dk * w[a];
        }
      }
      return { mean, variance: Math.max(1 - quad, 0), dMean, dVariance };
    },
    condition(Xn: Matrix, yn: Float64Array): FittedSurrogate {
      const data = new Float64Array((n + Xn.rows) * d);
      data.set(X.data);
      data.set(Xn.data, n * d);
      const yy = new Float64Array(n + yn.length);
      yy.set(y);
      yy.set(yn, n);
      return tinyGp({ rows: n + Xn.rows, cols: d, data }, yy, lengthscale, noise);
    },
    state: () => ({ kind: 'tiny-gp' }),
    diagnostics: () => ({ n }),
  };
  return self;
}
