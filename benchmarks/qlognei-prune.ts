/**
 * Cost of qLogNEI's baseline pruning (acquisitions/qlognei.ts pruneBaseline, BoTorch's
 * prune_baseline: keep the observed points that are the best in at least one joint posterior draw)
 * against n: a GP fitted to n Hartmann6 points (d = 6, standardized y, uniform random X), then
 * createQLogNei().prepare(model, {baseline: X}) timed with and without pruning. Prints a table.
 *
 *   npx tsx benchmarks/qlognei-prune.ts [--sizes 250,500,1000,2000]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../core/rng.js';
import { standardize } from '../core/standardize.js';
import { createQLogNei } from '../acquisitions/qlognei.js';
import { createSurrogate } from '../surrogates/registry.js';
import { hartmann6 } from './problems/hartmann.js';

const { values: flags } = parseArgs({ options: { sizes: { type: 'string', default: '250,500,1000,2000' } } });
const lines = ['| n | fit ms | prepare ms, pruned | baseline kept | prepare ms, unpruned |', '|---:|---:|---:|---:|---:|'];
for (const n of flags.sizes!.split(',').map(Number)) {
  const rng = createRng(n);
  const X = { rows: n, cols: 6, data: new Float64Array(n * 6) };
  for (let i = 0; i < n * 6; i++) X.data[i] = rng.uniform();
  const y = Array.from({ length: n }, (_, i) => -hartmann6.f(Array.from(X.data.subarray(i * 6, (i + 1) * 6))));
  const t0 = performance.now();
  const model = await createSurrogate('gp').fit({ X, y: standardize(y).y }, { rng: rng.split() });
  const t1 = performance.now();
  const pruned = createQLogNei({ seed: 1 }).prepare(model, { baseline: X });
  const t2 = performance.now();
  createQLogNei({ seed: 1, pruneBaseline: false }).prepare(model, { baseline: X });
  const t3 = performance.now();
  lines.push(`| ${n} | ${(t1 - t0).toFixed(0)} | ${(t2 - t1).toFixed(0)} | ${pruned.baseline.rows} | ${(t3 - t2).toFixed(0)} |`);
  console.error(lines.at(-1));
}
console.log(`qLogNEI baseline pruning, GP on Hartmann6 (d = 6), node ${process.version}.\n\n${lines.join('\n')}`);
