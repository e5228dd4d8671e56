/**
 * `npm run gpu:check`: the adapter this machine offers and a short benchmark of the WebGPU backend
 * against wasm on the same machine, unattended (a few minutes on a GPU; longer on lavapipe).
 *   - HMC-BNN: chain-gradient evaluations per second, 64 chains in one batched call (n = 100, d = 6,
 *     widths [50, 50]); float64 JS shown as the CPU engine the surrogate uses for small nets.
 *   - PFN: latency of scoring 1,024 candidates against a context of n = 100 and n = 1,000 points
 *     (shipped weights; the context resident on the device), median of the repetitions.
 *   - DKL: one cold fit (n = 100, d = 6, default network, 150 steps, no restarts).
 * Env: BO_GPU_CHECK_SECONDS (per HMC measurement, default 3), BO_GPU_CHECK_REPS (PFN, default 10).
 * Exit code 1 if no WebGPU adapter is found (the figures would be meaningless).
 */
import { performance } from 'node:perf_hooks';
import { createRng } from '../../core/rng.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { F64LogPosterior } from '../../surrogates/hmc-bnn/log-posterior-f64.js';
import { makeDeviceTarget } from '../../surrogates/hmc-bnn/log-posterior-device.js';
import { makeTfTarget } from '../../surrogates/hmc-bnn/log-posterior-tf.js';
import { layout, type MlpShape } from '../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../surrogates/hmc-bnn/priors.js';
import type { BatchedTarget } from '../../surrogates/hmc-bnn/hmc.js';
import { useTensorBackend, type TensorBackendName } from '../../surrogates/neural/backend.js';
import { closeDeviceBridge } from '../../surrogates/neural/device-bridge.js';
import { probeWebGpu } from '../../surrogates/neural/webgpu-adapter.js';
import { devicePfnFor } from '../../surrogates/pfn/pfn-device.js';
import { PfnTransformer } from '../../surrogates/pfn/transformer.js';
import { loadPfnWeights } from '../../surrogates/pfn/weights-file.js';

const SECONDS = Number(process.env.BO_GPU_CHECK_SECONDS ?? 3);
const REPS = Number(process.env.BO_GPU_CHECK_REPS ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function adapterReport(): Promise<boolean> {
  const found = await probeWebGpu();
  if (!found.ok) {
    console.log(`adapter: none (${found.reason})`);
    return false;
  }
  const a = found.info;
  console.log(`adapter: vendor=${a.vendor} architecture=${a.architecture} device=${a.device} description=${a.description} software=${a.software}`);
  console.log(`limits: ${JSON.stringify(a.limits)}`);
  return true;
}

/** Chain-gradients per second over ~SECONDS after one warm-up call (shader compilation, JIT). */
function gradRate(target: Pick<BatchedTarget, 'dim' | 'logDensity'>, C: number): number {
  const rng = createRng(3);
  const th = Float64Array.from({ length: C * target.dim }, () => 0.1 * rng.normal());
  const g = new Float64Array(th.length);
  target.logDensity(th, C, g);
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    target.logDensity(th, C, g);
    calls++;
  }
  return (calls * C * 1000) / (performance.now() - t0);
}

function hmc(): void {
  const n = 100;
  const d = 6;
  const C = 64;
  const rng = createRng(1);
  const X = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const shape: MlpShape = { inputDim: d, widths: [50, 50], activation: 'tanh' };
  const { layers, size } = layout(shape);
  const spec = { shape, slots: layers, paramCount: size, priors: fanInPriors(layers), noise: { kind: 'sampled' as const } };
  const wasm = makeTfTarget(spec, X, y);
  const rWasm = gradRate(wasm, C);
  wasm.dispose();
  const rJs = gradRate(new F64LogPosterior(spec, X, y), C);
  const dev = makeDeviceTarget(spec, X, y);
  const rGpu = gradRate(dev, C);
  dev.dispose();
  console.log(`hmc-bnn n=${n} d=${d} widths=[50,50] P=${size} chains=${C}: chain-grad/s webgpu=${rGpu.toFixed(0)} wasm=${rWasm.toFixed(0)} js-f64=${rJs.toFixed(0)} ratio webgpu/wasm=${(rGpu / rWasm).toFixed(2)}`);
}

async function pfn(): Promise<void> {
  const weights = await loadPfnWeights();
  const d = 6;
  const m = 1024;
  const host = new PfnTransformer(weights);
  const device = devicePfnFor(weights);
  for (const n of [100, 1000]) {
    const rng = createRng(n);
    const ctxX = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
    const ctxY = Float64Array.from({ length: n }, () => rng.normal());
    const Q = { rows: m, cols: d, data: Float64Array.from({ length: m * d }, () => rng.uniform()) };
    const t0 = performance.now();
    const ctx = host.encodeContext(ctxX, ctxY);
    const encodeMs = performance.now() - t0;
    const times = { wasm: [] as number[], webgpu: [] as number[] };
    host.queryLogits(ctx, Q); // warm-up
    device.queryLogits(ctx, Q); // warm-up and context upload
    for (let r = 0; r < REPS; r++) {
      let s = performance.now();
      host.queryLogits(ctx, Q);
      times.wasm.push(performance.now() - s);
      s = performance.now();
      device.queryLogits(ctx, Q);
      times.webgpu.push(performance.now() - s);
    }
    const w = median(times.wasm);
    const g = median(times.webgpu);
    console.log(`pfn n=${n} candidates=${m}: query ms (median of ${REPS}) webgpu=${g.toFixed(1)} wasm=${w.toFixed(1)} ratio wasm/webgpu=${(w / g).toFixed(2)}; context encode (wasm, once per fit) ${encodeMs.toFixed(0)} ms`);
  }
}

async function dkl(): Promise<void> {
  const n = 100;
  const d = 6;
  const rng = createRng(7);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X.data[i * d]) + 0.1 * rng.normal());
  const out: string[] = [];
  for (const be of ['wasm', 'webgpu'] as TensorBackendName[]) {
    await useTensorBackend(be);
    const s = new DklSurrogate({ steps: 150, pretrainSteps: 0, restarts: 0, patience: 1000 });
    const t0 = performance.now();
    await s.fit({ X, y }, { rng: createRng(1) });
    out.push(`${be}=${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  console.log(`dkl n=${n} d=${d} fit (150 steps, cold, no restarts): ${out.join(' ')}`);
}

console.log(`gpu:check ${new Date().toISOString()} node ${process.version}`);
if (!(await adapterReport())) process.exit(1);
const info = await useTensorBackend('webgpu');
console.log(`backend: ${info.name} on ${info.device} (started in ${info.ms} ms)`);
await useTensorBackend('wasm');
hmc();
await pfn();
await dkl();
await closeDeviceBridge();
process.exit(0);
