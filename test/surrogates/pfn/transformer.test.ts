/**
 * PFN forward pass and weights loading.
 * - Random tiny weights (fixtures/random-weights.ts, seed 1) in the contract format; reference
 *   logits from the independent numpy implementation fixtures/reference_forward.py (float64):
 *     npx tsx test/surrogates/pfn/fixtures/make-random-parity.ts   (d = 3 < maxDim = 4, raw y; runs
 *     python3 fixtures/reference_forward.py on the written weights → fixtures/random-parity.json)
 *   TS (float32) must match to 1e-4 absolute, on the wasm and cpu backends.
 * - The shipped weights' parity.json (written by the trainer with torch), when present: 1e-4.
 * - Queries are independent: logits of a query do not depend on the other queries in the batch.
 * - Loading fails with clear errors: missing files, size mismatch, hash mismatch, missing tensor, bad manifest.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fromRows } from '../../../core/matrix.js';
import { tf, useTensorBackend } from '../../../surrogates/neural/backend.js';
import { loadPfnWeights, pfnWeightsDir } from '../../../surrogates/pfn/weights-file.js';
import { PfnTransformer, transformerFor } from '../../../surrogates/pfn/transformer.js';
import { createRng } from '../../../core/rng.js';
import type { PfnBarPosterior } from '../../../surrogates/pfn/bar-posterior.js';
import { PfnSurrogate, type FittedPfn } from '../../../surrogates/pfn/pfn-surrogate.js';
import { writeRandomWeights } from './fixtures/random-weights.js';

const root = mkdtempSync(join(tmpdir(), 'pfn-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
const fixture = JSON.parse(readFileSync(new URL('./fixtures/random-parity.json', import.meta.url), 'utf8')) as {
  ctxX: number[][];
  ctxY: number[];
  qX: number[][];
  logits: number[][];
};

function maxAbsDiff(a: ArrayLike<number>, rows: number[][]): number {
  const B = rows[0].length;
  let m = 0;
  rows.forEach((r, i) => r.forEach((v, k) => (m = Math.max(m, Math.abs(a[i * B + k] - v)))));
  return m;
}

describe('PFN transformer: random weights vs numpy reference', () => {
  const dir = join(root, 'random');
  writeRandomWeights(dir, 1);

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`matches numpy logits to 1e-4 on ${backend}`, async () => {
      await useTensorBackend(backend);
      const w = await loadPfnWeights(dir);
      const t = new PfnTransformer(w);
      const ctx = t.encodeContext(fromRows(fixture.ctxX), Float64Array.from(fixture.ctxY));
      const logits = t.queryLogits(ctx, fromRows(fixture.qX));
      const err = maxAbsDiff(logits, fixture.logits);
      assert.ok(err < 1e-4, `max |Δlogit| = ${err}`);
    });
  }

  it('queries are independent of each other (batch of 1 vs batch of 5; duplicated rows)', async () => {
    const t = transformerFor(await loadPfnWeights(dir));
    const ctx = t.encodeContext(fromRows(fixture.ctxX), Float64Array.from(fixture.ctxY));
    const all = t.queryLogits(ctx, fromRows(fixture.qX));
    const B = fixture.logits[0].length;
    const one = t.queryLogits(ctx, fromRows([fixture.qX[3]]));
    for (let k = 0; k < B; k++) assert.ok(Math.abs(one[k] - all[3 * B + k]) < 1e-5);
    const dup = t.queryLogits(ctx, fromRows([fixture.qX[3], fixture.qX[3], fixture.qX[0]]));
    for (let k = 0; k < B; k++) assert.ok(Math.abs(dup[B + k] - all[3 * B + k]) < 1e-5);
  });

  it('leaks no tensors: fits and posteriors leave tf.memory().numTensors unchanged', async () => {
    const w = await loadPfnWeights(dir);
    const s = new PfnSurrogate({}, w);
    const data = { X: fromRows(fixture.ctxX), y: Float64Array.from(fixture.ctxY) };
    await s.fit(data, { rng: createRng(1) }); // builds the model's persistent weight tensors once
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) (await s.fit(data, { rng: createRng(k) })).posterior(fromRows(fixture.qX)).mean();
    assert.equal(tf.memory().numTensors, before);
  });

  it('a context whose device copy was replaced by a newer one gives the same logits from its host copy', async () => {
    const t = transformerFor(await loadPfnWeights(dir));
    const ctxA = t.encodeContext(fromRows(fixture.ctxX), Float64Array.from(fixture.ctxY));
    const resident = t.queryLogits(ctxA, fromRows(fixture.qX));
    t.encodeContext(fromRows(fixture.ctxX.slice(1)), Float64Array.from(fixture.ctxY.slice(1))); // evicts ctxA from the device
    const uploaded = t.queryLogits(ctxA, fromRows(fixture.qX));
    // Same float32 arithmetic on the same numbers: only the storage of K/V differs.
    for (let i = 0; i < resident.length; i++) assert.ok(Math.abs(resident[i] - uploaded[i]) < 1e-6, `logit ${i}: ${resident[i]} vs ${uploaded[i]}`);
  });

  it('context order does not matter (no positional encoding)', async () => {
    const t = transformerFor(await loadPfnWeights(dir));
    const a = t.queryLogits(t.encodeContext(fromRows(fixture.ctxX), Float64Array.from(fixture.ctxY)), fromRows(fixture.qX));
    const perm = fixture.ctxX.map((_, i) => fixture.ctxX.length - 1 - i);
    const b = t.queryLogits(t.encodeContext(fromRows(perm.map((i) => fixture.ctxX[i])), Float64Array.from(perm.map((i) => fixture.ctxY[i]))), fromRows(fixture.qX));
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    assert.ok(m < 1e-4, `permutation changed logits by ${m}`);
  });
});

describe('PFN transformer: shipped weights parity (torch export)', () => {
  const dir = pfnWeightsDir();
  const parityFile = join(dir, 'parity.json');
  it('matches parity.json logits to 1e-4 (skipped until the trainer exports)', { skip: !existsSync(parityFile) && 'no shipped parity.json yet' }, async () => {
    await useTensorBackend('wasm');
    const parity = JSON.parse(readFileSync(parityFile, 'utf8')) as typeof fixture;
    const t = transformerFor(await loadPfnWeights(dir));
    const logits = t.queryLogits(t.encodeContext(fromRows(parity.ctxX), Float64Array.from(parity.ctxY)), fromRows(parity.qX));
    const err = maxAbsDiff(logits, parity.logits);
    assert.ok(err < 1e-4, `max |Δlogit| = ${err}`);
  });

  it('bar NLL of the held-out targets matches parity.json nll (normalized units, 1e-4)', { skip: !existsSync(parityFile) && 'no shipped parity.json yet' }, async () => {
    const parity = JSON.parse(readFileSync(parityFile, 'utf8')) as typeof fixture & { qY?: number[]; nll?: number[] };
    if (!parity.qY || !parity.nll) return;
    const w = await loadPfnWeights(dir);
    const fitted = (await new PfnSurrogate({}, w).fit({ X: fromRows(parity.ctxX), y: Float64Array.from(parity.ctxY) }, { rng: createRng(1) })) as FittedPfn;
    const nll = (fitted.posterior(fromRows(parity.qX)) as PfnBarPosterior).nll(parity.qY);
    // Our NLL is in raw y units; the trainer's in normalized units: subtract log(std of ctx y).
    const logStd = Math.log(fitted.diagnostics().yStd as number);
    parity.nll.forEach((v, i) => assert.ok(Math.abs(nll[i] - logStd - v) < 1e-4, `query ${i}: ${nll[i] - logStd} vs ${v}`));
  });
});

describe('PFN weights loading errors', () => {
  const fresh = (name: string): string => {
    const d = join(root, name);
    writeRandomWeights(d, 2);
    return d;
  };

  it('weights directory: explicit option > BO_PFN_WEIGHTS > shipped folder', () => {
    const saved = process.env.BO_PFN_WEIGHTS;
    try {
      process.env.BO_PFN_WEIGHTS = '/somewhere/env';
      assert.equal(pfnWeightsDir(), '/somewhere/env');
      assert.equal(pfnWeightsDir('/explicit'), '/explicit');
      delete process.env.BO_PFN_WEIGHTS;
      assert.match(pfnWeightsDir(), /surrogates\/pfn\/weights$/);
    } finally {
      if (saved === undefined) delete process.env.BO_PFN_WEIGHTS;
      else process.env.BO_PFN_WEIGHTS = saved;
    }
  });

  it('missing directory / files name the file', async () => {
    await assert.rejects(loadPfnWeights(join(root, 'nope')), (e: Error) => /nope\/manifest\.json: file not found/.test(e.message) && (e as { code?: string }).code === 'FAILED_PRECONDITION');
    const d = fresh('nobin');
    rmSync(join(d, 'weights.bin'));
    await assert.rejects(loadPfnWeights(d), /weights\.bin: file not found/);
  });

  it('size mismatch, hash mismatch, missing tensor, bad manifest', async () => {
    const d1 = fresh('size');
    const bin = readFileSync(join(d1, 'weights.bin'));
    writeFileSync(join(d1, 'weights.bin'), bin.subarray(0, bin.length - 4));
    await assert.rejects(loadPfnWeights(d1), /weights\.bin: size mismatch: \d+ bytes on disk, manifest says weightsBytes = \d+/);

    const d2 = fresh('hash');
    const b2 = Buffer.from(readFileSync(join(d2, 'weights.bin')));
    b2[10] ^= 0xff;
    writeFileSync(join(d2, 'weights.bin'), b2);
    await assert.rejects(loadPfnWeights(d2), /weights\.bin: sha256 mismatch/);

    const d3 = fresh('tensor');
    const m3 = JSON.parse(readFileSync(join(d3, 'manifest.json'), 'utf8'));
    m3.tensors[m3.tensors.length - 1].name = 'decoder.2.renamed';
    writeFileSync(join(d3, 'manifest.json'), JSON.stringify(m3));
    await assert.rejects(loadPfnWeights(d3), /missing tensor 'decoder\.2\.bias'/);

    const d4 = fresh('schema');
    const m4 = JSON.parse(readFileSync(join(d4, 'manifest.json'), 'utf8'));
    delete m4.architecture.nHeads;
    m4.format = 'other';
    writeFileSync(join(d4, 'manifest.json'), JSON.stringify(m4));
    await assert.rejects(loadPfnWeights(d4), /manifest\.json: invalid manifest \(.*format.*architecture\.nHeads/);
  });
});
