/**
 * Cost of qLogNEI's baseline pruning against n, old and new side by side: a GP fitted to n
 * Hartmann6 points (d = 6, uniform random X, optional Gaussian noise on y, standardized), then
 * - old: S = 128 joint draws over ALL n points (Cholesky of the n×n posterior covariance), keep
 *   the argmax of each draw (BoTorch's prune_inferior_points; the code before the screen);
 * - new: acquisitions/prune-baseline.ts (marginal screen with z = 6, joint draws over the survivors);
 * each timed --repeats times, alternating, medians printed; plus prepare() with and without pruning.
 *
 *   npx tsx benchmarks/qlognei-prune.ts [--sizes 250,500,1000,2000] [--noise 0] [--repeats 3]
 */
import { parseArgs } from 'node:util';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { standardize } from '../core/standardize.js';
import { argmaxColumns, marginalSurvivors, prunedBaselineRows } from '../acquisitions/prune-baseline.js';
import { FittedGp } from '../surrogates/gp/fitted-gp.js';
import { createQLogNei } from '../acquisitions/qlognei.js';
import { createSurrogate } from '../surrogates/registry.js';
import { isGaussian, type FittedSurrogate, type Posterior } from '../surrogates/types.js';
import { hartmann6 } from './problems/hartmann.js';

const { values: flags } = parseArgs({
  options: { sizes: { type: 'string', default: '250,500,1000,2000' }, noise: { type: 'string', default: '0' }, repeats: { type: 'string', default: '3' } },
});
const noise = Number(flags.noise);
const repeats = Number(flags.repeats);
const q = createQLogNei({ seed: 1 });
const draws = (p: Posterior): Matrix => {
  if (!isGaussian(p)) throw new Error('GP posteriors are Gaussian');
  return p.sampleFromBase(q.baseSamples(p.size));
};
const oldRows = (model: FittedSurrogate, X: Matrix): number[] => argmaxColumns(draws(model.posterior(X)));
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
const timed = <T>(f: () => T): [number, T] => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};

const lines = [
  '| n | fit ms | old prune ms | old kept | new prune ms | screen survivors | new kept | old / new | kept in both | prepare ms, pruned (new) | prepare ms, unpruned |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const n of flags.sizes!.split(',').map(Number)) {
  const rng = createRng(n);
  const X = { rows: n, cols: 6, data: new Float64Array(n * 6) };
  for (let i = 0; i < n * 6; i++) X.data[i] = rng.uniform();
  const y = Array.from({ length: n }, (_, i) => -hartmann6.f(Array.from(X.data.subarray(i * 6, (i + 1) * 6))) + noise * rng.normal());
  const t0 = performance.now();
  const fitted = await createSurrogate('gp').fit({ X, y: standardize(y).y }, { rng: rng.split() });
  const fit = performance.now() - t0;
  const oldMs: number[] = [];
  const newMs: number[] = [];
  let oldKept: number[] = [];
  let newKept: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const [a, ra] = timed(() => oldRows(fitted, X));
    const [b, rb] = timed(() => prunedBaselineRows(fitted, X, draws));
    oldMs.push(a);
    newMs.push(b);
    [oldKept, newKept] = [ra, rb];
  }
  if (!(fitted instanceof FittedGp)) throw new Error('the gp surrogate is a FittedGp');
  const bounds = fitted.marginalBounds(X);
  const survivors = marginalSurvivors(bounds.mean, bounds.varianceUpper).length;
  const both = oldKept.filter((k) => newKept.includes(k)).length;
  const [pruned] = timed(() => createQLogNei({ seed: 1 }).prepare(fitted, { baseline: X }));
  const [unpruned] = timed(() => createQLogNei({ seed: 1, pruneBaseline: false }).prepare(fitted, { baseline: X }));
  const o = median(oldMs);
  const nw = median(newMs);
  lines.push(
    `| ${n} | ${fit.toFixed(0)} | ${o.toFixed(0)} | ${oldKept.length} | ${nw.toFixed(1)} | ${survivors} | ${newKept.length} | ${(o / nw).toFixed(1)}× | ${both} | ${pruned.toFixed(0)} | ${unpruned.toFixed(0)} |`,
  );
  console.error(lines.at(-1));
}
console.log(`qLogNEI baseline pruning, GP on Hartmann6 (d = 6), noise sd ${noise}, medians of ${repeats}, node ${process.version}.\n\n${lines.join('\n')}`);
