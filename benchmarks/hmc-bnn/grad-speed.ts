/**
 * Gradient evaluations per second of the HMC-BNN log posterior: float64 JS (log-posterior-f64.ts)
 * and TensorFlow.js (log-posterior.ts) on the wasm and cpu backends, at n = 100, d = 6, C = 4 chains.
 * Run: npx tsx benchmarks/hmc-bnn/grad-speed.ts [widths JSON, default [[50],[50,50]]]
 * A "chain-grad" is one chain's log density + gradient; a batched call does C of them.
 */
import { createRng } from '../../core/rng.js';
import { F64LogPosterior } from '../../surrogates/hmc-bnn/log-posterior-f64.js';
import { makeTfTarget } from '../../surrogates/hmc-bnn/log-posterior.js';
import { layout, type MlpShape } from '../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../surrogates/hmc-bnn/priors.js';
import { ensureTensorBackend, useTensorBackend } from '../../surrogates/neural/backend.js';
import type { BatchedTarget } from '../../surrogates/hmc-bnn/hmc.js';

const widthsList: number[][] = JSON.parse(process.argv[2] ?? '[[50],[50,50]]');
const n = 100;
const d = 6;
const C = 4;
const rng = createRng(1);
const X = Float64Array.from({ length: n * d }, () => rng.uniform());
const y = Float64Array.from({ length: n }, () => rng.normal());

async function time(target: BatchedTarget, seconds: number): Promise<number> {
  const th = Float64Array.from({ length: C * target.dim }, () => 0.1 * rng.normal());
  const g = new Float64Array(th.length);
  await target.logDensity(th, C, g); // warm-up (JIT, kernel compilation)
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await target.logDensity(th, C, g);
    calls++;
  }
  return (calls * C * 1000) / (performance.now() - t0);
}

await ensureTensorBackend();
console.log(`n=${n} d=${d} chains=${C}; chain-grad evaluations per second (higher is better)`);
for (const widths of widthsList) {
  const shape: MlpShape = { inputDim: d, widths, activation: 'tanh' };
  const { layers, size } = layout(shape);
  const spec = { shape, slots: layers, paramCount: size, priors: fanInPriors(layers), noise: { kind: 'sampled' as const } };
  const row: string[] = [`widths ${JSON.stringify(widths)} (P=${size})`];
  row.push(`js-f64 ${(await time(new F64LogPosterior(spec, X, y), 2)).toFixed(0)}`);
  for (const be of ['wasm', 'cpu'] as const) {
    await useTensorBackend(be);
    const t = makeTfTarget(spec, X, y);
    row.push(`tfjs-${be} ${(await time(t, 2)).toFixed(0)}`);
    t.dispose();
  }
  console.log(row.join(' | '));
}
