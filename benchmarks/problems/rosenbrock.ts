import { box, type Problem } from './types.js';

/** Rosenbrock: f = Σ_{i<d} 100(x_{i+1} − x_i²)² + (x_i − 1)²; minimum 0 at x = 1 (sfu.ca/~ssurjano/rosen). */
export function rosenbrockValue(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < x.length - 1; i++) f += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2;
  return f;
}

/** Rosenbrock on [−5, 10]^d. */
export function rosenbrock(dim: number): Problem {
  return { name: `rosenbrock${dim}`, dim, ...box(dim, -5, 10), optimum: 0, argmin: new Array<number>(dim).fill(1), noise: 0, f: rosenbrockValue };
}
