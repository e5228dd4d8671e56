/**
 * The GP prior a BNN prior is matched to, and the measurement sets it is matched on.
 *
 * Target 'default-gp': the service's default GP (GpOptions' default preset, today 'botorch-legacy':
 * scale(matern52) with ARD lengthscales, gp-options.ts) at the point its MAP fit starts from,
 * kernel.initialTheta(): every lengthscale at the mode of the default lengthscale prior for d inputs
 * (gp-options.ts resolvedLengthscalePrior: Gamma(3, 6), mode 1/3, up to 10 inputs; the dimension-scaled
 * LogNormal, mode 0.2048·√d, above), outputscale 1 (ScaleKernel's initial value; the data are
 * standardized to unit variance). Zero mean, as the
 * BNN's prior mean is 0 by the sign symmetry of its output weights; the GP's constant mean is
 * fitted, not part of the prior.
 * Target 'fitted-gp': the same kernel at the MAP hyperparameters of the default GP fitted to the
 * study's data, each ln θ rounded to a grid of FITTED_GRID so nearby fits share a cached match.
 *
 * Measurement sets X_M (M rows in [0,1]^d): M/2 uniform anchors, each with a partner at distance
 * r ~ U(0, 2ℓ̄) in a uniform random direction (clamped to the box), ℓ̄ the geometric mean of the
 * target's lengthscales. Uniform pairs alone would probe almost only uncorrelated points in d ≥ 4
 * (k ≈ 0.03 at the typical distance 1 for ℓ = 1/3), the pairs probe the correlation decay.
 */
import { choleskyWithJitter } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { FittedGp } from '../gp/fitted-gp.js';
import { GpOptions, resolveModelSpec, type GpPreset } from '../gp/gp-options.js';
import type { Kernel } from '../gp/kernel.js';

/** ln-hyperparameters of a fitted target are rounded to multiples of this (≈ ±12% in natural units). */
export const FITTED_GRID = 0.25;

/** A zero-mean GP prior: kernel, its hyperparameters and a stable key for caches. */
export interface GpPriorTarget {
  /** 'preset-gp': another named GP preset at its first start (benchmarks compare against it). */
  readonly kind: 'default-gp' | 'fitted-gp' | 'preset-gp';
  readonly kernel: Kernel;
  readonly theta: Float64Array;
  /** Cache key: kernel name, dimension and θ. */
  readonly key: string;
  /** Natural hyperparameters, for diagnostics and reports. */
  readonly natural: Record<string, number | number[]>;
}

function makeTarget(kind: GpPriorTarget['kind'], kernel: Kernel, theta: Float64Array): GpPriorTarget {
  const key = `${kernel.name}|d=${kernel.dim}|${Array.from(theta, (t) => t.toFixed(4)).join(',')}`;
  return { kind, kernel, theta, key, natural: kernel.natural(theta) };
}

/** The kernel of the service's default GP preset for inputs of dimension d. */
export function defaultGpKernel(d: number): Kernel {
  return resolveModelSpec(GpOptions.parse({}), d).kernel;
}

/** The default GP at its fit's first start (kernel.initialTheta()). */
export function defaultGpTarget(d: number): GpPriorTarget {
  const kernel = defaultGpKernel(d);
  return makeTarget('default-gp', kernel, kernel.initialTheta());
}

/**
 * A named GP preset at its fit's first start. 'botorch' (RBF, ℓ at the LogNormal(√2 + ½ ln d, √3)
 * mode 0.2048·√d, no outputscale) is the target the matched prior had before 2026-12-05.
 */
export function presetGpTarget(d: number, preset: GpPreset): GpPriorTarget {
  const kernel = resolveModelSpec(GpOptions.parse({ preset }), d).kernel;
  return makeTarget('preset-gp', kernel, kernel.initialTheta());
}

/** The default GP at hyperparameters fitted to data (a FittedGp of the default preset), ln θ on the FITTED_GRID. */
export function fittedGpTarget(fitted: FittedGp): GpPriorTarget {
  const kernel = fitted.kernel;
  const theta = Float64Array.from(fitted.params.subarray(0, kernel.size), (t, i) => Math.min(kernel.upper[i], Math.max(kernel.lower[i], Math.round(t / FITTED_GRID) * FITTED_GRID)));
  return makeTarget('fitted-gp', kernel, theta);
}

/** Geometric mean of the target's lengthscales (natural units on [0,1]^d). */
export function meanLengthscale(target: GpPriorTarget): number {
  const ls = target.natural.lengthscale;
  const arr = Array.isArray(ls) ? ls : [ls ?? 1];
  return Math.exp(arr.reduce((s, v) => s + Math.log(v), 0) / arr.length);
}

/** A measurement set X_M (M×d, M even): uniform anchors and partners at r ~ U(0, 2ℓ̄) (see the header). */
export function measurementSet(target: GpPriorTarget, M: number, rng: Rng): Matrix {
  const d = target.kernel.dim;
  const ell = meanLengthscale(target);
  const data = new Float64Array(M * d);
  const half = Math.floor(M / 2);
  for (let i = 0; i < half; i++) for (let k = 0; k < d; k++) data[i * d + k] = rng.uniform();
  for (let i = half; i < M; i++) {
    const a = (i - half) % Math.max(half, 1);
    const u = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...u) || 1;
    const r = 2 * ell * rng.uniform();
    for (let k = 0; k < d; k++) data[i * d + k] = Math.min(1, Math.max(0, data[a * d + k] + (r * u[k]) / norm));
  }
  return { rows: M, cols: d, data };
}

/** The target's covariance K(X_M, X_M) (M×M). */
export function targetGram(target: GpPriorTarget, X: Matrix): Matrix {
  return target.kernel.matrix(target.theta, X, X);
}

/** n_s draws of the target GP at X (n_s×M, row-major): f = L ε, L L' = K (+ jitter), ε ~ N(0, I). */
export function targetDraws(target: GpPriorTarget, X: Matrix, ns: number, rng: Rng): Float64Array {
  const M = X.rows;
  const { L } = choleskyWithJitter(targetGram(target, X));
  const out = new Float64Array(ns * M);
  const eps = new Float64Array(M);
  for (let s = 0; s < ns; s++) {
    for (let j = 0; j < M; j++) eps[j] = rng.normal();
    for (let i = 0; i < M; i++) {
      let acc = 0;
      for (let j = 0; j <= i; j++) acc += L.data[i * M + j] * eps[j];
      out[s * M + i] = acc;
    }
  }
  return out;
}
