/**
 * Whether two result files (run.ts / server-run.ts format) hold the same trace on each seed they
 * share, up to a budget: the check that the service decides as the simulation does.
 *
 *   npx tsx benchmarks/training-curves/compare-traces.ts A.json B.json [--budget 250]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Trace = readonly [number, number | null][];
interface RunFile {
  readonly algorithm: string;
  readonly runs: readonly { readonly seed: number; readonly trace: Trace }[];
}

/** The trials of a trace that ended before `budget` epochs were spent (the one the budget cuts differs by design). */
function cut(trace: Trace, budget: number): Trace {
  return trace.filter(([e]) => e < budget);
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { budget: { type: 'string', default: 'Infinity' } } });
  const [a, b] = positionals.map((p) => JSON.parse(readFileSync(p, 'utf8')) as RunFile);
  if (!a || !b) throw new Error('usage: compare-traces.ts A.json B.json [--budget N]');
  const budget = Number(values.budget);
  let [same, shared] = [0, 0];
  for (const run of a.runs) {
    const other = b.runs.find((r) => r.seed === run.seed);
    if (!other) continue;
    shared++;
    const [x, y] = [cut(run.trace, budget), cut(other.trace, budget)];
    const equal = JSON.stringify(x) === JSON.stringify(y);
    if (equal) same++;
    else console.log(`seed ${run.seed}: traces differ (first at trial ${x.findIndex((t, i) => JSON.stringify(t) !== JSON.stringify(y[i]))})`);
  }
  console.log(`${a.algorithm} vs ${b.algorithm}: ${same} of ${shared} shared seeds have the same trace up to ${budget} epochs`);
}

main();
