/**
 * bbob f20, f23, f24: multi-modal functions with weak global structure (Hansen et al. 2009,
 * RR-6829, functions 20, 23, 24; Gallagher's f21/f22 are in gallagher.ts), with COCO's instance
 * transforms (f_schwefel.c with transform_vars_x_hat.c and _z_hat.c, f_katsuura.c,
 * f_lunacek_bi_rastrigin.c). Q = rotation(seed + 1e6), R = rotation(seed).
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyGauss, legacyRotation, legacyUniform, legacyXopt } from './legacy-rng.js';
import { boundaryPenalty, conditioningDiagonal, multiply, rotateConditionRotate, subtract } from './transforms.js';

/** Schwefel's optimum coordinate 420.96874633 / 100, halved for the x̂ = 2·(±x) scaling. */
const SCHWEFEL_HALF = 0.5 * 4.2096874633;

/**
 * f20 Schwefel x·sin(√|x|): x̂ = 2·(±x) (signs 1± drawn from the seed), ẑ_1 = x̂_1,
 * ẑ_{i+1} = x̂_{i+1} + 0.25(x̂_i − 2|x_opt,i|), z = 100(Λ^10(ẑ − 2|x_opt|) + 2|x_opt|);
 * f = 0.01·(418.9828872724339 − (1/d) Σ z_i sin(√|z_i|) + Σ max(0, |z_i| − 500)²) + f_opt.
 */
export const schwefel: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(20, instance);
  const u = legacyUniform(d, seed);
  const negate = Array.from(u, (v) => v - 0.5 < 0);
  // COCO's z-hat shift uses 4.2096874637 while its stated optimum uses ...633; both kept as there.
  const twoAbsXopt = Float64Array.from({ length: d }, () => 2 * 0.5 * 4.2096874637);
  const lambda = conditioningDiagonal(d, 10);
  const fopt = legacyFopt(20, instance);
  const xopt = Float64Array.from(negate, (neg) => (neg ? -SCHWEFEL_HALF : SCHWEFEL_HALF));
  return {
    xopt,
    fopt,
    f: (x) => {
      const xhat = Float64Array.from({ length: d }, (_, i) => 2 * (negate[i] ? -x[i] : x[i]));
      let penalty = 0;
      let sum = 0;
      for (let i = 0; i < d; i++) {
        const zhat = i === 0 ? xhat[0] : xhat[i] + 0.25 * (xhat[i - 1] - twoAbsXopt[i - 1]);
        const z = 100 * (lambda[i] * (zhat - twoAbsXopt[i]) + twoAbsXopt[i]);
        const over = Math.abs(z) - 500;
        if (over > 0) penalty += over * over;
        sum += z * Math.sin(Math.sqrt(Math.abs(z)));
      }
      return 0.01 * (penalty + 418.9828872724339 - sum / d) + fopt;
    },
  };
};

/** COCO's rounding: floor(v + 0.5). */
const round = (v: number): number => Math.floor(v + 0.5);

/** f23 Katsuura: (10/d²)(Π_i (1 + i Σ_{j=1}^{32} |2^j z_i − round(2^j z_i)|/2^j)^(10/d^1.2) − 10/d²) + f_pen(x), z = QΛ^100R(x − x_opt). */
export const katsuura: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(23, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(23, instance);
  const M = rotateConditionRotate(legacyRotation(d, seed + 1000000), 100, legacyRotation(d, seed));
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(M, subtract(x, xopt));
      let prod = 1;
      for (let i = 0; i < d; i++) {
        let t = 0;
        for (let j = 1; j < 33; j++) {
          const p = Math.pow(2, j);
          t += Math.abs(p * z[i] - round(p * z[i])) / p;
        }
        prod *= 1 + (i + 1) * t;
      }
      return (10 / d / d) * (-1 + Math.pow(prod, 10 / Math.pow(d, 1.2))) + fopt + boundaryPenalty(x);
    },
  };
};

/**
 * f24 Lunacek bi-Rastrigin: x̂ = 2·sign(x_opt)⊙x, z = QΛ^100R(x̂ − μ0);
 * f = min(Σ(x̂_i − μ0)², d + s Σ(x̂_i − μ1)²) + 10(d − Σ cos 2πz_i) + 10^4 f_pen(x) + f_opt,
 * μ0 = 2.5, s = 1 − 1/(2√(d+20) − 8.2), μ1 = −√((μ0² − 1)/s); x_opt = μ0/2 · sign(Gaussians of the seed).
 */
export const lunacek: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(24, instance);
  const mu0 = 2.5;
  const s = 1 - 0.5 / (Math.sqrt(d + 20) - 4.1);
  const mu1 = -Math.sqrt((mu0 * mu0 - 1) / s);
  const xopt = Float64Array.from(legacyGauss(d, seed), (g) => (g < 0 ? -0.5 * mu0 : 0.5 * mu0));
  const fopt = legacyFopt(24, instance);
  const Q = legacyRotation(d, seed + 1000000);
  const R = legacyRotation(d, seed);
  const lambda = conditioningDiagonal(d, 100);
  return {
    xopt,
    fopt,
    f: (x) => {
      const xhat = Float64Array.from({ length: d }, (_, i) => (xopt[i] < 0 ? -2 * x[i] : 2 * x[i]));
      const inner = multiply(R, Float64Array.from(xhat, (v) => v - mu0));
      for (let i = 0; i < d; i++) inner[i] *= lambda[i];
      const z = multiply(Q, inner);
      let s0 = 0;
      let s1 = 0;
      let c = 0;
      for (let i = 0; i < d; i++) {
        s0 += (xhat[i] - mu0) * (xhat[i] - mu0);
        s1 += (xhat[i] - mu1) * (xhat[i] - mu1);
        c += Math.cos(2 * Math.PI * z[i]);
      }
      return Math.min(s0, d + s * s1) + 10 * (d - c) + 1e4 * boundaryPenalty(x) + fopt;
    },
  };
};
