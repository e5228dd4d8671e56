/**
 * Benchmark entry (`npm run bench -- ...`):
 *   npm run bench -- --problems hartmann6,branin --algorithms gp-logei,random --seeds 10 \
 *     [--budget 100] [--out results.json] [--md results.md] [--workers 2] [--seed-offset 0] [--resume] [--order seed]
 *   npm run bench -- --bbob evaluation --functions 1-24 --dims 2,5 --noise none --algorithms gp-logei,random --seeds 10
 *   npm run bench -- speed [...speed options]
 *   npm run bench -- mo [...multi-objective options, benchmarks/mo/mo-run.ts]
 * --problems: names, 'all' (the peers' suite) or 'shifted' (shifted variants). Budget defaults to
 * 100 for d <= 6 and 150 above; the initial design to 10 Sobol points for d <= 6 and 2·d above
 * (the peers' protocol). Prints markdown tables; writes every best-so-far curve to --out as JSON.
 * With --out, each finished run is also appended to <out>.progress.jsonl at once (removed when the
 * result file is written); --resume skips the runs already there (a grid longer than a session
 * continues where it stopped), and merge.ts reads the log of a run that never finished.
 * --order seed runs every problem and algorithm of seed 0 before any of seed 1 (and so on), so a run
 * stopped early leaves whole seeds to compare; the default order is problem, algorithm, seed (with
 * several workers, longest first).
 * --bbob selection|evaluation adds the bbob grid (benchmarks/README.md: seed k runs one instance of
 * the set; budgets 100 / 150 / 200 for d <= 6 / < 20 / 20); tables then summarise per cell
 * (function × dimension × noise) over its instances.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALGORITHMS } from './algorithms.js';
import type { BenchTask } from './bench-worker.js';
import { runOne, type RunResult } from './loop.js';
import { loadPeers } from './peers.js';
import { SHIFTED, SUITE, getProblem } from './problems/all.js';
import { defaultBudget, defaultInitialTrials, type Problem } from './problems/types.js';
import { peerTable, resultsTable, summarise } from './report.js';
import { appendProgress, compactRun, rebuildPhases, reopenProgress, runKey } from './run-records.js';
import { provenance } from './provenance.js';
import { cellOf } from './problems/bbob/problem.js';
import { parseBbobArgs, type BbobArgs } from './bbob/args.js';
import { bbobBudget, bbobGrid } from './problems/bbob/sets.js';

/** Parsed command line. */
export interface BenchArgs {
  problems: Problem[];
  algorithms: string[];
  seeds: number[];
  budget?: number;
  out?: string;
  md?: string;
  workers: number;
  resume: boolean;
  /** 'seed': all runs of a seed before the next seed's (see the file comment); 'grid': the grid's order. */
  order: 'grid' | 'seed';
  /** The bbob grid to add (--bbob and its options), or none. */
  bbob?: BbobArgs;
}

/** Parse `--key value` pairs (see the file comment). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const opts = new Map<string, string>();
  const flags = new Set(['resume']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const [k, inline] = a.slice(2).split('=', 2);
    opts.set(k, flags.has(k) ? 'true' : (inline ?? argv[++i]));
  }
  const known = new Set(['problems', 'algorithms', 'seeds', 'budget', 'out', 'md', 'workers', 'seed-offset', 'resume', 'order', 'bbob', 'functions', 'dims', 'noise']);
  for (const k of opts.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const bbob = parseBbobArgs(opts);
  const problems = (opts.get('problems') ?? (bbob ? '' : 'branin'))
    .split(',')
    .filter((n) => n !== '')
    .flatMap((n) => (n === 'all' ? [...SUITE] : n === 'shifted' ? [...SHIFTED] : [getProblem(n)]));
  const algorithms = (opts.get('algorithms') ?? 'gp-logei,random').split(',');
  for (const a of algorithms) if (!Object.hasOwn(ALGORITHMS, a)) throw new Error(`unknown algorithm '${a}'; known: ${Object.keys(ALGORITHMS).join(', ')}`);
  const order = opts.get('order') ?? 'grid';
  if (order !== 'grid' && order !== 'seed') throw new Error(`--order must be 'grid' or 'seed', not '${order}'`);
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
    resume: opts.has('resume'),
    order,
    ...(bbob ? { bbob } : {}),
  };
}

/**
 * Run tasks on `workers` child processes (or in this process for 1), longest first (by seed first under order
 * 'seed'); progress on stderr (and `onDone`).
 */
