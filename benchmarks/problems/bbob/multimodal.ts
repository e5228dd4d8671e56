/**
 * bbob f15-f19, multi-modal functions with adequate global structure (Hansen et al. 2009,
 * RR-6829, functions 15-19), with COCO's instance transforms (f_rastrigin.c, f_weierstrass.c,
 * f_schaffers.c, f_griewank_rosenbrock.c). Q = rotation(seed + 1e6), R = rotation(seed).
 */
import type { BbobBuilder } from './instance.js';
import { instanceSeed } from './instance.js';
import { legacyFopt, legacyRotation, legacyXopt } from './legacy-rng.js';
import { rastriginRaw } from './separable.js';
import { asymmetric, boundaryPenalty, multiply, multiplyTransposed, oscillate, rotateConditionRotate, subtract } from './transforms.js';

/** f15 rotated Rastrigin: z = QΛ^10R T_asy^0.2(T_osz(Q(x − x_opt))). */
export const rastriginRotated: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(15, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(15, instance);
  const Q = legacyRotation(d, seed + 1000000);
  const M = rotateConditionRotate(Q, 10, legacyRotation(d, seed));
  return { xopt, fopt, f: (x) => rastriginRaw(multiply(M, asymmetric(oscillate(multiply(Q, subtract(x, xopt))), 0.2))) + fopt };
};

const WEIERSTRASS_TERMS = 12;

/**
 * f16 Weierstrass: 10·((1/d) Σ_i Σ_k 2^−k cos(2π3^k(z_i + 1/2)) − f0)³ + (10/d) f_pen(x),
 * z = QΛ^{1/100}R T_osz(Q(x − x_opt)), f0 = Σ_k 2^−k cos(π3^k).
 */
export const weierstrass: BbobBuilder = (d, instance) => {
  const seed = instanceSeed(16, instance);
  const xopt = legacyXopt(d, seed);
  const fopt = legacyFopt(16, instance);
  const Q = legacyRotation(d, seed + 1000000);
  const M = rotateConditionRotate(Q, 0.01, legacyRotation(d, seed));
  const a = Float64Array.from({ length: WEIERSTRASS_TERMS }, (_, k) => Math.pow(0.5, k));
  const b = Float64Array.from({ length: WEIERSTRASS_TERMS }, (_, k) => Math.pow(3, k));
  let f0 = 0;
  for (let k = 0; k < WEIERSTRASS_TERMS; k++) f0 += a[k] * Math.cos(2 * Math.PI * b[k] * 0.5);
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = multiply(M, oscillate(multiply(Q, subtract(x, xopt))));
      let s = 0;
      for (let i = 0; i < d; i++) for (let k = 0; k < WEIERSTRASS_TERMS; k++) s += Math.cos(2 * Math.PI * (z[i] + 0.5) * b[k]) * a[k];
      return 10 * Math.pow(s / d - f0, 3) + fopt + (10 / d) * boundaryPenalty(x);
    },
  };
};

/** Schaffer's F7 core: ((1/(d−1)) Σ √s_i + √s_i·sin²(50 s_i^0.2))², s_i = √(z_i² + z_{i+1}²). */
function schaffersRaw(z: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i + 1 < z.length; i++) {
    const t = z[i] * z[i] + z[i + 1] * z[i + 1];
    r += Math.pow(t, 0.25) * (1 + Math.pow(Math.sin(50 * Math.pow(t, 0.1)), 2));
  }
  return Math.pow(r / (z.length - 1), 2);
}

/** f17 (conditioning 10) and f18 (1000, f17's seed) Schaffers F7: z = Λ^c R T_asy^0.5(Q(x − x_opt)); + 10·f_pen(x). */
function schaffers(fid: 17 | 18, conditioning: number): BbobBuilder {
  return (d, instance) => {
    const seed = instanceSeed(fid, instance);
    const xopt = legacyXopt(d, seed);
    const fopt = legacyFopt(fid, instance);
    const Q = legacyRotation(d, seed + 1000000);
    const R = legacyRotation(d, seed);
    const M = R.map((row, i) => row.map((v) => v * Math.pow(Math.sqrt(conditioning), i / (d - 1))));
    return { xopt, fopt, f: (x) => schaffersRaw(multiply(M, asymmetric(multiply(Q, subtract(x, xopt)), 0.5))) + fopt + 10 * boundaryPenalty(x) };
  };
}

/** f17 Schaffers F7. */
export const schaffers10 = schaffers(17, 10);
/** f18 moderately ill-conditioned Schaffers F7. */
export const schaffers1000 = schaffers(18, 1000);

/** f19 composite Griewank-Rosenbrock F8F2: 10 + (10/(d−1)) Σ (s_i/4000 − cos s_i), s_i = 100(z_i² − z_{i+1})² + (1 − z_i)², z = max(1, √d/8)·R x + 1/2. */
export const griewankRosenbrock: BbobBuilder = (d, instance) => {
  const R = legacyRotation(d, instanceSeed(19, instance));
  const fopt = legacyFopt(19, instance);
  const scale = Math.max(1, Math.sqrt(d) / 8);
  const xopt = multiplyTransposed(R, new Float64Array(d).fill(0.5 / scale));
  return {
    xopt,
    fopt,
    f: (x) => {
      const z = Float64Array.from(multiply(R, x), (v) => scale * v + 0.5);
      let r = 0;
      for (let i = 0; i + 1 < d; i++) {
        const a = z[i] * z[i] - z[i + 1];
        const b = 1 - z[i];
        const s = 100 * a * a + b * b;
        r += s / 4000 - Math.cos(s);
      }
      return 10 + (10 * r) / (d - 1) + fopt;
    },
  };
};
