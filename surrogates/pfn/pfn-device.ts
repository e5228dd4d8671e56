/**
 * PFN queries scored in the GPU device thread (neural/device-bridge.ts). The context is encoded in
 * the caller's thread once per fit; its keys/values cross to the device with the first query
 * against it and stay resident there for every later query batch (the acquisition optimizer's many
 * posterior calls), so a query batch uploads only its rows: one dispatch chain per 4,096 rows.
 */
import { randomUUID } from 'node:crypto';
import type { Matrix } from '../../core/matrix.js';
import { deviceBridge } from '../neural/device-bridge.js';
import type { PfnWeights } from './manifest.js';
import type { PfnContext } from './transformer.js';

/** queryLogits with the model in the device thread (same contract as PfnTransformer.queryLogits). */
export interface PfnQueryEngine {
  queryLogits(ctx: PfnContext, Q: Matrix): Float32Array;
}

class DevicePfn implements PfnQueryEngine {
  private readonly key = randomUUID();
  private readonly ids = new WeakMap<PfnContext, string>();
  private onDevice: string | null = null;

  constructor(
    weights: PfnWeights,
    private readonly nBuckets: number,
  ) {
    deviceBridge().callSync({ op: 'pfn-init', key: this.key, weights }, 1);
  }

  queryLogits(ctx: PfnContext, Q: Matrix): Float32Array {
    let ctxId = this.ids.get(ctx);
    if (!ctxId) {
      ctxId = randomUUID();
      this.ids.set(ctx, ctxId);
    }
    const send = this.onDevice !== ctxId;
    const out = deviceBridge().callSync({ op: 'pfn-query', key: this.key, ctxId, Q, ...(send ? { ctx } : {}) }, Q.rows * this.nBuckets);
    this.onDevice = ctxId;
    return Float32Array.from(out);
  }
}

const engines = new WeakMap<PfnWeights, DevicePfn>();

/** The device-thread query engine of a weights object (its model is built there once). */
export function devicePfnFor(weights: PfnWeights): PfnQueryEngine {
  let e = engines.get(weights);
  if (!e) {
    e = new DevicePfn(weights, weights.manifest.architecture.nBuckets);
    engines.set(weights, e);
  }
  return e;
}
