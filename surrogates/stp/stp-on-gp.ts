/**
 * A Student-t process on a GP that is already fitted (same kernel family): the kernel θ, noise and
 * constant mean stay at the GP's values and only the inverse-gamma scale prior's α, β are fitted
 * (MAP, the 'stp' surrogate's priors), so no kernel matrix or factor is computed again. Surrogate
 * 'auto' scores its 'stp' candidate this way on the NNGP it has just fitted: the two share their
 * kernel matrix instead of each running its own kernel-hyperparameter search.
 *
 * With K̃_y, r = y − c and q = rᵀK̃_y⁻¹r fixed, the STP log marginal (stp-likelihood.ts) in (α, β) is
 *   lnΓ(α + n/2) − lnΓ(α) − (n/2)·ln(2πβ) − ½ln|K̃_y| − (α + n/2)·ln(1 + q/(2β)),
 * with the same (ln α, ln β) gradient as there.
 */
import { BoError } from '../../core/errors.js';
import { minimizeBounded } from '../../core/optim/lbfgsb.js';
import type { FittedGp } from '../gp/fitted-gp.js';
import { logGamma } from '../gp/priors.js';
import { digamma } from './special.js';
import { FittedStp, SCALE_PRIOR } from './stp-surrogate.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** The (ln α, ln β) part of the STP log marginal at fixed q, ½ln|K̃_y| and n, with its gradient. */
export function stpScaleLogMarginal(lnAlpha: number, lnBeta: number, quad: number, halfLogDet: number, n: number): { value: number; dLnAlpha: number; dLnBeta: number } {
  const alpha = Math.exp(lnAlpha);
  const beta = Math.exp(lnBeta);
  const value = logGamma(alpha + n / 2) - logGamma(alpha) - (n / 2) * (LOG_2PI + lnBeta) - halfLogDet - (alpha + n / 2) * Math.log1p(quad / (2 * beta));
  return {
    value,
    dLnAlpha: alpha * (digamma(alpha + n / 2) - digamma(alpha) - Math.log1p(quad / (2 * beta))),
    dLnBeta: -n / 2 + ((alpha + n / 2) * quad) / (2 * beta + quad),
  };
}

/** q = (y − c)ᵀK̃_y⁻¹(y − c) and ½ln|K̃_y| from a fitted GP's factor. */
export function gpQuadAndHalfLogDet(gp: FittedGp): { quad: number; halfLogDet: number } {
  const { L, alpha } = gp.factor;
  const n = gp.data.y.length;
  let quad = 0;
  for (let i = 0; i < n; i++) quad += (gp.data.y[i] - gp.mean) * alpha[i];
  let halfLogDet = 0;
  for (let i = 0; i < n; i++) halfLogDet += Math.log(L.data[i * n + i]);
  return { quad, halfLogDet };
}

/** Fits α, β of a Student-t process whose kernel, noise and mean are the fitted GP's (see the file comment). */
export function fitStpOnGp(gp: FittedGp, from: string): FittedStp {
  const t0 = performance.now();
  const n = gp.data.y.length;
  const { quad, halfLogDet } = gpQuadAndHalfLogDet(gp);
  // Minimize −(log p + log prior)/n as the full STP fit does, over the same bounds of ln α, ln β.
  const objective = (v: Float64Array, g: Float64Array): number => {
    const m = stpScaleLogMarginal(v[0], v[1], quad, halfLogDet, n);
    const pa = SCALE_PRIOR.logDensity(v[0]);
    const pb = SCALE_PRIOR.logDensity(v[1]);
    g[0] = -(m.dLnAlpha + pa.grad) / n;
    g[1] = -(m.dLnBeta + pb.grad) / n;
    return -(m.value + pa.value + pb.value) / n;
  };
  const lower = Float64Array.of(Math.log(1.01), Math.log(1e-3));
  const upper = Float64Array.of(Math.log(1e3), Math.log(1e3));
  const res = minimizeBounded(objective, Float64Array.of(Math.log(2), Math.log(2)), lower, upper, { maxIterations: 200, pgtol: 1e-8, factr: 1e7 });
  if (!Number.isFinite(res.f)) throw new BoError('INTERNAL', `stp on ${from}: no finite marginal likelihood for α, β`);
  const v = new Float64Array(gp.params.length + 2);
  v.set(gp.params);
  v.set(res.x, gp.params.length);
  const lml = stpScaleLogMarginal(res.x[0], res.x[1], quad, halfLogDet, n).value;
  return FittedStp.onUnit(gp.layout, v, gp.data, gp, quad, lml, { kernelFrom: from, fitMs: performance.now() - t0, iterations: res.iterations, objective: res.f });
}
