import type { Problem } from './types.js';

/**
 * Shifted variant: g(x) = f(x − s), same box, minimizer moved to argmin + s. Ackley, Griewank
 * (minimizer at the box centre) and Levy, Rosenbrock (near it) favour methods that start at the
 * centre; shifting removes that edge (peers.md). The target point per coordinate is
 * lower + u_i·(upper − lower) with u_i = 0.15 + 0.7·frac(0.5 + (i + 1)·φ) (golden-ratio sequence):
 * deterministic, spread over the box, at least 15% of the range from each face.
 */
export function shifted(p: Problem): Problem {
  const phi = (Math.sqrt(5) - 1) / 2;
  const target: number[] = [];
  const shift: number[] = [];
  for (let i = 0; i < p.dim; i++) {
    const u = 0.15 + 0.7 * ((0.5 + (i + 1) * phi) % 1);
    const t = p.lower[i] + u * (p.upper[i] - p.lower[i]);
    target.push(t);
    shift.push(t - p.argmin[i]);
  }
  const z = new Float64Array(p.dim);
  return {
    ...p,
    name: `${p.name}_shifted`,
    argmin: target,
    f(x) {
      for (let i = 0; i < p.dim; i++) z[i] = x[i] - shift[i];
      return p.f(z);
    },
  };
}
