/**
 * Run-by-run table of `auto` arms on bbob cells (RESULTS.md's per-instance table): each arm's final
 * regret and the families it ran (RunResult.autoChoices), marked "(GP's trace)" where its traceHash
 * equals the GP run's of the same instance and seed; then, per arm, how many runs left the GP and
 * how those came out against the GP run (better / worse / tied on final regret).
 *
 * Usage: node --import tsx benchmarks/bbob/auto-runs.ts --gp NAME --arms A,B,... FILE...
 */
import { readRecords } from '../run-records.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`usage: auto-runs.ts --gp NAME --arms A,B FILE...; --${name} missing`);
  return process.argv[i + 1];
}
const gp = arg('gp');
const arms = arg('arms').split(',');
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));

const runs = new Map<string, { regret: number; choices?: Record<string, number>; traceHash?: string }>();
const cells = new Set<string>();
for (const f of files) {
  for (const r of readRecords(f).runs) {
    const cell = `${r.problem}#${r.seed}`;
    cells.add(cell);
    runs.set(`${r.algorithm}|${cell}`, { regret: r.regret[r.regret.length - 1], choices: r.autoChoices, traceHash: r.traceHash });
  }
}
const fmt = (v: number) => Number(v.toPrecision(3)).toString();
const choices = (c?: Record<string, number>) => Object.entries(c ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
const sorted = [...cells].sort();
const head = ['function / instance', gp, ...arms.flatMap((a) => [a, 'its choices'])];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
const tally = new Map(arms.map((a) => [a, { left: 0, better: 0, worse: 0, tied: 0, runs: 0 }]));
for (const cell of sorted) {
  const g = runs.get(`${gp}|${cell}`);
  const row = [cell.replace(/^bbob_f0*(\d+)_i0*(\d+)_d\d+#\d+$/, 'f$1 / i$2'), g ? fmt(g.regret) : '—'];
  for (const a of arms) {
    const r = runs.get(`${a}|${cell}`);
    if (!r) { row.push('—', '—'); continue; }
    const same = g && r.traceHash === g.traceHash;
    row.push(`${fmt(r.regret)}${same ? " (GP's trace)" : ''}`, choices(r.choices));
    const t = tally.get(a)!;
    t.runs++;
    const left = Object.keys(r.choices ?? {}).some((k) => k !== 'gp');
    if (!left) continue;
    t.left++;
    if (!g || same) continue;
    if (r.regret < g.regret) t.better++;
    else if (r.regret > g.regret) t.worse++;
    else t.tied++;
  }
  console.log(`| ${row.join(' | ')} |`);
}
console.log('');
for (const [a, t] of tally) console.log(`${a}: ${t.left} of ${t.runs} runs left the GP (ran another family on at least one ask); against ${gp}'s run: better ${t.better}, worse ${t.worse}, tied ${t.tied}.`);
