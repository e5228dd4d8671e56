/**
 * What sets the floor of a pool problem's cost (issue 22, session 12): the rank correlations of the
 * target value between levels on the mixtures both levels ran (Spearman, average ranks for ties),
 * where each level ranks the best target row among the target rows, and, per run of run.ts's
 * `--jsonl` output (traces carry the pool rows asked), the cheap runs, the target runs spent up to
 * the best target row and the target ranks (1 = best) of the target rows in the order asked.
 *   npx tsx benchmarks/mixture/target-order.ts --problem admire-ift [runs.jsonl ...]
 */
import { readFileSync } from 'node:fs';
import { median } from '../stats.js';
import { admireIft, regmixPile } from './problems.js';

const argv = process.argv.slice(2);
const flag = argv.indexOf('--problem');
const problemName = flag >= 0 ? argv[flag + 1]! : 'admire-ift';
const files = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--problem');
const problem = problemName === 'regmix-pile' ? regmixPile() : admireIft();
const sign = problem.direction === 'maximize' ? 1 : -1;
const { pool, poolLevel, poolValue, target } = problem;

/** A mixture's key: its weights to 4 decimals (rows of different levels with one key are the same mixture). */
const keyOf = (i: number) => Object.values(pool[i]!.mixture as Record<string, number>).map((w) => w.toFixed(4)).join('/');
const valueAt = problem.levelNames.map((_, k) => new Map(pool.flatMap((_, i) => (poolLevel[i] === k ? [[keyOf(i), sign * poolValue[i]!] as const] : []))));
const targetRows = pool.flatMap((_, i) => (poolLevel[i] === target ? [i] : []));
const best = targetRows.reduce((a, b) => (sign * poolValue[b]! > sign * poolValue[a]! ? b : a));

/** Average ranks (1 = smallest) of `v`, ties sharing their mean rank. */
function ranks(v: readonly number[]): number[] {
  const order = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Array<number>(v.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && v[order[e + 1]!] === v[order[s]!]) e++;
    for (let k = s; k <= e; k++) r[order[k]!] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return r;
}
function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const m = (ra.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - m) * (rb[i]! - m);
    da += (ra[i]! - m) ** 2;
    db += (rb[i]! - m) ** 2;
  }
  return num / Math.sqrt(da * db);
}

console.log(`### ${problem.name}: levels ${problem.levelNames.map((l, k) => `${l} (${valueAt[k]!.size} rows, cost ${problem.costs[k]})`).join(', ')}`);
console.log('');
console.log('| levels | shared mixtures | Spearman | on the target pool rows |');
console.log('|---|---|---|---|');
const targetKeys = targetRows.map(keyOf);
for (let a = 0; a < problem.levelNames.length; a++) {
  for (let b = a + 1; b < problem.levelNames.length; b++) {
    const shared = [...valueAt[a]!.keys()].filter((k) => valueAt[b]!.has(k));
    const onPool = targetKeys.filter((k) => valueAt[a]!.has(k) && valueAt[b]!.has(k));
    const rho = (keys: string[]) => (keys.length > 2 ? spearman(keys.map((k) => valueAt[a]!.get(k)!), keys.map((k) => valueAt[b]!.get(k)!)).toFixed(3) : '–');
    console.log(`| ${problem.levelNames[a]} vs ${problem.levelNames[b]} | ${shared.length} | ${rho(shared)} | ${rho(onPool)} (${onPool.length}) |`);
  }
}
const bestKey = keyOf(best);
console.log('');
for (let k = 0; k < problem.levelNames.length; k++) {
  const onPool = targetKeys.filter((key) => valueAt[k]!.has(key));
  if (!valueAt[k]!.has(bestKey)) continue;
  const rank = onPool.filter((key) => valueAt[k]!.get(key)! > valueAt[k]!.get(bestKey)!).length + 1;
  console.log(`The best target row (pool row ${best}) is ranked ${rank} of ${onPool.length} by the ${problem.levelNames[k]} level's own value.`);
}
const top = [...targetRows].sort((a, b) => sign * (poolValue[b]! - poolValue[a]!));
console.log(`Target values, best first: ${top.slice(0, 8).map((i) => poolValue[i]!.toPrecision(5)).join(', ')}, … (ε = ${problem.epsilon})`);

const targetRank = new Map(top.map((i, r) => [i, r + 1]));
for (const file of files) {
  console.log('');
  console.log(`#### ${file}`);
  console.log('');
  console.log('| seed | cost to ε | cheap runs | target runs to the best | target ranks in the order asked |');
  console.log('|---|---|---|---|---|');
  const spent: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
    const { seed, trace } = JSON.parse(line) as { seed: number; trace: { costToEpsilon: number | null; rows?: number[] } };
    if (!trace.rows) throw new Error(`${file}: seed ${seed} has no rows (a trace written before session 12)`);
    const asked = trace.rows.filter((i) => poolLevel[i] === target);
    const hit = asked.indexOf(best) + 1;
    spent.push(hit > 0 ? hit : Infinity);
    const cheap = trace.rows.length - asked.length;
    console.log(`| ${seed} | ${trace.costToEpsilon === null ? '–' : trace.costToEpsilon.toFixed(2)} | ${cheap} | ${hit > 0 ? hit : '–'} | ${asked.map((i) => targetRank.get(i)).join(' ')} |`);
  }
  console.log('');
  console.log(`Median target runs to the best row: ${median(spent)} (${spent.length} runs).`);
}
