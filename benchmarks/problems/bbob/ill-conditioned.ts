/**
 * bbob f10-f14, unimodal functions with high conditioning (Hansen et al. 2009, RR-6829, functions
 * 10-14), with COCO's instance transforms (f_ellipsoid.c, f_discus.c, f_bent_cigar.c,
 * f_sharp_ridge.c, f_different_powers.c). R = rotation(seed + 1e6) where one rotation is used.
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyRotation, legacyXopt } from './legacy-rng.js';
import { ellipsoidRaw } from './separable.js';
import { asymmetric, multiply, oscillate, rotateConditionRotate, subtract } from './transforms.js';

/** f10 rotated ellipsoid: z = T_osz(R(x − x_opt)). */
export const ellipsoidRotated: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(10, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(10, instance);
  const R = legacyRotation(d, seed + 1000000);
  return { xopt, fopt, f: (x) => ellipsoidRaw(oscillate(multiply(R, subtract(x, xopt)))) + fopt };
};

/** f11 discus: 10^6 z_1² + Σ_{i>1} z_i², z = T_osz(R(x − x_opt)). */
export const discus: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(11, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(11, instance);
  const R = legacyRotation(d, seed + 1000000);
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = oscillate(multiply(R, subtract(x, xopt)));
      let s = 1e6 * z[0] * z[0];
      for (let i = 1; i < d; i++) s += z[i] * z[i];
      return s + fopt;
    },
  };
};

/** f12 bent cigar: z_1² + 10^6 Σ_{i>1} z_i², z = R T_asy^0.5(R(x − x_opt)); here x_opt too is drawn from seed + 1e6 (COCO). */
export const bentCigar: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(12, instance);
  const xopt = legacyXopt(d, seed + 1000000);
  const fopt = legacyFopt(12, instance);
  const R = legacyRotation(d, seed + 1000000);
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(R, asymmetric(multiply(R, subtract(x, xopt)), 0.5));
      let s = z[0] * z[0];
      for (let i = 1; i < d; i++) s += 1e6 * z[i] * z[i];
      return s + fopt;
    },
  };
};

/** f13 sharp ridge: z_1² + 100·‖z_{2..d}‖, z = QΛ^10R(x − x_opt). */
export const sharpRidge: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(13, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(13, instance);
  const M = rotateConditionRotate(legacyRotation(d, seed + 1000000), 10, legacyRotation(d, seed));
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(M, subtract(x, xopt));
      let s = 0;
      for (let i = 1; i < d; i++) s += z[i] * z[i];
      return z[0] * z[0] + 100 * Math.sqrt(s) + fopt;
    },
  };
};

/** f14 different powers: sqrt(Σ |z_i|^(2 + 4(i)/(d−1))), z = R(x − x_opt). */
export const differentPowers: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(14, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(14, instance);
  const R = legacyRotation(d, seed + 1000000);
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(R, subtract(x, xopt));
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.pow(Math.abs(z[i]), 2 + (4 * i) / (d - 1));
      return Math.sqrt(s) + fopt;
    },
  };
};
