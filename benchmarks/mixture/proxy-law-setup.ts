/**
 * What the proxy-law diagnostics (model-choice-stat.ts, proxy-law-rank.ts) read from their command
 * line: the pool problem named first, `--name value` options, and the problem's proxy features (the
 * columns policy/proxy-mean.ts regresses on) of every pool row.
 */
import { createSearchSpace } from '../../core/search-space.js';
import { proxyColumns } from '../../policy/proxy-mean.js';
import { admireIft, regmixPile, type PoolProblem } from './problems.js';

/** The problem, an option reader, and per pool row its proxy features; sign makes larger better. */
export function proxyLawSetup(argv: readonly string[]): { problem: PoolProblem; arg: (name: string, fallback: string) => string; features: Float64Array[]; sign: number; cheapest: number } {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1]! : fallback;
  };
  const problem = argv[0] === 'regmix-pile' ? regmixPile() : admireIft();
  const space = createSearchSpace(problem.space);
  const cols = proxyColumns(space, space.dimensions.find((d) => d.kind === 'fidelity')!.index);
  const features = problem.pool.map((p) => {
    const x = space.encode(p);
    return Float64Array.from(cols, (c) => x[c]!);
  });
  const cheapest = problem.costs.reduce((a, c, k) => (c < problem.costs[a]! ? k : a), 0);
  return { problem, arg, features, sign: problem.direction === 'maximize' ? 1 : -1, cheapest };
}
