/**
 * Model-ask wall time of the multi-objective policy at a fixed history: n Sobol-design evaluations
 * of a problem (seeded), then `asks` single-point asks on that same history with different
 * algorithm seeds; prints each ask's CPU and wall ms and the median / min CPU ms, the optimizer's evaluations and the decomposition
 * sizes (boxes per MC sample). In process, one thread.
 *   npx tsx benchmarks/mo/ask-time.ts --problem dtlz2-d6-m3 --n 30 --asks 3 [--ref inferred|given]
 */
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { MoPolicy } from '../../policy/mo-policy.js';
import type { Observation } from '../../policy/types.js';
import { problemOutcomes, problemSpace } from './mo-loop.js';
import { getMoProblem } from './problems.js';

function arg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}

/** Run the measurement (see the file comment). */
export async function main(argv: readonly string[]): Promise<void> {
  const p = getMoProblem(arg(argv, 'problem', 'dtlz2-d6-m3'));
  const n = Number(arg(argv, 'n', '30'));
  const asks = Number(arg(argv, 'asks', '3'));
  const ref = arg(argv, 'ref', 'inferred');
  const space = createSearchSpace(problemSpace(p));
  const outcomes = problemOutcomes(p);
  const referencePoint = ref === 'given' ? Object.fromEntries(p.ref.map((r, k) => [`f${k}`, r])) : undefined;
  // The history: the policy's own initial design (initialTrials = n), evaluated.
  const designSpec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognehvi', initialTrials: n, seed: 7 });
  const design = await new MoPolicy().suggest({ space, algorithm: designSpec, direction: 'minimize', outcomes, completed: [], pending: [], count: n });
  const completed: Observation[] = design.suggestions.map((params) => {
    const x = Array.from({ length: p.dim }, (_, j) => params[`x${j}`] as number);
    const f = p.f(x);
    return { params, value: f[0], outcomes: [...f, ...(p.c?.(x) ?? [])] };
  });
  const times: number[] = [];
  for (let s = 0; s < asks; s++) {
    const spec = AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'qlognehvi', initialTrials: 2, seed: 100 + s, ...(referencePoint ? { referencePoint } : {}) });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const d = await new MoPolicy().suggest({ space, algorithm: spec, direction: 'minimize', outcomes, completed, pending: [], count: 1 });
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    // CPU time of this process: on the shared machine wall time mostly measures the other sessions.
    const cpuMs = (cpu.user + cpu.system) / 1000;
    times.push(cpuMs);
    const dg = d.diagnostics as Record<string, unknown>;
    process.stdout.write(`${p.name} n=${n} ref=${ref} seed=${100 + s}: cpu ${cpuMs.toFixed(0)} ms, wall ${ms.toFixed(0)} ms (fit ${Number(dg.fitMs).toFixed(0)}, acquire ${Number(dg.acquireMs).toFixed(0)}), phase ${String(dg.phase)}, optimizer ${JSON.stringify(dg.optimizer)}, boxes ${JSON.stringify(dg.boxDecomposition ?? null)}\n`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(`${p.name} n=${n}: cpu median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms over ${asks} asks\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
