import type { Problem } from './types.js';

/**
 * Branin–Hoo on x1 in [-5, 10], x2 in [0, 15]:
 * f = (x2 − b·x1² + c·x1 − r)² + s·(1 − t)·cos(x1) + s, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π).
 * Source: Surjanovic & Bingham, Virtual Library of Simulation Experiments (sfu.ca/~ssurjano).
 */
export const branin: Problem = {
  name: 'branin',
  dim: 2,
  lower: [-5, 0],
  upper: [10, 15],
  optimum: 0.39788735772973816,
  argmin: [Math.PI, 2.275],
  noise: 0,
  f(x) {
    const b = 5.1 / (4 * Math.PI * Math.PI);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    const u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
    return u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
  },
};
