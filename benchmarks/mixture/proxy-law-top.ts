/**
 * How the proxy law's top target row moves as a random cheapest-level design grows: per seed, one
 * random order of the cheapest rows, the law (linear or GP, policy/proxy-mean*.ts's fits) refitted on
 * its first n runs at each size; prints the top row's pool index and where the pool's best target row
 * ranks (1 = first). Used to choose the sequential design's stopping rule (policy/proxy-design-stop.ts)
 * on seeds never used to report (100 and up).
 *   npx tsx benchmarks/mixture/proxy-law-top.ts regmix-pile --sizes 32,64,96,128,160,192,224,256 --seeds 6 --first-seed 100 [--law gp|linear]
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { fitRidge } from '../../surrogates/ridge.js';
import { proxyLawSetup } from './proxy-law-setup.js';

const { problem, arg, features, sign, cheapest } = proxyLawSetup(process.argv.slice(2));
const p = features[0]!.length;
const cheapRows = features.flatMap((_, i) => (problem.poolLevel[i] === cheapest ? [i] : []));
const targetRows = features.flatMap((_, i) => (problem.poolLevel[i] === problem.target ? [i] : []));
const bestTarget = targetRows.reduce((a, b) => (sign * problem.poolValue[b]! > sign * problem.poolValue[a]! ? b : a));
const first = Number(arg('first-seed', '100'));
const sizes = arg('sizes', '64,128,256').split(',').map(Number);
const law = arg('law', 'gp');

for (let s = first; s < first + Number(arg('seeds', '6')); s++) {
  const rng = createRng(deriveSeed(s, 0xc403));
  const left = [...cheapRows];
  const order: number[] = [];
  while (left.length > 0) order.push(left.splice(rng.int(left.length), 1)[0]!);
  const cells: string[] = [];
  for (const n of sizes) {
    const design = order.slice(0, n);
    const v = design.map((i) => sign * problem.poolValue[i]!);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    const z = v.map((x) => (x - m) / sd);
    let score: (i: number) => number;
    if (law === 'linear') {
      const ridge = fitRidge(design.map((i) => features[i]!), z);
      score = (i) => ridge.predict(features[i]!);
    } else {
      const X = { rows: design.length, cols: p, data: Float64Array.from(design.flatMap((i) => Array.from(features[i]!))) };
      const model = await new GpSurrogate().fit({ X, y: Float64Array.from(z) }, { rng: createRng(s) });
      const mu = model.posterior({ rows: targetRows.length, cols: p, data: Float64Array.from(targetRows.flatMap((i) => Array.from(features[i]!))) }).mean();
      score = (i) => mu[targetRows.indexOf(i)]!;
    }
    const top = targetRows.reduce((a, b) => (score(b) > score(a) ? b : a));
    const rank = targetRows.filter((i) => score(i) > score(bestTarget)).length + 1;
    cells.push(`n=${design.length}: top ${top} rank ${rank}`);
  }
  console.log(`${problem.name} ${law} seed ${s} | ${cells.join(' | ')}`);
}
