/**
 * bbob f1-f5, the separable functions (Hansen et al. 2009, RR-6829, functions 1-5), with COCO's
 * instance transforms (code-experiments/src/f_sphere.c ... f_linear_slope.c).
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyXopt } from './legacy-rng.js';
import { asymmetric, boundaryPenalty, condition, oscillate, subtract } from './transforms.js';

/** Σ z_i². */
export function sphereRaw(z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * z[i];
  return s;
}

/** Σ 10^(6·i/(d−1)) z_i² (condition 1e6). */
export function ellipsoidRaw(z: ArrayLike<number>): number {
  const d = z.length;
  let s = z[0] * z[0];
  for (let i = 1; i < d; i++) s += Math.pow(1e6, i / (d - 1)) * z[i] * z[i];
  return s;
}

/** 10·(d − Σ cos 2πz_i) + Σ z_i². */
export function rastriginRaw(z: ArrayLike<number>): number {
  let c = 0;
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    c += Math.cos(2 * Math.PI * z[i]);
    s += z[i] * z[i];
  }
  return 10 * (z.length - c) + s;
}

/** f1 sphere: ‖x − x_opt‖² + f_opt. */
export const sphere: BbobBuilder = (d, instance) => {
  const xopt = legacyXopt(d, instanceSeed(1, instance));
  const fopt = legacyFopt(1, instance);
  return { xopt, fopt, f: (x) => sphereRaw(subtract(x, xopt)) + fopt };
};

/** f2 separable ellipsoid: z = T_osz(x − x_opt). */
export const ellipsoid: BbobBuilder = (d, instance) => {
  const xopt = legacyXopt(d, instanceSeed(2, instance));
  const fopt = legacyFopt(2, instance);
  return { xopt, fopt, f: (x) => ellipsoidRaw(oscillate(subtract(x, xopt))) + fopt };
};

/** f3 separable Rastrigin: z = Λ^10 T_asy^0.2(T_osz(x − x_opt)). */
export const rastrigin: BbobBuilder = (d, instance) => {
  const xopt = legacyXopt(d, instanceSeed(3, instance));
  const fopt = legacyFopt(3, instance);
  return { xopt, fopt, f: (x) => rastriginRaw(condition(asymmetric(oscillate(subtract(x, xopt)), 0.2), 10)) + fopt };
};

/**
 * f4 Büche-Rastrigin: z_i = s_i·T_osz(x_i − x_opt,i), s_i = 10^(i/(2(d−1))), times 10 where z_i > 0
 * at even i (0-based; "odd" in the 1-based paper); + 100·f_pen(x). As in COCO's code, x_opt is f3's
 * with its even coordinates made positive.
 */
export const buecheRastrigin: BbobBuilder = (d, instance) => {
  const xopt = legacyXopt(d, instanceSeed(4, instance));
  for (let i = 0; i < d; i += 2) xopt[i] = Math.abs(xopt[i]);
  const fopt = legacyFopt(4, instance);
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = oscillate(subtract(x, xopt));
      for (let i = 0; i < d; i++) z[i] *= Math.pow(Math.sqrt(10), i / (d - 1)) * (z[i] > 0 && i % 2 === 0 ? 10 : 1);
      return rastriginRaw(z) + fopt + 100 * boundaryPenalty(x);
    },
  };
};

/**
 * f5 linear slope: Σ 5|s_i| − s_i·z_i, s_i = sign(x_opt,i)·10^(i/(d−1)), the optimum at the
 * corner x_opt = 5·sign(x_opt,i); z_i = x_i inside the box on the optimum's side, x_opt,i beyond it.
 */
export const linearSlope: BbobBuilder = (d, instance) => {
  const signs = legacyXopt(d, instanceSeed(5, instance));
  const xopt = Float64Array.from(signs, (v) => (v < 0 ? -5 : 5));
  const fopt = legacyFopt(5, instance);
  const s = Float64Array.from(xopt, (v, i) => Math.sign(v) * Math.pow(Math.sqrt(100), i / (d - 1)));
  return {
    xopt,
    fopt,
    f: (x) => {
      let r = 0;
      for (let i = 0; i < d; i++) r += 5 * Math.abs(s[i]) - s[i] * (x[i] * xopt[i] < 25 ? x[i] : xopt[i]);
      return r + fopt;
    },
  };
};
