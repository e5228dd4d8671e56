/**
 * The mixing-law prior of the multi-fidelity policy (policy/mixing-law-prior.ts): the basis is the
 * law fitted on the lower-level runs, centred (checked against the exact law the runs came from:
 * differences of φ between mixtures equal the law's); φ ≡ 0 with fewer than 3 such runs; the
 * policy runs with it in continuous and pool mode, fits it (diagnostics.mixingLaw, the kernel's
 * basisScale) and never falls back; a study without a simplex is refused at create with the path.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { dirichlet } from '../../core/simplex.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { mixingLawPrior } from '../../policy/mixing-law-prior.js';
import { resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';
import type { Observation } from '../../policy/types.js';

const comps = ['a', 'b', 'c', 'd'];
const spec: SpaceSpec = {
  w: { type: 'simplex', components: comps },
  size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'big', cost: 1 }], target: 'big' },
};
/** A law of Ye et al.'s form (loss, minimized), the same shape at both levels plus an offset. */
const law = (w: Record<string, number>) => 2 + 0.5 * Math.exp(-3 * w.a + 1.5 * w.b - 0.5 * w.c);
const loss = (p: Params) => law(p.w as Record<string, number>) + (p.size === 'small' ? 0.4 : 0);

describe('mixing-law prior', () => {
  it('the basis is the centred law of the lower-level runs', () => {
    const space = createSearchSpace(spec);
    const rng = createRng(1);
    const runs = Array.from({ length: 40 }, () => {
      const w = dirichlet([1, 1, 1, 1], rng);
      return { w: Object.fromEntries(comps.map((c, i) => [c, w[i]])), size: 'small' };
    });
    const X = runs.map((p) => space.encode(p));
    const Xm = { rows: 40, cols: space.dim, data: Float64Array.from(X.flatMap((x) => Array.from(x))) };
    // Standardized, as the policy passes them (per-level z-scores).
    const raw = runs.map(loss);
    const m0 = raw.reduce((s, v) => s + v, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - m0) ** 2, 0) / raw.length);
    const z = raw.map((v) => (v - m0) / sd);
    const prior = mixingLawPrior(space, Xm, runs.map(() => 0), z, 1);
    // The ridge on t (1e-3) shrinks the law a little: within 5% of the values' spread (sd 1).
    assert.ok(prior.law && prior.law.rmse < 0.05, `rmse ${prior.law?.rmse}`);
    for (let i = 0; i < 10; i++) assert.ok(Math.abs(prior.basis.value(X[i]) - z[i]) < 0.1, `run ${i}: ${prior.basis.value(X[i])} vs ${z[i]}`);
    // Fewer than 3 lower-level runs: φ ≡ 0.
    const few = mixingLawPrior(space, Xm, runs.map((_, i) => (i < 2 ? 0 : 1)), z, 1);
    assert.equal(few.law, undefined);
    assert.equal(few.basis.value(X[0]), 0);
  });

  it('the policy fits it in continuous and pool mode without falling back', async () => {
    const space = createSearchSpace(spec);
    const algorithm = AlgorithmSpec.parse({ seed: 4 });
    const rng = createRng(2);
    const pool: Params[] = [];
    for (let i = 0; i < 30; i++) {
      const w = dirichlet([1, 1, 1, 1], rng);
      for (const size of ['small', 'big']) pool.push({ w: Object.fromEntries(comps.map((c, j) => [c, w[j]])), size });
    }
    for (const mode of ['continuous', 'pool'] as const) {
      const policy = new MfPolicy({ prior: 'mixing-law', lowLevelShare: 1, initialTrials: 4, rawSamples: 32, restarts: 1, maxIterations: 5, maxValueSamples: 2, fit: { restarts: 0, maxIterations: 15 }, ...(mode === 'pool' ? { pool } : {}) });
      const completed: Observation[] = [];
      let last: Record<string, unknown> = {};
      for (let step = 0; step < 8; step++) {
        const d = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1 });
        assert.notEqual(d.diagnostics.phase, 'fallback', String(d.diagnostics.fallbackReason));
        last = d.diagnostics as Record<string, unknown>;
        completed.push({ params: d.suggestions[0], value: loss(d.suggestions[0]) });
      }
      assert.equal(last.phase, 'model');
      const fitted = last.mixingLaw as { runs: number; rmse?: number };
      assert.ok(fitted.runs >= 3 && typeof fitted.rmse === 'number', `${mode}: ${JSON.stringify(last.mixingLaw)}`);
      assert.ok(typeof (last.model as Record<string, unknown>).basisScale === 'number', mode);
    }
  });

  it('needs a simplex parameter: refused at create with the path', () => {
    const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, size: spec.size });
    const algorithm = AlgorithmSpec.parse({ multiFidelity: { prior: 'mixing-law' } });
    assert.throws(() => resolveEffectiveAlgorithm({ algorithm, space, pool: false }), (e: unknown) => {
      assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT');
      assert.ok(e.message.startsWith('algorithm.multiFidelity.prior') || (e.issues ?? []).some((i) => i.path.join('.') === 'algorithm.multiFidelity.prior'), e.message);
      return true;
    });
    assert.throws(() => AlgorithmSpec.parse({ multiFidelity: { prior: 'ye' } }));
  });
});
