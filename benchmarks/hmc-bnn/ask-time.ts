/**
 * Time of one HMC-BNN ask at n = 100, d = 6 (hartmann6-like data): a warm-started fit (chains continue
 * from the previous fit's state after one new observation) plus LogEI optimization on the mixture
 * moments (acquisitions/optimize.ts with its defaults). Also reports the cold fit for reference.
 * Wall times on a shared machine are pessimistic; CPU times (process.cpuUsage) of this single-threaded
 * run approximate the wall time on an idle core.
 * Run: npx tsx benchmarks/hmc-bnn/ask-time.ts ['{"widths":[50]}']  (options JSON for HmcBnnSurrogate)
 */
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { buildMomentObjective, optimizeAcquisition } from '../../acquisitions/optimize.js';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { HmcBnnSurrogate } from '../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import { getProblem } from '../problems/all.js';

const opts = JSON.parse(process.argv[2] ?? '{}');
const prob = getProblem('hartmann6');
const d = 6;
const n = 100;
const rng = createRng(7);
const X = Float64Array.from({ length: (n + 1) * d }, () => rng.uniform());
const raw = Array.from({ length: n + 1 }, (_, i) => -prob.f(X.subarray(i * d, i * d + d)));
const mu = raw.slice(0, n).reduce((a, b) => a + b) / n;
const sd = Math.sqrt(raw.slice(0, n).reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
const y = Float64Array.from(raw, (v) => (v - mu) / sd);
const surrogate = new HmcBnnSurrogate(opts);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let c0 = cpu();
let t0 = performance.now();
const cold = await surrogate.fit({ X: { rows: n, cols: d, data: X.subarray(0, n * d) }, y: y.subarray(0, n) }, { rng: createRng(1) });
const coldMs = performance.now() - t0;
const coldCpu = cpu() - c0;
// The state goes through JSON, as it does when stored with a study.
const state = JSON.parse(JSON.stringify(cold.state()));
c0 = cpu();
t0 = performance.now();
const model = await surrogate.fit({ X: { rows: n + 1, cols: d, data: X }, y }, { rng: createRng(2), warmStart: state });
const fitMs = performance.now() - t0;
const fitCpu = cpu() - c0;
const space = createSearchSpace(Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float' as const, low: 0, high: 1 }])));
let best = -Infinity;
for (const v of y) best = Math.max(best, v);
c0 = cpu();
t0 = performance.now();
const res = optimizeAcquisition(buildMomentObjective(model, createLogEi(), { best, rng: createRng(3) }), space, { rng: createRng(4) });
const acqMs = performance.now() - t0;
const acqCpu = cpu() - c0;
const dg = model.diagnostics() as Record<string, unknown>;
console.log(JSON.stringify({ options: opts, coldFitMs: Math.round(coldMs), warmFitMs: Math.round(fitMs), acquisitionMs: Math.round(acqMs), askMs: Math.round(fitMs + acqMs), coldFitCpuMs: Math.round(coldCpu), askCpuMs: Math.round(fitCpu + acqCpu), acqCpuMs: Math.round(acqCpu), stateBytes: JSON.stringify(state).length, evaluations: res.evaluations, engine: dg.engine, accept: dg.acceptRate, kept: dg.kept, gradEvals: dg.gradientEvaluations, coldGradEvals: (cold.diagnostics() as Record<string, unknown>).gradientEvaluations }));
