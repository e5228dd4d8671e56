import type { Problem } from './types.js';

/** Michalewicz: f = −Σ_i sin(x_i)·sin^{2m}(i·x_i²/π), i = 1..d, m = 10 (sfu.ca/~ssurjano/michal). */
export function michalewiczValue(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) f -= Math.sin(x[i]) * Math.sin(((i + 1) * x[i] * x[i]) / Math.PI) ** 20;
  return f;
}

/** Michalewicz 5-D on [0, π]^5; optimum and minimizer as in benchmark-problems.json. */
export const michalewicz5: Problem = {
  name: 'michalewicz5',
  dim: 5,
  lower: new Array<number>(5).fill(0),
  upper: new Array<number>(5).fill(Math.PI),
  optimum: -4.687658179087858,
  argmin: [2.20290554, 1.57079633, 1.28499163, 1.92305846, 1.72046976],
  noise: 0,
  f: michalewiczValue,
};
