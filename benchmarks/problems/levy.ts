import { box, type Problem } from './types.js';

/**
 * Levy: w = 1 + (x − 1)/4; f = sin²(πw₁) + Σ_{i<d} (w_i − 1)²(1 + 10 sin²(πw_i + 1)) + (w_d − 1)²(1 + sin²(2πw_d));
 * minimum 0 at x = 1 (sfu.ca/~ssurjano/levy).
 */
export function levyValue(x: ArrayLike<number>): number {
  const d = x.length;
  const w = (i: number) => 1 + (x[i] - 1) / 4;
  let f = Math.sin(Math.PI * w(0)) ** 2;
  for (let i = 0; i < d - 1; i++) {
    const wi = w(i);
    f += (wi - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * wi + 1) ** 2);
  }
  const wd = w(d - 1);
  f += (wd - 1) ** 2 * (1 + Math.sin(2 * Math.PI * wd) ** 2);
  return f;
}

/** Levy on [−10, 10]^d. */
export function levy(dim: number): Problem {
  return { name: `levy${dim}`, dim, ...box(dim, -10, 10), optimum: 0, argmin: new Array<number>(dim).fill(1), noise: 0, f: levyValue };
}
