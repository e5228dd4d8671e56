/**
 * DKL fit time at n = 100, d = 6 (hartmann6 on uniform random points): cold (pre-training + joint
 * Adam) and warm (from the cold fit's state, on the same data plus one point), per engine.
 * Wall and CPU time are printed: on a shared machine the CPU time is the load-independent figure.
 * Run: npx tsx benchmarks/dkl/ask-time.ts [repeats=3]
 */
import { createRng } from '../../core/rng.js';
import { standardize } from '../../core/standardize.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { hartmann6 } from '../problems/hartmann.js';

/** User + system CPU ms of this process since `from` (load-independent, unlike wall time on a shared machine). */
function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

const repeats = Number(process.argv[2] ?? 3);
const d = 6;
function data(n: number) {
  const rng = createRng(1);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = standardize(Float64Array.from({ length: n }, (_, i) => -hartmann6.f(X.data.subarray(i * d, i * d + d)))).y;
  return { X, y };
}
const d100 = data(100);
const d101 = data(101);
for (const engine of ['tfjs', 'js'] as const) {
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = await new DklSurrogate({ engine }).fit(d100, { rng: createRng(r) });
    const cold = performance.now() - t0;
    const coldCpu = cpuMs(c0);
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const w = await new DklSurrogate({ engine }).fit(d101, { rng: createRng(r), warmStart: m.state() });
    const warm = performance.now() - t1;
    const warmCpu = cpuMs(c1);
    const a = m.diagnostics();
    const b = w.diagnostics();
    console.log(`${engine}\trepeat ${r}\tcold ${cold.toFixed(0)} ms wall, ${coldCpu.toFixed(0)} ms cpu (steps ${a.steps}, ${a.stopped}, objective ${Number(a.objective).toFixed(1)})\twarm ${warm.toFixed(0)} ms wall, ${warmCpu.toFixed(0)} ms cpu (steps ${b.steps}, ${b.stopped})`);
  }
}
