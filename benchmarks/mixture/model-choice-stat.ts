/**
 * The statistic of `multiFidelity.model: 'auto'` (policy/mf-model-choice.ts) on random cheapest-level
 * designs of a pool problem: for each design size n and seed, n random cheapest-level rows (proxies
 * of target rows first, as the policy's design draws them), the GP − linear LOO log-likelihood and
 * its standard error, and the share of seeds on which it chooses 'joint'.
 *   npx tsx benchmarks/mixture/model-choice-stat.ts admire-ift|regmix-pile --sizes 17,32,64 --seeds 40 [--first-seed 0]
 */
import { createRng, deriveSeed } from '../../core/rng.js';
import { chooseProxyLaw } from '../../policy/proxy-law-choice.js';
import { median } from '../stats.js';
import { proxyLawSetup } from './proxy-law-setup.js';

const { problem, arg, features, sign, cheapest } = proxyLawSetup(process.argv.slice(2));
const key = (x: Float64Array) => Array.from(x, (v) => v.toFixed(9)).join(',');
const targetKeys = new Set(features.flatMap((x, i) => (problem.poolLevel[i] === problem.target ? [key(x)] : [])));
const cheapRows = features.flatMap((_, i) => (problem.poolLevel[i] === cheapest ? [i] : []));
const twins = cheapRows.filter((i) => targetKeys.has(key(features[i]!)));
const first = Number(arg('first-seed', '0'));
const seeds = Number(arg('seeds', '40'));

for (const n of arg('sizes', '17').split(',').map(Number)) {
  const rows: { d: number; se: number; joint: boolean }[] = [];
  for (let s = first; s < first + seeds; s++) {
    const rng = createRng(deriveSeed(s, 0xc401));
    const pick = (from: number[], k: number) => {
      const left = [...from];
      const out: number[] = [];
      while (out.length < k && left.length > 0) out.push(left.splice(rng.int(left.length), 1)[0]!);
      return out;
    };
    const design = pick(twins.length > 0 ? twins : cheapRows, n);
    if (design.length < n) design.push(...pick(cheapRows.filter((i) => !design.includes(i)), n - design.length));
    const X = { rows: design.length, cols: features[0]!.length, data: Float64Array.from(design.flatMap((i) => Array.from(features[i]!))) };
    const c = await chooseProxyLaw(X, design.map((i) => sign * problem.poolValue[i]!), deriveSeed(s, 0x3f1e));
    rows.push({ d: c.difference ?? NaN, se: c.standardError ?? NaN, joint: c.law === 'gp' });
  }
  console.log(`${problem.name} n=${n} (${twins.length} twin proxies of ${cheapRows.length} cheapest rows): GP law on ${rows.filter((r) => r.joint).length}/${rows.length} seeds; median GP − linear ${median(rows.map((r) => r.d)).toFixed(3)}, median SE ${median(rows.map((r) => r.se)).toFixed(3)}, median d/SE ${median(rows.map((r) => r.d / r.se)).toFixed(2)}`);
}
