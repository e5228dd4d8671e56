/**
 * Why an 'auto' run parts from its baseline: runs `auto` and the baseline on one problem and seed
 * (benchmarks/loop.ts, the same loop as run.ts) and prints, for every model ask where 'auto' left
 * its reference (another family, or under combine 'stack' any mixture, even one its reference leads)
 * or a challenger came within the margin, the candidates' LOO scores, the stack's weights, the
 * challenger's paired advantage and standard error, the trust region's phase and both runs' regret;
 * then the first ask where the two traces differ, the final regrets and the count of departing asks.
 *   node --import tsx benchmarks/auto-trace.ts --problem rosenbrock5 --seed 0 [--auto auto] [--baseline gp-qlognei] [--all]
 * --all prints every model ask, not only the switches and near-switches.
 */
import { runOne } from './loop.js';
import { getProblem } from './problems/all.js';
import { defaultBudget, defaultInitialTrials } from './problems/types.js';

interface Selection {
  choice: string;
  scores: { candidate: string; score?: number; skipped?: string; decision?: { score: number }; decisionSkipped?: string }[];
  /** Since session 11: which score the rule read ('decision-quality' shows each row's decision score). */
  statistic?: string;
  reference: string;
  margin: number;
  challenger?: { candidate: string; advantage: number; standardError: number };
  /** Since session 10: the switching rule's streak and its reason in words. */
  streak?: { candidate: string; asks: number };
  reason?: string;
  /** Under combine 'stack': the weights the ask ran (the reference alone is { [reference]: 1 }). */
  weights?: Record<string, number>;
}

const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (key === 'all') args.set('all', 'true');
  else args.set(key, argv[++i] ?? '');
}
const problem = getProblem(args.get('problem') ?? 'rosenbrock5');
const seed = Number(args.get('seed') ?? 0);
const autoName = args.get('auto') ?? 'auto';
const baseName = args.get('baseline') ?? 'gp-qlognei';
const budget = defaultBudget(problem.dim);
const init = defaultInitialTrials(problem.dim);
const fmt = (v: number | undefined) => (v === undefined ? '-' : Number(v.toPrecision(3)).toString());

const autoAsks: { t: number; selection?: Selection; regret: number; point: string; region?: string }[] = [];
const baseAsks: { regret: number; point: string }[] = [];
const regionOf = (d: Record<string, unknown>): string | undefined => {
  const r = d.trustRegion as { phase?: string; length?: number } | undefined;
  return r?.phase === undefined ? undefined : r.phase === 'local' ? `local ${fmt(r.length)}` : r.phase;
};
const auto = await runOne(problem, autoName, seed, budget, init, (t, d, regret) => autoAsks.push({ t, selection: d.auto as Selection | undefined, regret, point: JSON.stringify(d.acquisitionValues ?? null), region: regionOf(d) }));
const base = await runOne(problem, baseName, seed, budget, init, (_t, d, regret) => baseAsks.push({ regret, point: JSON.stringify(d.acquisitionValues ?? null) }));

console.log(`${problem.name} seed ${seed}: ${autoName} against ${baseName}, budget ${budget}, initial design ${init}`);
console.log(`| ask | n | choice | scores (mean LOO log density; decision quality when the rule read it) | challenger: advantage / SE | reason | region | ${autoName} regret | ${baseName} regret |`);
console.log('|---|---|---|---|---|---|---|---|---|');
/** Whether the ask ran something other than the reference's own model: another family, or a stacked mixture. */
const departs = (s: Selection): boolean => s.choice !== s.reference || (s.weights !== undefined && Object.keys(s.weights).some((k) => k !== s.reference));
let departures = 0;
for (const a of autoAsks) {
  const s = a.selection;
  if (!s) continue;
  const c = s.challenger;
  const near = c !== undefined && c.advantage > 0.5 * s.margin * c.standardError;
  if (departs(s)) departures++;
  if (!args.has('all') && !departs(s) && !near && !s.streak) continue;
  const score = (x: Selection['scores'][number]) => (s.statistic === 'decision-quality' ? x.decision?.score : x.score);
  const scores = s.scores.map((x) => `${x.candidate} ${score(x) === undefined ? 'skipped' : fmt(score(x))}`).join(', ');
  const ch = c ? `${c.candidate} ${fmt(c.advantage)} / ${fmt(c.standardError)} (${fmt(c.advantage / c.standardError)} SE)` : '-';
  console.log(`| ${a.t} | ${a.t} | ${departs(s) ? `**${s.choice}**` : s.choice} | ${scores} | ${ch} | ${s.reason ?? '-'} | ${a.region ?? '-'} | ${fmt(a.regret)} | ${fmt(baseAsks[a.t]?.regret)} |`);
}
const firstDiff = autoAsks.findIndex((a, t) => a.point !== baseAsks[t]?.point);
console.log(`\nfirst ask whose acquisition values differ: ${firstDiff < 0 ? 'none' : firstDiff}; final regret ${autoName} ${fmt(auto.regret.at(-1))}, ${baseName} ${fmt(base.regret.at(-1))}; trace hashes ${auto.traceHash === base.traceHash ? 'equal' : 'differ'}`);
console.log(`${autoName} choices: ${JSON.stringify(auto.autoChoices ?? {})}; asks that left the reference's own model: ${departures}`);
