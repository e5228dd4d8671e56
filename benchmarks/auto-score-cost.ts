/**
 * What score 'decision' adds to an 'auto' fit: the same data fitted with score 'loo' and score
 * 'decision' (default candidates gp, nngp, stp, cold fits on the same seed), interleaved so both
 * see the same machine load; prints the median wall ms of each and their ratio per (n, d).
 *   node --import tsx benchmarks/auto-score-cost.ts [--reps 5] [--sizes 50x5,90x5,90x10,140x10]
 */
import { createRng } from '../core/rng.js';
import { createSurrogate } from '../surrogates/registry.js';
import { priorDraw, rbfMatrix, uniformPoints } from './prior-draws.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] ?? fallback : fallback;
};
const reps = Number(arg('reps', '5'));
const sizes = arg('sizes', '50x5,90x5,90x10,140x10').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

console.log('| n | d | reps | score loo: median ms per fit | score decision: median ms per fit | decision / loo |');
console.log('|---|---|---|---|---|---|');
for (const [n, d] of sizes) {
  const X = uniformPoints(n, d, 1000 + n + d);
  const data = priorDraw(X, rbfMatrix(X, 0.3 * Math.sqrt(d)), 1e-4, 2000 + n + d);
  const ms: Record<'loo' | 'decision', number[]> = { loo: [], decision: [] };
  for (let r = 0; r < reps; r++) {
    for (const score of ['loo', 'decision'] as const) {
      const t0 = performance.now();
      await createSurrogate('auto', { score }).fit(data, { rng: createRng(r) });
      ms[score].push(performance.now() - t0);
    }
  }
  const [l, s] = [median(ms.loo), median(ms.decision)];
  console.log(`| ${n} | ${d} | ${reps} | ${l.toFixed(0)} | ${s.toFixed(0)} | ${(s / l).toFixed(2)} |`);
}
