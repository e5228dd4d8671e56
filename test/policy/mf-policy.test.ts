import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import type { Observation } from '../../policy/types.js';

const components = (k: number) => Array.from({ length: k }, (_, i) => `c${i}`);
const spec = (k: number): SpaceSpec => ({
  w: { type: 'simplex', components: components(k) },
  size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'mid', cost: 0.3 }, { value: 'big', cost: 1 }], target: 'big' },
});

/** Toy mixing law: target prefers weight on c0; lower levels are a shifted, scaled copy. */
function value(p: Params): number {
  const w = p.w as Record<string, number>;
  const lvl = { small: 0.6, mid: 0.8, big: 1 }[p.size as string] ?? 1;
  return lvl * (w.c0 - 0.5 * (w.c1 ?? 0) ** 2) + (1 - lvl) * 0.3 * (w.c1 ?? 0);
}

function assertOnSimplex(p: Params, k: number): void {
  const w = p.w as Record<string, number>;
  let sum = 0;
  for (const c of components(k)) {
    assert.ok(w[c] >= 0, `negative weight ${w[c]}`);
    sum += w[c];
  }
  assert.ok(Math.abs(sum - 1) <= 1e-9, `sum ${sum}`);
}

for (const k of [2, 19, 30]) {
  test(`continuous mode: every suggested mixture is on the simplex (K = ${k})`, async () => {
    const space = createSearchSpace(spec(k));
    const policy = new MfPolicy({ initialTrials: 3, rawSamples: 32, restarts: 1, maxIterations: 5, maxValueSamples: 2, fit: { restarts: 0, maxIterations: 15 } });
    const algorithm = AlgorithmSpec.parse({ seed: 3 });
    const completed: Observation[] = [];
    let pending: Params[] = [];
    const phases: string[] = [];
    for (let step = 0; step < 3; step++) {
      const d = await policy.suggest({ space, algorithm, direction: 'maximize', completed, pending, count: 2 });
      phases.push(d.diagnostics.phase);
      assert.equal(d.suggestions.length, 2);
      for (const s of d.suggestions) assertOnSimplex(s, k);
      // one of the two finishes, the other stays pending for the next ask (fantasy path)
      completed.push({ params: d.suggestions[0], value: value(d.suggestions[0]) });
      pending = [d.suggestions[1]];
    }
    assert.equal(phases[0], 'initial-design');
    assert.equal(phases[2], 'model', JSON.stringify(phases));
  });
}

test('pool mode: asks return unqueried pool rows, batch members differ, targetOnly stays at the target', async () => {
  const k = 4;
  const space = createSearchSpace(spec(k));
  const rng = createRng(5);
  const pool: Params[] = [];
  for (const size of ['small', 'mid', 'big']) {
    for (let i = 0; i < 12; i++) {
      const raw = components(k).map(() => rng.uniform() + 0.01);
      const s = raw.reduce((a, b) => a + b, 0);
      pool.push({ w: Object.fromEntries(components(k).map((c, j) => [c, raw[j] / s])), size });
    }
  }
  const algorithm = AlgorithmSpec.parse({ seed: 1 });
  for (const targetOnly of [false, true]) {
    const policy = new MfPolicy({ pool, targetOnly, fit: { restarts: 0 } });
    const asked = new Set<number>();
    const completed: Observation[] = [];
    for (let step = 0; step < 6; step++) {
      const d = await policy.suggest({ space, algorithm, direction: 'maximize', completed, pending: [], count: 2 });
      const idx = d.diagnostics.poolIndices as number[];
      assert.equal(idx.length, 2);
      assert.notEqual(idx[0], idx[1]);
      for (const [j, i] of idx.entries()) {
        assert.ok(!asked.has(i), `row ${i} asked twice`);
        asked.add(i);
        assert.deepEqual(d.suggestions[j], pool[i]);
        if (targetOnly) assert.equal(pool[i].size, 'big');
        completed.push({ params: pool[i], value: value(pool[i]), cost: { small: 9, mid: 30, big: 100 }[pool[i].size as string] });
      }
      if (step === 0 && !targetOnly) assert.ok(idx.every((i) => pool[i].size === 'small'), 'initial design at the cheapest level');
      if (step > 0) {
        assert.equal(d.diagnostics.phase, 'model');
        // told costs (wall time) replace the fixed ones for the levels they cover
        if (!targetOnly) assert.equal((d.diagnostics.costs as number[])[0], 9);
      }
    }
  }
});

test('pool without a fidelity parameter: single-level pool BO, minimize, exhaustion is FAILED_PRECONDITION', async () => {
  const space = createSearchSpace({ w: { type: 'simplex', components: ['a', 'b', 'c'] } });
  const rng = createRng(8);
  const pool: Params[] = Array.from({ length: 6 }, () => {
    const u = [rng.uniform(), rng.uniform(), rng.uniform()];
    const s = u[0] + u[1] + u[2];
    return { w: { a: u[0] / s, b: u[1] / s, c: u[2] / s } };
  });
  const policy = new MfPolicy({ pool, fit: { restarts: 0 } });
  const algorithm = AlgorithmSpec.parse({ seed: 2 });
  const completed: Observation[] = [];
  const seen = new Set<number>();
  for (let step = 0; step < 6; step++) {
    const d = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1 });
    const i = (d.diagnostics.poolIndices as number[])[0];
    assert.ok(!seen.has(i));
    seen.add(i);
    completed.push({ params: pool[i], value: (pool[i].w as Record<string, number>).a });
  }
  await assert.rejects(policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1 }), (e: Error & { code?: string }) => e.code === 'FAILED_PRECONDITION');
});
