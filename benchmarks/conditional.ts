/**
 * Conditional parameters (issue 19): BO on a conditional space vs the same space flattened.
 *
 * Problem (a CASH-like choice of one of three sub-problems, each with its own parameters in [0,1]):
 *   branch = branin:    f = branin(15·b1 − 5, 15·b2)/10 + 0.2       (min 0.2398)
 *   branch = hartmann3: f = (hartmann3(h1, h2, h3) − f*)/|f*|, f* its minimum (min 0, the global optimum)
 *   branch = quadratic: f = 0.1 + Σ_{i<4} (q_i − 0.3)²                 (min 0.1, an easy decoy)
 * Conditional: b*, h*, q* carry `when: {branch: [...]}`; asks hold only the active ones.
 * Flattened: the same 10 parameters without `when` (all always active; f ignores the other
 * branches'), which is how a space without conditions has to express the problem.
 * Both run the same algorithm (GP + LogEI by default) and the same initial-design size; a
 * Sobol-only row on the conditional space is the model-free reference. Regret = best f − 0.
 *
 * Usage: npx tsx benchmarks/conditional.ts [--seeds 8] [--budget 40] [--init 10] [--acquisition log-ei] [--out file.json]
 * Prints a markdown table (median and quartiles over seeds) and writes JSON with provenance to --out.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSearchSpace } from '../core/search-space.js';
import { AlgorithmSpec, type AcquisitionKind } from '../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../protocol/space.js';
import { createPolicy } from '../policy/create-policy.js';
import type { Observation, PolicyState } from '../policy/types.js';
import { branin } from './problems/branin.js';
import { hartmann3 } from './problems/hartmann.js';
import { provenance } from './provenance.js';
import { fmt, mean, median, quantile } from './stats.js';

const HARTMANN3_MIN = hartmann3.optimum;
/** Regret under this means the run found the global (hartmann3) branch's optimum region: every other branch is ≥ 0.1. */
const SOLVED = 0.05;

const SUB: Record<string, string[]> = { branin: ['b1', 'b2'], hartmann3: ['h1', 'h2', 'h3'], quadratic: ['q1', 'q2', 'q3', 'q4'] };

/** The problem's space; `conditional` false gives the flattened space (no `when`). */
export function conditionalProblemSpace(conditional: boolean): SpaceSpec {
  const spec: SpaceSpec = { branch: { type: 'categorical', choices: Object.keys(SUB) } };
  for (const [branch, names] of Object.entries(SUB)) {
    for (const n of names) spec[n] = { type: 'float', low: 0, high: 1, ...(conditional ? { when: { branch: [branch] } } : {}) };
  }
  return spec;
}

/** The objective (minimized, global minimum 0 in the hartmann3 branch); reads only the chosen branch's parameters. */
export function conditionalProblem(p: Params): number {
  const v = (n: string) => p[n] as number;
  if (p.branch === 'branin') return branin.f([15 * v('b1') - 5, 15 * v('b2')]) / 10 + 0.2;
  if (p.branch === 'hartmann3') return (hartmann3.f([v('h1'), v('h2'), v('h3')]) - HARTMANN3_MIN) / -HARTMANN3_MIN;
  return 0.1 + SUB.quadratic!.reduce((s, n) => s + (v(n) - 0.3) ** 2, 0);
}

interface Run {
  variant: string;
  seed: number;
  regret: number[];
  askMs: number[];
  hartmannShare: number;
}

async function runOne(variant: string, seed: number, budget: number, init: number, acquisition: AcquisitionKind): Promise<Run> {
  const space = createSearchSpace(conditionalProblemSpace(variant !== 'flat'));
  const algorithm = AlgorithmSpec.parse(variant === 'sobol' ? { surrogate: 'none', seed, initialTrials: init } : { surrogate: 'gp', acquisition, seed, initialTrials: init });
  const policy = createPolicy(algorithm);
  const completed: Observation[] = [];
  const regret: number[] = [];
  const askMs: number[] = [];
  let state: PolicyState | undefined;
  let best = Infinity;
  let hartmann = 0;
  for (let t = 0; t < budget; t++) {
    const t0 = performance.now();
    const d = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1, state });
    askMs.push(performance.now() - t0);
    state = d.state;
    const params = d.suggestions[0]!;
    const value = conditionalProblem(params);
    if (params.branch === 'hartmann3') hartmann++;
    completed.push({ params, value });
    best = Math.min(best, value);
    regret.push(best);
  }
  return { variant, seed, regret, askMs, hartmannShare: hartmann / budget };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '8' },
      budget: { type: 'string', default: '40' },
      init: { type: 'string', default: '10' },
      acquisition: { type: 'string', default: 'log-ei' },
      out: { type: 'string', default: 'benchmarks/results/conditional.json' },
    },
  });
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  const init = Number(values.init);
  const acquisition = values.acquisition as AcquisitionKind;
  const variants = ['conditional', 'flat', 'sobol'];
  const runs: Run[] = [];
  // Interleaved by seed, so machine load drifts hit every variant alike.
  for (let s = 1; s <= seeds; s++) {
    for (const v of variants) {
      const r = await runOne(v, s, budget, init, acquisition);
      runs.push(r);
      process.stderr.write(`${v} seed ${s}: regret ${fmt(r.regret[budget - 1]!)}\n`);
    }
  }
  const checkpoints = [init, Math.round((init + budget) / 2), budget];
  const lines = [
    `| variant | ${checkpoints.map((c) => `regret @${c} median [q25, q75]`).join(' | ')} | mean regret @${budget} | seeds with regret < ${SOLVED} @${budget} | share of trials in the optimal branch | median ask ms |`,
    `|---|${checkpoints.map(() => '---').join('|')}|---|---|---|---|`,
  ];
  for (const v of variants) {
    const rs = runs.filter((r) => r.variant === v);
    const at = (c: number) => rs.map((r) => r.regret[c - 1]!);
    const cells = checkpoints.map((c) => `${fmt(median(at(c)))} [${fmt(quantile(at(c), 0.25))}, ${fmt(quantile(at(c), 0.75))}]`);
    const final = at(budget);
    const solved = final.filter((r) => r < SOLVED).length;
    lines.push(`| ${v} | ${cells.join(' | ')} | ${fmt(mean(final))} | ${solved} of ${rs.length} | ${fmt(median(rs.map((r) => r.hartmannShare)))} | ${fmt(median(rs.flatMap((r) => r.askMs.slice(init))))} |`);
  }
  const cond = runs.filter((r) => r.variant === 'conditional').map((r) => r.regret[budget - 1]!);
  const flat = runs.filter((r) => r.variant === 'flat').map((r) => r.regret[budget - 1]!);
  // Paired by seed (same seed = same initial design); differences under 1e-3 count as ties.
  const wins = cond.filter((c, i) => c < flat[i]! - 1e-3).length;
  const losses = cond.filter((c, i) => c > flat[i]! + 1e-3).length;
  lines.push('', `Final regret, conditional vs flat, paired by seed: conditional lower on ${wins}, higher on ${losses}, tied (within 1e-3) on ${seeds - wins - losses} of ${seeds} seeds.`);
  console.log(lines.join('\n'));
  writeFileSync(values.out!, JSON.stringify({ provenance: await provenance(), seeds, budget, init, acquisition, runs }));
}

await main();