async function runTasks(tasks: BenchTask[], workers: number, order: BenchArgs['order'], onDone: (r: RunResult) => void): Promise<RunResult[]> {
  const results: RunResult[] = new Array(tasks.length);
  let done = 0;
  const report = (r: RunResult) => {
    onDone(r);
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
  const cost = (t: BenchTask) => t.budget * getProblem(t.problem).dim;
  const queue = [...tasks].sort((a, b) => (order === 'seed' ? a.seed - b.seed : 0) || cost(b) - cost(a));
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

/** Tasks in the order a single worker runs them: as given, or under 'seed' by seed (stable within a seed). */
export function inRunOrder<T extends { readonly seed: number }>(tasks: readonly T[], order: BenchArgs['order']): T[] {
  return order === 'seed' ? [...tasks].sort((a, b) => a.seed - b.seed) : [...tasks];
}

/** Run the quality benchmark and print/write its tables. */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const tasks: BenchTask[] = [];
  for (const p of args.problems)
    for (const a of args.algorithms)
      for (const s of args.seeds) tasks.push({ id: tasks.length, problem: p.name, algorithm: a, seed: s, budget: args.budget ?? defaultBudget(p.dim), initialTrials: defaultInitialTrials(p.dim) });
  if (args.bbob)
    for (const { problem, seed, dim } of bbobGrid(args.bbob.set, args.bbob.fids, args.bbob.dims, args.bbob.noises, args.seeds))
      for (const a of args.algorithms) tasks.push({ id: tasks.length, problem, algorithm: a, seed, budget: args.budget ?? bbobBudget(dim), initialTrials: defaultInitialTrials(dim) });
  if (args.resume && !args.out) throw new Error('--resume needs --out (the progress log is <out>.progress.jsonl)');
  const progressPath = args.out ? `${args.out}.progress.jsonl` : undefined;
  if (progressPath && !args.resume) rmSync(progressPath, { force: true });
  const previous = new Map((progressPath && args.resume ? reopenProgress(progressPath) : []).map((r) => [runKey(r), { ...r, phases: rebuildPhases(r) }]));
  const todo = inRunOrder(tasks.filter((t) => !previous.has(runKey(t))), args.order).map((t, id) => ({ ...t, id }));
  if (previous.size > 0) process.stderr.write(`resuming: ${tasks.length - todo.length} of ${tasks.length} runs already in ${progressPath}\n`);
  const t0 = Date.now();
  // Commit, dirty flag, linalg backend (and OpenBLAS core) and tensor backend: what a stored figure needs to be reproduced (taken before the runs, stamped on each).
  const neural = args.algorithms.some((a) => ['dkl', 'hmc-bnn', 'pfn'].includes(ALGORITHMS[a]?.surrogate ?? ''));
  const from = await provenance({ loadTensorBackend: neural });
  const stamp = (r: RunResult): RunResult => ({ ...r, gitCommit: from.gitCommit, gitDirty: from.gitDirty, linalg: from.linalg, ...(from.blas ? { blas: from.blas } : {}) });
  const fresh = (await runTasks(todo, args.workers, args.order, (r) => progressPath && appendProgress(progressPath, stamp(r)))).map(stamp);
  const wanted = new Set(tasks.map(runKey));
  const runs = [...[...previous.values()].filter((r) => wanted.has(runKey(r))), ...fresh];
  const summaries = summarise(runs, cellOf);
  const peers = loadPeers();
  let md = `## Simple regret (median over seeds)\n\n${resultsTable(summaries)}\n`;
  md += peers ? `\n## Against peers.md (median final regret)\n\n${peerTable(summaries, peers)}\n` : '\n(peers.md not found: comparison skipped)\n';
  md += `\nCommand: npm run bench -- ${argv.join(' ')}  (${((Date.now() - t0) / 1000).toFixed(0)} s wall)\n`;
  process.stdout.write(md);
  if (args.md) writeFileSync(args.md, md);
  if (args.out) {
    writeFileSync(args.out, JSON.stringify({ command: `npm run bench -- ${argv.join(' ')}`, date: from.date, node: process.version, provenance: from, summaries, runs: runs.map(compactRun) }) + '\n');
    // Everything the log held is in the result file now.
    if (progressPath) rmSync(progressPath, { force: true });
  }
}

/** What --help prints: the commands of this file's header, with the algorithm and problem names. */
export function usage(): string {
  return [
    'npm run bench -- --problems hartmann6,branin --algorithms gp-logei,random --seeds 10',
    '    [--budget 100] [--out results.json] [--md results.md] [--workers 2] [--seed-offset 0] [--resume] [--order seed]',
    'npm run bench -- --bbob selection|evaluation [--functions 1-24] [--dims 2,5,10,20] [--noise none,gauss-low,gauss-high,cauchy,mult] --algorithms gp-qlognei --seeds 10',
    'npm run bench -- speed [--sizes 50,100,200] [--backends js,wasm,native] [--max js:1000] [--asks 5] [--algorithm gp-logei]',
    'npm run bench -- mo --problems branin-currin --algorithms qlognehvi,qnparego,random --seeds 5 [--budget 50] [--init 6] [--peers optuna.json]',
    '',
    "--problems: names, 'all' (the core suite) or 'shifted'. Budget: 100 for d <= 6, 150 above.",
    '--bbob: seed k runs instance 6 + k (evaluation) or 1 + (k mod 5) (selection); budget 100 / 150 / 200 for d <= 6 / < 20 / 20; protocol in benchmarks/README.md.',
    '--out: per-run records as JSON (and <out>.progress.jsonl while running; --resume continues it).',
    `problems: ${[...SUITE, ...SHIFTED].map((p) => p.name).join(', ')}`,
    `algorithms: ${Object.keys(ALGORITHMS).join(', ')}`,
    'Results and commands of past runs: benchmarks/RESULTS.md.',
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  const entry =
    argv[0] === 'speed' ? import('./speed.js').then((m) => m.main(argv.slice(1))) : argv[0] === 'mo' ? import('./mo/mo-run.js').then((m) => m.main(argv.slice(1))) : main(argv);
  entry.catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
