/** One bbob function instance: the noise-free objective on [-5, 5]^d with its optimum. */
export interface BbobInstance {
  /** f(x), x of length d in user units (the box is [-5, 5]^d). */
  f(x: ArrayLike<number>): number;
  /** A global minimizer (COCO's best_parameter). */
  readonly xopt: Float64Array;
  /** f(xopt), COCO's f_opt. */
  readonly fopt: number;
}

/** Builds function `fid`'s instance `instance` in dimension d. */
export type BbobBuilder = (d: number, instance: number) => BbobInstance;

/** COCO's seed of function `fid` in an instance (f4 draws from f3's seed, f18 from f17's). */
export function instanceSeed(fid: number, instance: number): number {
  return (fid === 4 ? 3 : fid === 18 ? 17 : fid) + 10000 * instance;
}
