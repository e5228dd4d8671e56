import { box, type Problem } from './types.js';

/** Griewank: f = Σ x_i²/4000 − Π cos(x_i/√i) + 1, i = 1..d; minimum 0 at x = 0 (sfu.ca/~ssurjano/griewank). */
export function griewankValue(x: ArrayLike<number>): number {
  let s = 0;
  let p = 1;
  for (let i = 0; i < x.length; i++) {
    s += (x[i] * x[i]) / 4000;
    p *= Math.cos(x[i] / Math.sqrt(i + 1));
  }
  return s - p + 1;
}

/** Griewank on [−600, 600]^d. */
export function griewank(dim: number): Problem {
  return { name: `griewank${dim}`, dim, ...box(dim, -600, 600), optimum: 0, argmin: new Array<number>(dim).fill(0), noise: 0, f: griewankValue };
}
