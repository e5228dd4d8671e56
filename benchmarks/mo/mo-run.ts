/**
 * Multi-objective benchmark entry (`npm run bench -- mo ...`):
 *   npm run bench -- mo --problems branin-currin,dtlz2-d6-m2 --algorithms qlognehvi,qnparego,random \
 *     --seeds 5 [--seed-offset 0] [--budget 50] [--init 6] [--out r.json] [--md r.md] [--peers optuna.json,...]
 *     [--include earlier.json,...]   (--algorithms none: only the included and peer runs)
 *     [--ref inferred|given]   (the acquisition's reference point: Ax's inferred one, or the problem's)
 *     [--scalarized-start k]   (algorithm.scalarizedStart of every run; 'default' runs are labelled default-s<k>)
 *     [--surrogate kind] [--surrogate-options JSON] [--label name]   (every outcome's model; default gp;
 *       runs of another surrogate are labelled <label or kind>-<algorithm>)
 * Runs sequentially (one core), prints per problem and algorithm the final feasible hypervolume
 * (median [q1, q3] over seeds), the log10 hypervolume regret log10(HV* − HV) and, for
 * constrained problems, the best feasible value of objective 0; --peers adds rows of the Optuna
 * script's JSON (benchmarks/peers/optuna_mo.py) for the same problems and budget.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getMoProblem } from './problems.js';
import { hvCurve, MO_ALGORITHMS, runMo, type MoAlgorithm, type MoRunResult } from './mo-loop.js';
import { provenance } from '../provenance.js';

/** Median and quartiles (linear interpolation, as numpy's default). */
export function quartiles(values: readonly number[]): [number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const i = q * (s.length - 1);
    const lo = Math.floor(i);
    return lo + 1 < s.length ? s[lo] + (i - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  return [at(0.5), at(0.25), at(0.75)];
}

/** A peer record as optuna_mo.py writes it. */
interface PeerRun {
  problem: string;
  algorithm: string;
  seed: number;
  evaluations: { f: number[]; c: number[] }[];
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : String(v);
}

/** The markdown table of runs (ours and peers') at `budget`. */
export function moTable(runs: readonly { problem: string; algorithm: string; hv: readonly number[]; seed: number }[], budget: number): string {
  const lines = ['| problem | algorithm | seeds | HV median [q1, q3] | log10 HV regret median [q1, q3] | HV* (source) |', '|---|---|---|---|---|---|'];
  const groups = new Map<string, (typeof runs)[number][]>();
  for (const r of runs) {
    const k = `${r.problem}\u0000${r.algorithm}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  // Grouped by problem (in order of first appearance), ours before the peers within a problem.
  const problemOrder = [...new Set(runs.map((r) => r.problem))];
  const sorted = [...groups].sort(([a], [b]) => problemOrder.indexOf(a.split('\u0000')[0]) - problemOrder.indexOf(b.split('\u0000')[0]));
  for (const [k, rs] of sorted) {
    const [problem, algorithm] = k.split('\u0000');
    const p = getMoProblem(problem);
    const hv = rs.map((r) => r.hv[Math.min(budget, r.hv.length) - 1]);
    const regret = hv.map((v) => Math.log10(Math.max(p.maxHv.value - v, 1e-12)));
    const [m, q1, q3] = quartiles(hv);
    const [rm, r1, r3] = quartiles(regret);
    lines.push(`| ${problem} | ${algorithm} | ${rs.length} | ${fmt(m)} [${fmt(q1)}, ${fmt(q3)}] | ${rm.toFixed(2)} [${r1.toFixed(2)}, ${r3.toFixed(2)}] | ${fmt(p.maxHv.value)} (${p.maxHv.source}) |`);
  }
  return lines.join('\n');
}

const PEER = /^(optuna-|random$)/;

/**
 * Per problem, each of our algorithms' median HV at `budget` against each peer's (Optuna samplers,
 * random): the ratio of medians and whether ours is at least as good as every Optuna sampler's
 * median (the issue's bar) and above its upper quartile.
 */
export function moVerdicts(runs: readonly { problem: string; algorithm: string; hv: readonly number[] }[], budget: number): string {
  const at = (r: (typeof runs)[number]): number => r.hv[Math.min(budget, r.hv.length) - 1];
  const stats = (problem: string, algorithm: string): [number, number, number] => quartiles(runs.filter((r) => r.problem === problem && r.algorithm === algorithm).map(at));
  const lines: string[] = [];
  for (const problem of [...new Set(runs.map((r) => r.problem))]) {
    const algs = [...new Set(runs.filter((r) => r.problem === problem).map((r) => r.algorithm))];
    const peers = algs.filter((a) => PEER.test(a));
    for (const ours of algs.filter((a) => !PEER.test(a))) {
      const [m] = stats(problem, ours);
      const vs = peers.map((p) => {
        const [pm, , pq3] = stats(problem, p);
        return { p, pm, pq3, ratio: pm > 0 ? `${(m / pm).toFixed(3)}x` : 'peer median 0' };
      });
      const optuna = vs.filter((v) => v.p.startsWith('optuna-'));
      const asGood = optuna.every((v) => m >= v.pm);
      const aboveQ3 = optuna.every((v) => m > v.pq3);
      lines.push(`- ${problem}, ${ours} (median ${fmt(m)}): ${vs.map((v) => `${v.p} ${fmt(v.pm)} (${v.ratio})`).join(', ')}; at least as good as ${optuna.map((v) => v.p).join(' and ') || 'no Optuna sampler'}: ${optuna.length === 0 ? 'n/a' : asGood ? 'yes' : 'NO'}${optuna.length > 0 && aboveQ3 ? ', above their upper quartiles' : ''}`);
    }
  }
  return lines.join('\n');
}

/** Parse and run (see the file comment). */
export async function main(argv: readonly string[]): Promise<void> {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument '${argv[i]}'`);
    opts.set(argv[i].slice(2), argv[i + 1]);
  }
  const known = new Set(['problems', 'algorithms', 'seeds', 'seed-offset', 'budget', 'init', 'out', 'md', 'peers', 'include', 'ref', 'scalarized-start', 'surrogate', 'surrogate-options', 'label']);
  // (--include also reads <out>.partial.json files; the table takes the runs that reached --budget.)
  for (const k of opts.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const problems = (opts.get('problems') ?? 'branin-currin').split(',').map(getMoProblem);
  const algorithms = (opts.get('algorithms') ?? 'qlognehvi,random').split(',').filter((a) => a !== 'none') as MoAlgorithm[];
  for (const a of algorithms) if (!MO_ALGORITHMS.includes(a)) throw new Error(`unknown algorithm '${a}'; known: ${MO_ALGORITHMS.join(', ')}`);
  const offset = Number(opts.get('seed-offset') ?? 0);
  const seeds = Array.from({ length: Number(opts.get('seeds') ?? 5) }, (_, i) => offset + i);
  const budget = Number(opts.get('budget') ?? 50);
  const init = Number(opts.get('init') ?? 6);
  const ref = opts.get('ref') ?? 'inferred';
  if (ref !== 'inferred' && ref !== 'given') throw new Error(`--ref is 'inferred' (Ax's rule per ask, the default) or 'given' (the problem's reference point)`);
  const scalarizedStart = opts.has('scalarized-start') ? Number(opts.get('scalarized-start')) : undefined;
  const surrogate = { kind: opts.get('surrogate') ?? 'gp', ...(opts.has('surrogate-options') ? { options: JSON.parse(opts.get('surrogate-options')!) as Record<string, unknown> } : {}), ...(opts.has('label') ? { label: opts.get('label') } : {}) };
  const runs: MoRunResult[] = [];
  const prov = await provenance();
  for (const p of problems) {
    for (const a of algorithms) {
      for (const s of seeds) {
        // <out>.partial.json: the finished runs and the one in progress, rewritten after every
        // evaluation, so a sweep cut by a deadline can still be read at the evaluations it reached.
        // Written to a temporary name and renamed, so a reader never sees half a file.
        const partialFile = `${opts.get('out')}.partial.json`;
        const partial = opts.has('out') ? (cur: MoRunResult) => {
          writeFileSync(`${partialFile}.tmp`, JSON.stringify({ provenance: prov, budget, init, runs: [...runs, cur] }));
          renameSync(`${partialFile}.tmp`, partialFile);
        } : undefined;
        const r = await runMo(p, a, s, budget, init, ref, partial, scalarizedStart, surrogate);
        runs.push(r);
        const fallbacks = r.phases.filter((ph) => ph === 'fallback').length;
        process.stderr.write(`${p.name} ${a} seed ${s}: HV ${r.hv[budget - 1].toPrecision(5)} (${(r.wallMs / 1000).toFixed(1)} s${fallbacks ? `, ${fallbacks} fallbacks` : ''})\n`);
        // The file holds every finished run at once, so a long sweep stopped early keeps what it ran.
        if (opts.has('out')) writeFileSync(opts.get('out')!, JSON.stringify({ provenance: prov, budget, init, runs }, null, 1));
      }
    }
  }
  const peerRuns: PeerRun[] = (opts.get('peers')?.split(',') ?? []).flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: PeerRun[] }).runs);
  const names = new Set(problems.map((p) => p.name));
  const peers = peerRuns.filter((r) => names.has(r.problem) && r.evaluations.length >= budget).map((r) => ({ ...r, hv: hvCurve(getMoProblem(r.problem), r.evaluations) }));
  // Runs recorded by earlier invocations (--out files), shown in the same table without re-running them.
  const included = (opts.get('include')?.split(',') ?? []).flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runs: MoRunResult[] }).runs).filter((r) => names.has(r.problem) && r.hv.length >= budget);
  const table = `${moTable([...included, ...runs, ...peers], budget)}\n\n${moVerdicts([...included, ...runs, ...peers], budget)}`;
  const constrained = problems.filter((p) => p.constraints > 0);
  const best = constrained.length === 0 || runs.length === 0 ? '' : '\n\nBest feasible objective 0 (median [q1, q3] over the runs that found a feasible point):\n\n' + constrained.map((p) => algorithms.map((a) => {
    const all = runs.filter((r) => r.problem === p.name && (r.algorithm === a || r.algorithm.startsWith(`${a}-s`))).map((r) => r.bestFeasible[budget - 1]);
    const found = all.filter((x) => !Number.isNaN(x));
    if (found.length === 0) return `- ${p.name} ${a}: no feasible point in ${all.length} runs`;
    const [m, q1, q3] = quartiles(found);
    return `- ${p.name} ${a}: ${fmt(m)} [${fmt(q1)}, ${fmt(q3)}] (${found.length}/${all.length} runs found a feasible point)`;
  }).join('\n')).join('\n');
  const md = `Reference point ${ref}. Budget ${budget} evaluations (${init} Sobol points first), seeds ${seeds[0]}..${seeds[seeds.length - 1]}.\n\n${table}${best}\n`;
  process.stdout.write(md);
  if (opts.has('md')) writeFileSync(opts.get('md')!, md);
  if (opts.has('out')) writeFileSync(opts.get('out')!, JSON.stringify({ provenance: prov, budget, init, runs }, null, 1));
}
