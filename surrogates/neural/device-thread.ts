/**
 * The GPU device thread (started by device-bridge.ts): TensorFlow.js on its WebGPU backend, with the
 * hot paths' device state kept here across calls (HMC-BNN's training data, DKL's inputs for a whole
 * training run, the PFN's weights and resident context). Each message runs one op, writes float64 results into the caller's shared
 * buffer and wakes it (Atomics.notify). Ops run one at a time, in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { makeTfTarget, type DisposableTarget } from '../hmc-bnn/log-posterior-tf.js';
import type { LogPosteriorSpec } from '../hmc-bnn/log-posterior.js';
import type { PfnWeights } from '../pfn/manifest.js';
import { PfnTransformer, type PfnContext } from '../pfn/transformer.js';
import type { Matrix } from '../../core/matrix.js';
import type { NetworkLayout, NetworkShape } from '../dkl/feature-network.js';
import { tfInputs, tfPullbackAsync, type TfInputs } from '../dkl/tf-pullback.js';
import { tf } from './backend.js';
import { registerWebGpuBackend } from './webgpu-tfjs.js';

interface Job {
  readonly call: { op: string } & Record<string, unknown>;
  readonly length: number;
  readonly out: Float64Array;
  readonly ctrl: Int32Array;
  readonly errors: Uint8Array;
}

const ready = (async () => {
  await registerWebGpuBackend();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend(webgpu) failed in the device thread');
  await tf.ready();
})();

const hmcTargets = new Map<string, DisposableTarget>();
const dklInputs = new Map<string, TfInputs>();
const pfnModels = new Map<string, { model: PfnTransformer; ctxId: string | null; ctx: PfnContext | null }>();

async function run(call: Job['call']): Promise<ArrayLike<number>> {
  await ready;
  switch (call.op) {
    case 'ping':
      return [1];
    case 'hmc-init': {
      const t = makeTfTarget(call.spec as LogPosteriorSpec, call.X as Float64Array, call.y as Float64Array);
      hmcTargets.set(call.id as string, t);
      return [t.dim];
    }
    case 'hmc-eval': {
      const t = hmcTargets.get(call.id as string);
      if (!t) throw new Error(`no HMC target ${String(call.id)}`);
      const C = call.chains as number;
      const states = call.states as Float64Array;
      const grad = new Float64Array(states.length);
      const values = await t.logDensityAsync(states, C, grad);
      const res = new Float64Array(C + grad.length);
      res.set(values);
      res.set(grad, C);
      return res;
    }
    case 'pfn-init': {
      if (!pfnModels.has(call.key as string)) pfnModels.set(call.key as string, { model: new PfnTransformer(call.weights as PfnWeights), ctxId: null, ctx: null });
      return [1];
    }
    case 'pfn-query': {
      const m = pfnModels.get(call.key as string);
      if (!m) throw new Error(`no PFN model ${String(call.key)}`);
      if (call.ctx) {
        m.ctx = call.ctx as PfnContext;
        m.ctxId = call.ctxId as string;
        m.model.adoptContext(m.ctx);
      }
      if (!m.ctx || m.ctxId !== call.ctxId) throw new Error(`PFN context ${String(call.ctxId)} is not on the device`);
      return m.model.queryLogitsAsync(m.ctx, call.Q as Matrix);
    }
    case 'dkl-init': {
      dklInputs.set(call.id as string, tfInputs(call.X as Matrix));
      return [1];
    }
    case 'dkl-pull': {
      const inputs = dklInputs.get(call.id as string);
      if (!inputs) throw new Error(`no DKL inputs ${String(call.id)}`);
      return tfPullbackAsync(call.shape as NetworkShape, call.layout as NetworkLayout, call.w as Float64Array, inputs, call.G as Matrix);
    }
    case 'release': {
      hmcTargets.get(call.id as string)?.dispose();
      hmcTargets.delete(call.id as string);
      dklInputs.get(call.id as string)?.dispose();
      dklInputs.delete(call.id as string);
      return [1];
    }
    default:
      throw new Error(`unknown device op '${call.op}'`);
  }
}

function answer(job: Job, res: ArrayLike<number>): void {
  if (res.length > job.length) return fail(job, new Error(`op ${job.call.op}: ${res.length} results for ${job.length} slots`));
  job.out.set(res);
  Atomics.store(job.ctrl, 0, 1);
  Atomics.notify(job.ctrl, 0);
}

function fail(job: Job, e: unknown): void {
  const bytes = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).slice(0, job.errors.length);
  job.errors.set(bytes);
  Atomics.store(job.ctrl, 1, bytes.length);
  Atomics.store(job.ctrl, 0, 2);
  Atomics.notify(job.ctrl, 0);
}

// One op at a time, in arrival order: ops share the device state above.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (job: Job) => {
  queue = queue.then(() => run(job.call).then((res) => answer(job, res), (e: unknown) => fail(job, e)));
});
