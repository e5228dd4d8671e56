import { box, type Problem } from './types.js';

/** Minimizer of the 1-D term t⁴ − 16t² + 5t: the root of 4t³ − 32t + 5 near −2.9035. */
export const STYBLINSKI_TANG_ARGMIN = -2.903534027771177;
/** ½·(t⁴ − 16t² + 5t) at the minimizer. */
export const STYBLINSKI_TANG_MIN_PER_DIM = -39.16616570377142;

/** Styblinski–Tang: f = ½·Σ(x_i⁴ − 16x_i² + 5x_i) (sfu.ca/~ssurjano/stybtang). */
export function styblinskiTangValue(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const t = x[i];
    f += t ** 4 - 16 * t * t + 5 * t;
  }
  return f / 2;
}

/** Styblinski–Tang on [−5, 5]^d; optimum d·(−39.16616570377142). */
export function styblinskiTang(dim: number): Problem {
  return {
    name: `styblinskitang${dim}`,
    dim,
    ...box(dim, -5, 5),
    optimum: dim * STYBLINSKI_TANG_MIN_PER_DIM,
    argmin: new Array<number>(dim).fill(STYBLINSKI_TANG_ARGMIN),
    noise: 0,
    f: styblinskiTangValue,
  };
}
