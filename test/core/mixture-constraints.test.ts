import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import { mixtureBounds, projectMixture } from '../../core/mixture-constraints.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { SimplexParam, SpaceSpec } from '../../protocol/space.js';
import { dykstra } from './dykstra.js';

const comps = ['web', 'code', 'books', 'wiki', 'math'];
const mix = (extra: Partial<SimplexParam>): SpaceSpec => ({ mix: { type: 'simplex', components: comps, ...extra } as SimplexParam });

function expectInvalid(fn: () => unknown, path: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BoError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    const paths = (e.issues ?? []).map((i) => i.path.join('.'));
    assert.ok(paths.includes(path) || e.message.startsWith(`${path}:`), `expected path ${path}, got ${paths.join(', ')} / ${e.message}`);
    return true;
  });
}

/** Every constraint of the spec, checked from its own fields (not from mixtureBounds). */
function assertFeasible(w: Record<string, number>, p: SimplexParam, what: string): void {
  const total = Object.values(w).reduce((s, t) => s + t, 0);
  assert.ok(Math.abs(total - 1) < 1e-12, `${what}: sum ${total}`);
  for (const c of p.components) {
    const v = w[c];
    assert.ok(v >= (p.min?.[c] ?? 0) - 1e-12, `${what}: ${c} = ${v} below min`);
    assert.ok(v <= (p.max?.[c] ?? 1) + 1e-12, `${what}: ${c} = ${v} above max`);
    if (p.tokens) assert.ok(v <= (p.tokens.available[c] * p.tokens.maxEpochs) / p.tokens.totalTokens + 1e-12, `${what}: ${c} = ${v} above its token budget`);
    if (p.minWeight !== undefined) assert.ok(v === 0 || v >= p.minWeight - 1e-12, `${what}: ${c} = ${v} non-zero below minWeight`);
  }
}

const constrained: SimplexParam = {
  type: 'simplex',
  components: comps,
  min: { web: 0.2 },
  max: { code: 0.3 },
  // RegMix-style: books has 10B tokens, 4 epochs allowed, 200B total -> cap 0.2; math 2B -> 0.04.
  tokens: { available: { web: 500, code: 100, books: 10, wiki: 30, math: 2 }, totalTokens: 200, maxEpochs: 4 },
  minWeight: 0.05,
};

describe('mixture constraints on a simplex parameter', () => {
  it('refuses infeasible specs at create with the field path', () => {
    expectInvalid(() => createSearchSpace(mix({ min: { web: 0.6, code: 0.5 } })), 'space.mix.min');
    expectInvalid(() => createSearchSpace(mix({ max: { web: 0.1, code: 0.1, books: 0.1, wiki: 0.1, math: 0.1 } })), 'space.mix.max');
    expectInvalid(() => createSearchSpace(mix({ min: { web: 0.3 }, max: { web: 0.2 } })), 'space.mix.min.web');
    expectInvalid(() => createSearchSpace(mix({ min: { nope: 0.1 } })), 'space.mix.min.nope');
    expectInvalid(() => createSearchSpace(mix({ tokens: { available: { web: 1, code: 1, books: 1, wiki: 1, math: 1 }, totalTokens: 100, maxEpochs: 4 } })), 'space.mix.tokens');
    expectInvalid(() => createSearchSpace(mix({ tokens: { available: { web: 1 }, totalTokens: 1, maxEpochs: 1 } })), 'space.mix.tokens.available.code');
    expectInvalid(() => createSearchSpace(mix({ min: { web: 0.01 }, minWeight: 0.05 })), 'space.mix.min.web');
    // Caps 0.3 each: at least 4 components, each >= minWeight 0.3 -> 1.2 > 1.
    expectInvalid(() => createSearchSpace(mix({ max: { web: 0.3, code: 0.3, books: 0.3, wiki: 0.3, math: 0.3 }, minWeight: 0.3 })), 'space.mix.minWeight');
    expectInvalid(() => createSearchSpace(mix({ minWeight: 1 })), 'space.mix.minWeight');
    expectInvalid(() => createSearchSpace(mix({ max: { web: 1.5 } })), 'space.mix.max.web');
  });

  it('samples, projects and decodes only feasible mixtures (2,000 Sobol points, 2,000 random rows)', () => {
    const space = createSearchSpace({ mix: constrained });
    const rng = createRng(3);
    const S = space.sample(2000, rng);
    for (let i = 0; i < S.rows; i++) assertFeasible(space.decode(S.data.subarray(i * 5, i * 5 + 5)).mix as Record<string, number>, constrained, `sample ${i}`);
    for (let r = 0; r < 2000; r++) {
      const x = Float64Array.from({ length: 5 }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform()));
      const p = space.project(x);
      assertFeasible(space.decode(p).mix as Record<string, number>, constrained, `project ${r}`);
      assert.deepEqual(space.project(p), p, 'project is idempotent');
    }
  });

  it('projection without minWeight equals the Dykstra reference (K = 5, 300 points)', () => {
    const p: SimplexParam = { ...constrained, minWeight: undefined };
    const b = mixtureBounds(p);
    const rng = createRng(4);
    for (let r = 0; r < 300; r++) {
      const v = Array.from({ length: 5 }, () => rng.uniform());
      const w = projectMixture(v, b);
      const ref = dykstra(v, Array.from(b.lower), Array.from(b.upper), 5000);
      for (let i = 0; i < 5; i++) assert.ok(Math.abs(w[i] - ref[i]) < 1e-7, `${r}/${i}: ${w[i]} vs ${ref[i]}`);
    }
  });

  it('minWeight: small weights snap to 0 and the rest is the capped projection on that support (Dykstra)', () => {
    const b = mixtureBounds(constrained);
    const v = [0.5, 0.28, 0.15, 0.04, 0.03];
    const w = projectMixture(v, b);
    assert.equal(w[3], 0);
    assert.equal(w[4], 0);
    const ref = dykstra(v.slice(0, 3), Array.from(b.lower.subarray(0, 3)), Array.from(b.upper.subarray(0, 3)), 5000);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(w[i] - ref[i]) < 1e-7, `${i}: ${w[i]} vs ${ref[i]}`);
  });

  it('refuses given points outside the constraints with the component path', () => {
    const space = createSearchSpace({ mix: constrained });
    expectInvalid(() => space.encode({ mix: { web: 0.1, code: 0.3, books: 0.2, wiki: 0.4, math: 0 } }), 'params.mix.web');
    expectInvalid(() => space.encode({ mix: { web: 0.4, code: 0.35, books: 0.1, wiki: 0.15, math: 0 } }), 'params.mix.code');
    expectInvalid(() => space.encode({ mix: { web: 0.4, code: 0.2, books: 0.3, wiki: 0.1, math: 0 } }), 'params.mix.books');
    expectInvalid(() => space.encode({ mix: { web: 0.5, code: 0.2, books: 0.2, wiki: 0.08, math: 0.02 } }), 'params.mix.math');
    const ok = { web: 0.5, code: 0.25, books: 0.125, wiki: 0.125, math: 0 };
    assert.deepEqual(space.decode(space.encode({ mix: ok })), { mix: ok });
  });
});
