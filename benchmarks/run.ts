/**
 * Benchmark entry (`npm run bench -- ...`):
 *   npm run bench -- --problems hartmann6,branin --algorithms gp-logei,random --seeds 10 \
 *     [--budget 100] [--out results.json] [--md results.md] [--workers 2] [--seed-offset 0]
 *   npm run bench -- speed [...speed options]
 * --problems: names, 'all' (the peers' suite) or 'shifted' (shifted variants). Budget defaults to
 * 100 for d <= 6 and 150 above; the initial design to 10 Sobol points for d <= 6 and 2·d above
 * (the peers' protocol). Prints markdown tables; writes every best-so-far curve to --out as JSON.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALGORITHMS } from './algorithms.js';
import type { BenchTask } from './bench-worker.js';
import { runOne, type RunResult } from './loop.js';
import { loadPeers } from './peers.js';
import { SHIFTED, SUITE, getProblem } from './problems/all.js';
import { defaultBudget, defaultInitialTrials, type Problem } from './problems/types.js';
import { peerTable, resultsTable, summarise } from './report.js';

/** Parsed command line. */
export interface BenchArgs {
  problems: Problem[];
  algorithms: string[];
  seeds: number[];
  budget?: number;
  out?: string;
  md?: string;
  workers: number;
}

/** Parse `--key value` pairs (see the file comment). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const [k, inline] = a.slice(2).split('=', 2);
    opts.set(k, inline ?? argv[++i]);
  }
  const known = new Set(['problems', 'algorithms', 'seeds', 'budget', 'out', 'md', 'workers', 'seed-offset']);
  for (const k of opts.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const problems = (opts.get('problems') ?? 'branin').split(',').flatMap((n) => (n === 'all' ? [...SUITE] : n === 'shifted' ? [...SHIFTED] : [getProblem(n)]));
  const algorithms = (opts.get('algorithms') ?? 'gp-logei,random').split(',');
  for (const a of algorithms) if (!Object.hasOwn(ALGORITHMS, a)) throw new Error(`unknown algorithm '${a}'; known: ${Object.keys(ALGORITHMS).join(', ')}`);
  const nSeeds = Number(opts.get('seeds') ?? 10);
  const offset = Number(opts.get('seed-offset') ?? 0);
  return {
    problems,
    algorithms,
    seeds: Array.from({ length: nSeeds }, (_, i) => offset + i),
    budget: opts.has('budget') ? Number(opts.get('budget')) : undefined,
    out: opts.get('out'),
    md: opts.get('md'),
    workers: Math.max(1, Number(opts.get('workers') ?? 1)),
  };
}

/** Run tasks on `workers` child processes (or in this process for 1), longest first; progress on stderr. */
async function runTasks(tasks: BenchTask[], workers: number): Promise<RunResult[]> {
  const results: RunResult[] = new Array(tasks.length);
  let done = 0;
  const report = (r: RunResult) => {
    done++;
    process.stderr.write(`[${done}/${tasks.length}] ${r.problem} ${r.algorithm} seed ${r.seed}: final regret ${r.regret[r.regret.length - 1].toPrecision(3)} (${(r.wallMs / 1000).toFixed(1)} s)\n`);
  };
  if (workers <= 1) {
    for (const t of tasks) {
      results[t.id] = await runOne(getProblem(t.problem), t.algorithm, t.seed, t.budget, t.initialTrials);
      report(results[t.id]);
    }
    return results;
  }
  const queue = [...tasks].sort((a, b) => b.budget * getProblem(b.problem).dim - a.budget * getProblem(a.problem).dim);
  const workerPath = fileURLToPath(new URL('./bench-worker.ts', import.meta.url));
  const execArgv = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
  await Promise.all(
    Array.from({ length: Math.min(workers, tasks.length) }, () => {
      const child: ChildProcess = fork(workerPath, [], { execArgv });
      return new Promise<void>((resolve, reject) => {
        const next = () => {
          const t = queue.shift();
          if (!t) {
            child.disconnect();
            resolve();
            return;
          }
          child.send(t);
        };
        child.on('message', (m: { id: number; result?: RunResult; error?: string }) => {
          if (m.error !== undefined || !m.result) {
            child.kill();
            reject(new Error(`task ${m.id} failed: ${m.error}`));
            return;
          }
          results[m.id] = m.result;
          report(m.result);
          next();
        });
        child.on('error', reject);
        next();
      });
    }),
  );
  return results;
}

/** Run the quality benchmark and print/write its tables. */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const tasks: BenchTask[] = [];
  for (const p of args.problems)
    for (const a of args.algorithms)
      for (const s of args.seeds) tasks.push({ id: tasks.length, problem: p.name, algorithm: a, seed: s, budget: args.budget ?? defaultBudget(p.dim), initialTrials: defaultInitialTrials(p.dim) });
  const t0 = Date.now();
  const runs = await runTasks(tasks, args.workers);
  const summaries = summarise(runs);
  const peers = loadPeers();
  let md = `## Simple regret (median over seeds)\n\n${resultsTable(summaries)}\n`;
  md += peers ? `\n## Against peers.md (median final regret)\n\n${peerTable(summaries, peers)}\n` : '\n(peers.md not found: comparison skipped)\n';
  md += `\nCommand: npm run bench -- ${argv.join(' ')}  (${((Date.now() - t0) / 1000).toFixed(0)} s wall)\n`;
  process.stdout.write(md);
  if (args.md) writeFileSync(args.md, md);
  if (args.out) {
    // Compact per-run records: curves to 6 significant digits, times to 0.01 ms, phases as counts.
    const compact = runs.map(({ phases, regret, askMs, ...rest }) => ({
      ...rest,
      regret: regret.map((v) => Number(v.toPrecision(6))),
      askMs: askMs.map((v) => Math.round(v * 100) / 100),
      phaseCounts: phases.reduce<Record<string, number>>((c, p) => ({ ...c, [p]: (c[p] ?? 0) + 1 }), {}),
      firstModelAsk: phases.indexOf('model'),
    }));
    writeFileSync(args.out, JSON.stringify({ command: `npm run bench -- ${argv.join(' ')}`, date: new Date().toISOString(), node: process.version, summaries, runs: compact }));
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const argv = process.argv.slice(2);
  const entry = argv[0] === 'speed' ? import('./speed.js').then((m) => m.main(argv.slice(1))) : main(argv);
  entry.catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
