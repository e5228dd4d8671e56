/**
 * Gradient evaluations per second of the HMC-BNN log posterior: float64 JS (log-posterior-f64.ts)
 * and TensorFlow.js (log-posterior.ts) on the wasm and cpu backends, at n = 100, d = 6, C = 4 chains.
 * Run: npx tsx benchmarks/hmc-bnn/grad-speed.ts [widths JSON, default [[50],[50,50]]]
 * A "chain-grad" is one chain's log density + gradient; a batched call does C of them.
 */
import { createRng } from '../../core/rng.js';
import { F64LogPosterior } from '../../surrogates/hmc-bnn/log-posterior-f64.js';
import { makeLogPosterior } from '../../surrogates/hmc-bnn/log-posterior.js';
import { makeTfTarget } from '../../surrogates/hmc-bnn/log-posterior-tf.js';
import { layout, type MlpShape } from '../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../surrogates/hmc-bnn/priors.js';
import { ensureTensorBackend, tf, useTensorBackend } from '../../surrogates/neural/backend.js';
import type { BatchedTarget } from '../../surrogates/hmc-bnn/hmc.js';

const widthsList: number[][] = JSON.parse(process.argv[2] ?? '[[50],[50,50]]');
const n = 100;
const d = 6;
const C = 4;
const rng = createRng(1);
const X = Float64Array.from({ length: n * d }, () => rng.uniform());
const y = Float64Array.from({ length: n }, () => rng.normal());

/** "wall/s (per CPU-s)": the second figure divides by process CPU time, ≈ the idle-core rate on a shared machine. */
async function time(target: BatchedTarget, seconds: number): Promise<string> {
  const th = Float64Array.from({ length: C * target.dim }, () => 0.1 * rng.normal());
  const g = new Float64Array(th.length);
  await target.logDensity(th, C, g); // warm-up (JIT, kernel compilation)
  let calls = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < seconds * 1000) {
    await target.logDensity(th, C, g);
    calls++;
  }
  const cpu = process.cpuUsage(c0);
  const wall = (calls * C * 1000) / (performance.now() - t0);
  const perCpu = (calls * C * 1e6) / (cpu.user + cpu.system);
  return `${wall.toFixed(0)} (${perCpu.toFixed(0)})`;
}

await ensureTensorBackend();
console.log(`n=${n} d=${d} chains=${C}; chain-grad evaluations per second, wall (per CPU-second)`);
for (const widths of widthsList) {
  const shape: MlpShape = { inputDim: d, widths, activation: 'tanh' };
  const { layers, size } = layout(shape);
  const spec = { shape, slots: layers, paramCount: size, priors: fanInPriors(layers), noise: { kind: 'sampled' as const } };
  const row: string[] = [`widths ${JSON.stringify(widths)} (P=${size})`];
  row.push(`js-f64 ${await time(new F64LogPosterior(spec, X, y), 2)}`);
  for (const be of ['wasm', 'cpu'] as const) {
    await useTensorBackend(be);
    const t = makeTfTarget(spec, X, y);
    row.push(`tfjs-${be} ${await time(t, 2)}`);
    t.dispose();
    // The first version: tape autograd (tf.valueAndGrad) over the whole log posterior.
    const Xt = tf.tensor2d(Float32Array.from(X), [n, d]);
    const yt = tf.tensor1d(Float32Array.from(y));
    const vg = tf.valueAndGrad(makeLogPosterior(tf as never, spec, Xt as never, yt as never) as never);
    const dy = tf.ones([C]);
    const auto: BatchedTarget = {
      dim: size + 1,
      logDensity(states, chains, grad) {
        const out = tf.tidy(() => {
          const r = vg(tf.tensor2d(Float32Array.from(states), [chains, size + 1]), dy as never) as unknown as { value: ReturnType<typeof tf.ones>; grad: ReturnType<typeof tf.ones> };
          return [r.value, r.grad];
        });
        grad.set(out[1].dataSync());
        const v = Float64Array.from(out[0].dataSync());
        out.forEach((x) => x.dispose());
        return v;
      },
    };
    row.push(`tfjs-${be}-autograd ${await time(auto, 2)}`);
    [Xt, yt, dy].forEach((x) => x.dispose());
  }
  console.log(row.join(' | '));
}
