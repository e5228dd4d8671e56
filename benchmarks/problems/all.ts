import { ackley } from './ackley.js';
import { bbobProblem, parseBbobName } from './bbob/problem.js';
import { branin } from './branin.js';
import { griewank } from './griewank.js';
import { hartmann3, hartmann6, hartmann6Noisy } from './hartmann.js';
import { levy } from './levy.js';
import { michalewicz5 } from './michalewicz.js';
import { rosenbrock } from './rosenbrock.js';
import { shifted } from './shifted.js';
import { styblinskiTang } from './styblinski-tang.js';
import type { Problem } from './types.js';

/** The peers' suite (peers.md), in its table order. */
export const SUITE: readonly Problem[] = [
  branin,
  hartmann3,
  hartmann6,
  ackley(5),
  ackley(10),
  levy(10),
  rosenbrock(5),
  styblinskiTang(8),
  michalewicz5,
  griewank(10),
  hartmann6Noisy,
];

/** Shifted variants of the centred problems (no peer figures; our own comparison with random). */
export const SHIFTED: readonly Problem[] = [ackley(5), ackley(10), levy(10), rosenbrock(5), griewank(10)].map(shifted);

/** High-dimensional problems (issue 4: where infinite-width kernels are expected to help). */
export const HIGH_DIM: readonly Problem[] = [ackley(20), shifted(rosenbrock(20))];

const BY_NAME = new Map<string, Problem>([...SUITE, ...SHIFTED, ...HIGH_DIM].map((p) => [p.name, p]));

/** Look a problem up by name (bbob names such as bbob_f003_i06_d05 are built on demand); 'all' is handled by the caller (SUITE). */
export function getProblem(name: string): Problem {
  const bbob = parseBbobName(name);
  if (bbob) return bbobProblem(bbob);
  const p = BY_NAME.get(name);
  if (!p) throw new Error(`unknown problem '${name}'; known: ${[...BY_NAME.keys()].join(', ')}`);
  return p;
}

/** Every registered problem name. */
export function problemNames(): string[] {
  return [...BY_NAME.keys()];
}
