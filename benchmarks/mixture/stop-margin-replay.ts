/**
 * Replays the sequential design's stop under several stop margins (policy/proxy-design-margin.ts) on
 * run files whose design ran to its cap (`run.ts ... --proxy-stop-margin 1e9`): each run's
 * designCheckpoints (top row, runner-up, z per checkpoint) are the same for every margin up to where
 * that margin stops, because the batches do not read the margin. For each margin: where the design
 * stops, whether the top row there is within ε at the target (the first target run would then reach
 * ε), and the cost of the design plus that first target run.
 *   npx tsx benchmarks/mixture/stop-margin-replay.ts --problem regmix-pile --margins 0,1,2,3 traj.json [more.json | runs.jsonl]
 */
import { readFileSync } from 'node:fs';
import { median } from '../stats.js';
import type { RunTrace } from './loop.js';
import { admireIft, regmixPile } from './problems.js';

const option = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : fallback);
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
const problem = option('problem', 'regmix-pile') === 'admire-ift' ? admireIft() : regmixPile();
const margins = option('margins', '0,1,2,3').split(',').map(Number);
const sign = problem.direction === 'maximize' ? 1 : -1;
const within = (row: number) => sign * (problem.best - problem.poolValue[row]!) <= problem.epsilon + 1e-12;
const cheapest = problem.costs.indexOf(Math.min(...problem.costs));

const runs: { seed: number; checkpoints: NonNullable<RunTrace['designCheckpoints']> }[] = [];
const add = (f: string, seed: number, t: RunTrace) => {
  if (!t.designCheckpoints) throw new Error(`${f}: seed ${seed} has no designCheckpoints`);
  runs.push({ seed, checkpoints: t.designCheckpoints });
};
for (const f of files) {
  if (f.endsWith('.jsonl')) {
    // run.ts --jsonl: one finished run per line.
    for (const line of readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
      const r = JSON.parse(line) as { method: string; seed: number; trace: RunTrace };
      if (r.method === 'mf-bo') add(f, r.seed, r.trace);
    }
    continue;
  }
  const file = JSON.parse(readFileSync(f, 'utf8')) as { firstSeed: number; traces: Record<string, RunTrace[]> };
  file.traces['mf-bo']!.forEach((t, i) => add(f, file.firstSeed + i, t));
}
runs.sort((a, b) => a.seed - b.seed);
console.log(`${runs.length} runs (seeds ${runs.map((r) => r.seed).join(', ')}); cheapest level cost ${problem.costs[cheapest]}, target cost ${problem.costs[problem.target]}`);
console.log('| margin | stopped on a row within ε | median design runs | median cost of design + first target run (right stops) | per seed: runs (✓ right / ✗ wrong) |');
console.log('|---|---|---|---|---|');
for (const m of margins) {
  const stops = runs.map(({ checkpoints: c }) => {
    let k = c.length - 1;
    for (let j = 1; j < c.length; j++) {
      if (c[j]!.top === c[j - 1]!.top && (m <= 0 || (c[j]!.z ?? NaN) >= m)) {
        k = j;
        break;
      }
    }
    return { runs: c[k]!.runs, right: within(c[k]!.top) };
  });
  const right = stops.filter((s) => s.right);
  const cost = right.map((s) => s.runs * problem.costs[cheapest]! + problem.costs[problem.target]!);
  console.log(`| ${m} | ${right.length}/${stops.length} | ${median(stops.map((s) => s.runs))} | ${cost.length ? median(cost).toFixed(3) : '–'} | ${stops.map((s) => `${s.runs}${s.right ? '✓' : '✗'}`).join(' ')} |`);
}
