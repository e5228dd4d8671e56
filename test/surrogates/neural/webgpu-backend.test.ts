/**
 * The WebGPU backend (Dawn via the `webgpu` package, under tfjs-backend-webgpu) against the float64
 * and wasm paths, within float32 tolerances. Runs wherever an adapter exists: lavapipe in CI
 * (BO_REQUIRE_WEBGPU=1 makes a missing adapter a failure), a GPU on a device host; skips with the
 * reason elsewhere. References: the float64 JS HMC-BNN engine (itself checked against central
 * differences in hmc-bnn/log-posterior.test.ts), the float64 DKL pullback (checked against finite
 * differences in dkl/dkl-gradients.test.ts), numpy logits for the PFN (pfn/fixtures, float64).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRows } from '../../../core/matrix.js';
import { createRng } from '../../../core/rng.js';
import { forwardBatch, initialWeights, networkLayout, pullback, type NetworkShape } from '../../../surrogates/dkl/feature-network.js';
import { devicePullback } from '../../../surrogates/dkl/dkl-device.js';
import { F64LogPosterior } from '../../../surrogates/hmc-bnn/log-posterior-f64.js';
import { makeDeviceTarget } from '../../../surrogates/hmc-bnn/log-posterior-device.js';
import { layout, type MlpShape } from '../../../surrogates/hmc-bnn/mlp.js';
import { fanInPriors } from '../../../surrogates/hmc-bnn/priors.js';
import { tf, useTensorBackend } from '../../../surrogates/neural/backend.js';
import { deviceBridge } from '../../../surrogates/neural/device-bridge.js';
import { loadPfnWeights } from '../../../surrogates/pfn/weights-file.js';
import { devicePfnFor } from '../../../surrogates/pfn/pfn-device.js';
import { PfnSurrogate, type FittedPfn } from '../../../surrogates/pfn/pfn-surrogate.js';
import { PfnTransformer } from '../../../surrogates/pfn/transformer.js';
import { webGpuSkipReason } from '../../support/webgpu.js';
import { writeRandomWeights } from '../pfn/fixtures/random-weights.js';

const skip = await webGpuSkipReason();

describe('WebGPU tensor backend', { skip: skip ?? false }, () => {
  before(async () => {
    await useTensorBackend('webgpu');
  });

  it('reports the adapter it runs on (name, vendor, software or hardware, limits)', async () => {
    const info = await useTensorBackend('webgpu');
    // The kernels run in the device thread; this thread's incidental tensor work stays on wasm.
    assert.equal(tf.getBackend(), 'wasm');
    assert.ok(info.adapter, 'adapter info present');
    assert.ok(info.adapter.limits.maxStorageBufferBindingSize >= 128 * 1024 * 1024, `binding limit ${info.adapter.limits.maxStorageBufferBindingSize}`);
    // The label names the vendor and says which kind of device it is; lavapipe must read as software.
    assert.match(info.device, new RegExp(`^${info.adapter.vendor || 'unknown vendor'} .*\\((hardware|software)\\) via the device thread`));
    if (/llvmpipe/.test(info.adapter.description + info.adapter.device)) assert.equal(info.adapter.software, true);
  });

  it('HMC-BNN: 8 chains in one batched pass equal the float64 engine (values 1e-4 relative, gradients 1e-3)', () => {
    const shape: MlpShape = { inputDim: 3, widths: [16, 16], activation: 'tanh' };
    const { layers, size: P } = layout(shape);
    const spec = { shape, slots: layers, paramCount: P, priors: fanInPriors(layers, 1, 1), noise: { kind: 'sampled' as const, priorMean: -3, priorSd: 1 } };
    const rng = createRng(11);
    const n = 40;
    const X = Float64Array.from({ length: n * 3 }, () => rng.uniform());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const C = 8;
    const states = Float64Array.from({ length: C * (P + 1) }, () => 0.4 * rng.normal());
    for (let c = 0; c < C; c++) states[c * (P + 1) + P] = -1.5 + 0.2 * c;
    const gG = new Float64Array(states.length);
    const gJ = new Float64Array(states.length);
    const t = makeDeviceTarget(spec, X, y);
    const vG = t.logDensity(states, C, gG);
    t.dispose();
    const vJ = new F64LogPosterior(spec, X, y).logDensity(states, C, gJ);
    for (let c = 0; c < C; c++) assert.ok(Math.abs(vG[c] - vJ[c]) < 1e-4 * Math.max(1, Math.abs(vJ[c])), `chain ${c}: ${vG[c]} vs ${vJ[c]}`);
    let worst = 0;
    for (let k = 0; k < gG.length; k++) worst = Math.max(worst, Math.abs(gG[k] - gJ[k]) / Math.max(1, Math.abs(gJ[k])));
    assert.ok(worst < 1e-3, `worst relative gradient difference ${worst}`);
  });

  it('DKL: the network pullback equals the float64 one (float32 tolerance, relative to the largest entry)', () => {
    const shape: NetworkShape = { inputDim: 4, widths: [16, 8], activation: 'tanh', skipInputs: false, featureDim: 3 };
    const net = networkLayout(shape);
    const rng = createRng(5);
    const w = initialWeights(net, rng);
    const n = 30;
    const X = { rows: n, cols: 4, data: Float64Array.from({ length: n * 4 }, () => rng.uniform()) };
    const G = { rows: n, cols: net.featureDim, data: Float64Array.from({ length: n * net.featureDim }, () => rng.normal()) };
    const ref = pullback(shape, net, w, forwardBatch(shape, net, w, X), G);
    const device = devicePullback(shape, net, X);
    try {
      const got = device.pull(w, G);
      let scale = 0;
      for (const g of ref) scale = Math.max(scale, Math.abs(g));
      for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(got[i] - ref[i]) < 1e-4 * (1 + scale), `w[${i}]: ${got[i]} vs ${ref[i]}`);
    } finally {
      device.dispose();
    }
  });

  it('a failing device op comes back as an error naming the op, and the thread keeps serving', () => {
    assert.throws(() => deviceBridge().callSync({ op: 'no-such-op' }, 1), /GPU device thread: unknown device op 'no-such-op'/);
    assert.throws(() => deviceBridge().callSync({ op: 'hmc-eval', id: 'missing', states: new Float64Array(2), chains: 1 }, 3), /no HMC target missing/);
    assert.deepEqual(Array.from(deviceBridge().callSync({ op: 'ping' }, 1)), [1]);
  });

  describe('PFN transformer', () => {
    const root = mkdtempSync(join(tmpdir(), 'pfn-webgpu-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const fixture = JSON.parse(readFileSync(new URL('../pfn/fixtures/random-parity.json', import.meta.url), 'utf8')) as {
      ctxX: number[][];
      ctxY: number[];
      qX: number[][];
      logits: number[][];
    };

    it('matches the numpy float64 logits to 1e-4, with keys/values resident across two query batches', async () => {
      writeRandomWeights(root, 1);
      const weights = await loadPfnWeights(root);
      // The context is encoded in this thread (wasm), scored in the device thread (WebGPU).
      const ctx = new PfnTransformer(weights).encodeContext(fromRows(fixture.ctxX), Float64Array.from(fixture.ctxY));
      const device = devicePfnFor(weights);
      for (let batch = 0; batch < 2; batch++) {
        const logits = device.queryLogits(ctx, fromRows(fixture.qX));
        const B = fixture.logits[0].length;
        let err = 0;
        fixture.logits.forEach((r, i) => r.forEach((v, k) => (err = Math.max(err, Math.abs(logits[i * B + k] - v)))));
        assert.ok(err < 1e-4, `batch ${batch}: max |Δlogit| = ${err}`);
      }
    });

    it('the PFN surrogate fitted under webgpu scores through the device and agrees with wasm to 1e-4', async () => {
      const weights = await loadPfnWeights(root);
      const data = { X: fromRows(fixture.ctxX), y: Float64Array.from(fixture.ctxY) };
      const Q = fromRows(fixture.qX);
      await useTensorBackend('wasm');
      const onWasm = ((await new PfnSurrogate({}, weights).fit(data, { rng: createRng(1) })) as FittedPfn).logits(Q);
      await useTensorBackend('webgpu');
      const onGpu = ((await new PfnSurrogate({}, weights).fit(data, { rng: createRng(1) })) as FittedPfn).logits(Q);
      let err = 0;
      for (let i = 0; i < onWasm.length; i++) err = Math.max(err, Math.abs(onWasm[i] - onGpu[i]));
      assert.ok(err < 1e-4, `max |Δlogit| wasm vs webgpu = ${err}`);
    });
  });
});
