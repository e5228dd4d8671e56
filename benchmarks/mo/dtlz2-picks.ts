/**
 * Where the multi-objective acquisitions put their next point on DTLZ2 (d = 6, 3 objectives), and
 * what the per-objective GP believes there: history = n points of the policy's Sobol design
 * (seed 7), then one ask per variant and seed. For each pick: the distance term
 * g = Σ_{i≥2} (x_i − 0.5)² (0 on the Pareto set), whether the true outcome lies inside the
 * metric's reference box (every f_k < 1.1), and the GP posterior mean ± sd of each f_k at the pick
 * and at the same point with its distance variables moved to 0.5 (the truth is better there).
 *   npx tsx benchmarks/mo/dtlz2-picks.ts [--n 25] [--seeds 3]
 */
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { standardize } from '../../core/standardize.js';
import { AlgorithmSpec, type AcquisitionKind } from '../../protocol/algorithm.js';
import { MoPolicy, type MoPolicyOptions } from '../../policy/mo-policy.js';
import type { Observation } from '../../policy/types.js';
import { createSurrogate } from '../../surrogates/registry.js';
import { problemOutcomes, problemSpace } from './mo-loop.js';
import { dtlz2 } from './problems.js';

interface Variant {
  readonly name: string;
  readonly acquisition: AcquisitionKind;
  readonly given?: boolean;
  readonly surrogateOptions?: Record<string, unknown>;
  readonly policy?: MoPolicyOptions;
}

const VARIANTS: readonly Variant[] = [
  { name: 'qlognehvi (default: inferred ref, 128 MC samples, legacy GP preset)', acquisition: 'qlognehvi' },
  { name: 'qlognehvi, 512 MC samples', acquisition: 'qlognehvi', policy: { samples: 512 } },
  { name: 'qlognehvi, the metric reference point (1.1, 1.1, 1.1) given', acquisition: 'qlognehvi', given: true },
  { name: "qlognehvi, GP preset 'botorch' (dimension-scaled lengthscale prior)", acquisition: 'qlognehvi', surrogateOptions: { preset: 'botorch' } },
  { name: 'qnparego', acquisition: 'qnparego' },
];

function arg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}

/** Run the diagnosis (see the file comment). */
export async function main(argv: readonly string[]): Promise<void> {
  const p = dtlz2(6, 3);
  const n = Number(arg(argv, 'n', '25'));
  const seeds = Number(arg(argv, 'seeds', '3'));
  const space = createSearchSpace(problemSpace(p));
  const outcomes = problemOutcomes(p);
  const design = await new MoPolicy().suggest({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognehvi', initialTrials: n, seed: 7 }), direction: 'minimize', outcomes, completed: [], pending: [], count: n });
  const xs = design.suggestions.map((params) => Array.from({ length: p.dim }, (_, j) => params[`x${j}`] as number));
  const completed: Observation[] = xs.map((x, i) => ({ params: design.suggestions[i], value: p.f(x)[0], outcomes: p.f(x) }));
  // The default GP per objective on the history (in the policy's units: z-scored), to read its beliefs at the picks.
  const X = { rows: n, cols: p.dim, data: Float64Array.from(xs.flat()) };
  const models = await Promise.all([0, 1, 2].map(async (k) => {
    const s = standardize(xs.map((x) => p.f(x)[k]));
    return { s, model: await createSurrogate('gp', {}).fit({ X, y: s.y }, { rng: createRng(k) }) };
  }));
  const belief = (x: number[]): string => models.map(({ s, model }, k) => {
    const post = model.posterior({ rows: 1, cols: p.dim, data: Float64Array.from(x) });
    return `f${k} ${(post.mean()[0] * s.std + s.mean).toFixed(2)}±${(Math.sqrt(post.variance()[0]) * s.std).toFixed(2)}`;
  }).join(' ');
  for (const v of VARIANTS) {
    for (let seed = 1; seed <= seeds; seed++) {
      const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: v.acquisition, initialTrials: 2, seed, ...(v.surrogateOptions ? { surrogateOptions: v.surrogateOptions } : {}), ...(v.given ? { referencePoint: { f0: 1.1, f1: 1.1, f2: 1.1 } } : {}) });
      const d = await new MoPolicy(v.policy ?? {}).suggest({ space, algorithm: spec, direction: 'minimize', outcomes, completed, pending: [], count: 1 });
      const x = Array.from({ length: p.dim }, (_, j) => d.suggestions[0][`x${j}`] as number);
      const centred = x.map((u, j) => (j >= 2 ? 0.5 : u));
      const f = p.f(x);
      const g = x.slice(2).reduce((s, u) => s + (u - 0.5) ** 2, 0);
      process.stdout.write(`${v.name} | seed ${seed} | x ${x.map((u) => u.toFixed(2)).join(',')} | g ${g.toFixed(3)} | f ${f.map((u) => u.toFixed(2)).join(',')} ${f.every((u) => u < 1.1) ? 'inside' : 'outside'} the reference box | GP at pick: ${belief(x)} | GP at centred pick: ${belief(centred)} (true ${p.f(centred).map((u) => u.toFixed(2)).join(',')})\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
