/**
 * bbob f6-f9, functions with low or moderate conditioning (Hansen et al. 2009, RR-6829, functions
 * 6-9), with COCO's instance transforms (f_attractive_sector.c, f_step_ellipsoid.c, f_rosenbrock.c).
 * Q = rotation(seed + 1e6), R = rotation(seed), as in COCO.
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyRotation, legacyXopt } from './legacy-rng.js';
import { boundaryPenalty, multiply, multiplyTransposed, oscillateValue, rotateConditionRotate, subtract } from './transforms.js';

/** Σ 100(z_i² − z_{i+1})² + (z_i − 1)². */
export function rosenbrockRaw(z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i + 1 < z.length; i++) {
    const a = z[i] * z[i] - z[i + 1];
    const b = 1 - z[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

/** f6 attractive sector: T_osz(Σ (s_i z_i)²)^0.9, s_i = 100 where z_i·x_opt,i > 0; z = QΛ^10R(x − x_opt). */
export const attractiveSector: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(6, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(6, instance);
  const M = rotateConditionRotate(legacyRotation(d, seed + 1000000), 10, legacyRotation(d, seed));
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(M, subtract(x, xopt));
      let s = 0;
      for (let i = 0; i < d; i++) s += (z[i] * xopt[i] > 0 ? 1e4 : 1) * z[i] * z[i];
      return Math.pow(oscillateValue(s), 0.9) + fopt;
    },
  };
};

/** COCO's rounding: floor(v + 0.5). */
const round = (v: number): number => Math.floor(v + 0.5);

/**
 * f7 step ellipsoid: ẑ = Λ^10 R(x − x_opt); z̃_i = round(ẑ_i) where |ẑ_i| > 0.5, else round(10ẑ_i)/10;
 * z = Q z̃; f = 0.1·max(|ẑ_1|/1e4, Σ 10^(2i/(d−1)) z_i²) + f_pen(x) + f_opt.
 */
export const stepEllipsoid: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(7, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(7, instance);
  const Q = legacyRotation(d, seed + 1000000);
  const R = legacyRotation(d, seed);
  return {
    xopt,
    fopt,
    f: (x) => {
      const zhat = multiply(R, subtract(x, xopt));
      for (let i = 0; i < d; i++) zhat[i] *= Math.sqrt(Math.pow(100 / 10, i / (d - 1)));
      const tilde = Float64Array.from(zhat, (v) => (Math.abs(v) > 0.5 ? round(v) : round(10 * v) / 10));
      const z = multiply(Q, tilde);
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.pow(100, i / (d - 1)) * z[i] * z[i];
      return 0.1 * Math.max(Math.abs(zhat[0]) / 1e4, s) + boundaryPenalty(x) + fopt;
    },
  };
};

/** f8 Rosenbrock: z = max(1, √d/8)(x − x_opt) + 1, x_opt = 0.75 × the drawn location. */
export const rosenbrock: BbobBuilder = (d, instance) => {
  const xopt = legacyXopt(d, instanceSeed(8, instance)).map((v) => 0.75 * v);
  const fopt = legacyFopt(8, instance);
  const scale = Math.max(1, Math.sqrt(d) / 8);
  return { xopt, fopt, f: (x) => rosenbrockRaw(Float64Array.from(subtract(x, xopt), (v) => scale * v + 1)) + fopt };
};

/** f9 rotated Rosenbrock: z = max(1, √d/8)·R x + 1/2; the optimum x_opt = Rᵀ·1/(2·max(1, √d/8)). */
export const rosenbrockRotated: BbobBuilder = (d, instance) => {
  const R = legacyRotation(d, instanceSeed(9, instance));
  const fopt = legacyFopt(9, instance);
  const scale = Math.max(1, Math.sqrt(d) / 8);
  const xopt = multiplyTransposed(R, new Float64Array(d).fill(0.5 / scale));
  return { xopt, fopt, f: (x) => rosenbrockRaw(Float64Array.from(multiply(R, x), (v) => scale * v + 0.5)) + fopt };
};
