/**
 * How many asks of each run the exploration skill gate turned into Sobol points: the run's
 * 'exploration' asks (phaseCounts) minus its ε asks. The ε draws depend only on (seed, trial count)
 * (policy/exploration.ts epsilonDraw), and a sequential run (--workers 1, one ask per trial) makes its
 * model asks at trial counts (initial-design asks) .. budget − 1 (not from firstModelAsk, the first
 * 'model'-phase ask, which comes after any exploratory ones), so its ε asks are recounted here from the
 * draws; whatever else is exploratory is the gate's. Reading aid for RESULTS.md, not a score.
 *
 * Usage: npx tsx benchmarks/bbob/skill-asks.ts FILE... --problems f016_,f023_ [--epsilon 0.1]
 */
import { readRecords } from '../run-records.js';
import { epsilonDraw } from '../../policy/exploration.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const problems = (flag('--problems') ?? '').split(',').filter(Boolean);
const epsilon = Number(flag('--epsilon') ?? 0.1);
console.log('| problem | algorithm | seed | final regret | exploration asks | of them ε | of them the gate |');
console.log('|---|---|---|---|---|---|---|');
for (const file of args) {
  for (const r of readRecords(file).runs) {
    if (problems.length > 0 && !problems.some((p) => r.problem.includes(p))) continue;
    const explored = r.phaseCounts?.exploration ?? 0;
    let byEpsilon = 0;
    for (let t = r.phaseCounts?.['initial-design'] ?? r.initialTrials; t < r.budget; t++) if (epsilonDraw(r.seed, t) < epsilon) byEpsilon++;
    console.log(`| ${r.problem} | ${r.algorithm} | ${r.seed} | ${r.regret.at(-1)?.toPrecision(3)} | ${explored} | ${byEpsilon} | ${explored - byEpsilon} |`);
  }
}
