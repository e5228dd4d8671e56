import { box, type Problem } from './types.js';

/**
 * Ackley: f = −a·exp(−b·sqrt(mean x²)) − exp(mean cos(c·x)) + a + e, a = 20, b = 0.2, c = 2π;
 * minimum 0 at x = 0 (sfu.ca/~ssurjano/ackley).
 */
export function ackleyValue(x: ArrayLike<number>): number {
  const d = x.length;
  let sq = 0;
  let cs = 0;
  for (let i = 0; i < d; i++) {
    sq += x[i] * x[i];
    cs += Math.cos(2 * Math.PI * x[i]);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cs / d) + 20 + Math.E;
}

/** Ackley on [−32.768, 32.768]^d. */
export function ackley(dim: number): Problem {
  return { name: `ackley${dim}`, dim, ...box(dim, -32.768, 32.768), optimum: 0, argmin: new Array<number>(dim).fill(0), noise: 0, f: ackleyValue };
}
