/**
 * TS sampler of the PFN training prior (tools/pfn/prior.py; surrogates/pfn/FORMAT.md "Prior"), seeded,
 * with the numbers read from the manifest's `prior` block when present:
 *   d ~ U{1..maxDim}; x ~ U[0,1]^d; each feature irrelevant with prob 0.3 (≥ 1 relevant);
 *   zero-mean GP, outputscale·Matérn-ν ARD (ν from the manifest; 2.5 by default);
 *   lengthscale ~ Gamma(1.2107, rate 1.5212) per feature, outputscale ~ Gamma(0.8452, rate 0.3994),
 *   noise variance ~ LogNormal(−4.63, 0.5); y = f + ε. Like the trainer, the diagonal gets
 *   noise + jitter·outputscale + 1e-9, so the "true" noise of a dataset is that sum.
 */
import { choleskyWithJitter } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { sampleGamma } from '../../surrogates/gp/priors.js';

/** Numbers of the prior (defaults = surrogates/pfn/FORMAT.md). */
export interface GpPriorSpec {
  readonly maternNu: 0.5 | 1.5 | 2.5;
  readonly lengthscale: { readonly shape: number; readonly rate: number };
  readonly outputscale: { readonly shape: number; readonly rate: number };
  readonly noiseVariance: { readonly mu: number; readonly sigma: number };
  readonly irrelevantFeatureProb: number;
  readonly jitter: number;
}

export const DEFAULT_PRIOR: GpPriorSpec = {
  maternNu: 2.5,
  lengthscale: { shape: 1.2107, rate: 1.5212 },
  outputscale: { shape: 0.8452, rate: 0.3994 },
  noiseVariance: { mu: -4.63, sigma: 0.5 },
  irrelevantFeatureProb: 0.3,
  jitter: 1e-6,
};

/** The prior spec from a manifest's `prior` block (missing fields keep the defaults). */
export function priorFromManifest(prior: Record<string, unknown> | undefined): GpPriorSpec {
  if (!prior) return DEFAULT_PRIOR;
  const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const nu = num(prior.maternNu, 2.5);
  if (nu !== 0.5 && nu !== 1.5 && nu !== 2.5) throw new RangeError(`prior maternNu ${nu} is not 0.5, 1.5 or 2.5`);
  const ls = obj(prior.lengthscale);
  const os = obj(prior.outputscale);
  const nv = obj(prior.noiseVariance);
  return {
    maternNu: nu,
    lengthscale: { shape: num(ls.shape, DEFAULT_PRIOR.lengthscale.shape), rate: num(ls.rate, DEFAULT_PRIOR.lengthscale.rate) },
    outputscale: { shape: num(os.shape, DEFAULT_PRIOR.outputscale.shape), rate: num(os.rate, DEFAULT_PRIOR.outputscale.rate) },
    noiseVariance: { mu: num(nv.mu, DEFAULT_PRIOR.noiseVariance.mu), sigma: num(nv.sigma, DEFAULT_PRIOR.noiseVariance.sigma) },
    irrelevantFeatureProb: num(prior.irrelevantFeatureProb, DEFAULT_PRIOR.irrelevantFeatureProb),
    jitter: num(prior.jitter, DEFAULT_PRIOR.jitter),
  };
}

/** True hyperparameters of one dataset (inverse lengthscale 0 for an irrelevant feature). */
export interface GpHyper {
  readonly invLengthscale: Float64Array;
  readonly outputscale: number;
  /** Diagonal added to K: noise variance + jitter·outputscale + 1e-9. */
  readonly noise: number;
  readonly nu: number;
}

/** Matérn correlation of distance r: ν = 1/2: e^{−r}; 3/2: (1 + √3r)e^{−√3r}; 5/2: (1 + √5r + 5r²/3)e^{−√5r}. */
export function matern(nu: number, r: number): number {
  if (nu === 0.5) return Math.exp(-r);
  if (nu === 1.5) return (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r);
  const s = Math.sqrt(5) * r;
  return (1 + s + (5 / 3) * r * r) * Math.exp(-s);
}

/** k(a, b) = outputscale·matern(‖(a − b)/ℓ‖). */
export function kernel(h: GpHyper, a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let r2 = 0;
  for (let j = 0; j < d; j++) {
    const t = (a[ao + j] - b[bo + j]) * h.invLengthscale[j];
    r2 += t * t;
  }
  return h.outputscale * matern(h.nu, Math.sqrt(r2));
}

/** Draw hyperparameters for dimension d. */
export function sampleHyper(spec: GpPriorSpec, d: number, rng: Rng): GpHyper {
  const relevant = Array.from({ length: d }, () => rng.uniform() >= spec.irrelevantFeatureProb);
  if (!relevant.some(Boolean)) relevant[rng.int(d)] = true;
  const inv = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const ls = sampleGamma(spec.lengthscale.shape, rng) / spec.lengthscale.rate;
    inv[j] = relevant[j] ? 1 / Math.max(ls, 1e-6) : 0;
  }
  const outputscale = sampleGamma(spec.outputscale.shape, rng) / spec.outputscale.rate;
  const noiseVar = Math.exp(spec.noiseVariance.mu + spec.noiseVariance.sigma * rng.normal());
  return { invLengthscale: inv, outputscale, noise: noiseVar + spec.jitter * outputscale + 1e-9, nu: spec.maternNu };
}

/** One dataset of `total` points from the prior: X (total×d in [0,1]), noisy y, and its hyperparameters. */
export function sampleDataset(spec: GpPriorSpec, d: number, total: number, rng: Rng): { X: Matrix; y: Float64Array; hyper: GpHyper } {
  const hyper = sampleHyper(spec, d, rng);
  const X = Float64Array.from({ length: total * d }, () => rng.uniform());
  const K = new Float64Array(total * total);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j <= i; j++) {
      const k = kernel(hyper, X, i * d, X, j * d, d);
      K[i * total + j] = k;
      K[j * total + i] = k;
    }
    K[i * total + i] += hyper.noise;
  }
  const { L } = choleskyWithJitter({ rows: total, cols: total, data: K });
  const z = Float64Array.from({ length: total }, () => rng.normal());
  const y = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L.data[i * total + j] * z[j];
    y[i] = s;
  }
  return { X: { rows: total, cols: d, data: X }, y, hyper };
}
