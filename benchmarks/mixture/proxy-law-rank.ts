/**
 * Where a proxy law fitted on n random cheapest-level runs ranks the pool's best target row among the
 * target rows (1 = first): the linear law (RegMix's ridge) and the GP law (policy/proxy-mean-gp.ts's
 * GP on the same runs), per design size and seed. The proxy-mean model verifies target rows in φ's
 * order, so this rank is about the number of target runs its cost to ε needs.
 *   npx tsx benchmarks/mixture/proxy-law-rank.ts regmix-pile --sizes 64,128,256 --seeds 8 [--first-seed 0]
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { fitRidge } from '../../surrogates/ridge.js';
import { median } from '../stats.js';
import { proxyLawSetup } from './proxy-law-setup.js';

const { problem, arg, features, sign, cheapest } = proxyLawSetup(process.argv.slice(2));
const p = features[0]!.length;
const cheapRows = features.flatMap((_, i) => (problem.poolLevel[i] === cheapest ? [i] : []));
const targetRows = features.flatMap((_, i) => (problem.poolLevel[i] === problem.target ? [i] : []));
const bestTarget = targetRows.reduce((a, b) => (sign * problem.poolValue[b]! > sign * problem.poolValue[a]! ? b : a));
const rankOf = (score: (i: number) => number) => targetRows.filter((i) => score(i) > score(bestTarget)).length + 1;
const first = Number(arg('first-seed', '0'));

for (const n of arg('sizes', '128').split(',').map(Number)) {
  const linear: number[] = [];
  const gp: number[] = [];
  for (let s = first; s < first + Number(arg('seeds', '8')); s++) {
    const rng = createRng(deriveSeed(s, 0xc402));
    const left = [...cheapRows];
    const design: number[] = [];
    while (design.length < n && left.length > 0) design.push(left.splice(rng.int(left.length), 1)[0]!);
    const v = design.map((i) => sign * problem.poolValue[i]!);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    const z = v.map((x) => (x - m) / sd);
    const ridge = fitRidge(design.map((i) => features[i]!), z);
    linear.push(rankOf((i) => ridge.predict(features[i]!)));
    const X = { rows: design.length, cols: p, data: Float64Array.from(design.flatMap((i) => Array.from(features[i]!))) };
    const model = await new GpSurrogate().fit({ X, y: Float64Array.from(z) }, { rng: createRng(s) });
    const mu = model.posterior({ rows: targetRows.length, cols: p, data: Float64Array.from(targetRows.flatMap((i) => Array.from(features[i]!))) }).mean();
    gp.push(rankOf((i) => mu[targetRows.indexOf(i)]!));
  }
  console.log(`${problem.name} n=${n}: rank of the best target row, linear law ${linear.join(' ')} (median ${median(linear)}), GP law ${gp.join(' ')} (median ${median(gp)})`);
}
