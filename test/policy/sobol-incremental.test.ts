/**
 * The O(1)-per-ask space-filling path (SobolSequence random access, SearchSpace.sequence, hashed
 * taken points, completedPoints kept by the caller) against the implementation it replaced, kept
 * here verbatim as the reference: regenerate space.sample(start + count + 64) and scan every
 * completed and pending point for each candidate.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import type { SearchSpace } from '../../core/space-types.js';
import { SobolSequence, sobol } from '../../core/sobol.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { PointSet } from '../../policy/point-set.js';
import type { Observation } from '../../policy/types.js';

// ---- the reference: policy/space-filling.ts and policy/sobol-policy.ts as of a852bb6 ----
const SAME_POINT_SQ = 1e-18;
function oldContains(others: readonly ArrayLike<number>[], x: ArrayLike<number>): boolean {
  for (const o of others) {
    let sq = 0;
    for (let j = 0; j < x.length && sq <= SAME_POINT_SQ; j++) {
      const diff = o[j] - x[j];
      sq += diff * diff;
    }
    if (sq <= SAME_POINT_SQ) return true;
  }
  return false;
}
function oldPick(space: SearchSpace, seed: number, start: number, count: number, existing: readonly ArrayLike<number>[]): { points: Float64Array[]; indices: number[] } {
  const total = start + count + 64;
  const sample = space.sample(total, createRng(deriveSeed(seed, 0x50b01)));
  const taken: ArrayLike<number>[] = [...existing];
  const points: Float64Array[] = [];
  const indices: number[] = [];
  for (let i = start; i < total && points.length < count; i++) {
    const x = sample.data.slice(i * sample.cols, (i + 1) * sample.cols);
    if (oldContains(taken, x)) continue;
    taken.push(x);
    points.push(x);
    indices.push(i);
  }
  for (let i = start; points.length < count; i++) {
    points.push(sample.data.slice((i % total) * sample.cols, ((i % total) + 1) * sample.cols));
    indices.push(i % total);
  }
  return { points, indices };
}
function oldSuggest(space: SearchSpace, seed: number, completed: readonly Observation[], pending: readonly Params[], count: number): { suggestions: Params[]; indices: number[] } {
  const existing = [...completed.map((o) => space.encode(o.params)), ...pending.map((p) => space.encode(p))];
  const pick = oldPick(space, seed, completed.length + pending.length, count, existing);
  return { suggestions: pick.points.map((x) => space.decode(x)), indices: pick.indices };
}
// ---- end of the reference ----

test('SobolSequence.point(i) equals row i of sobol(n, d, rng), scrambled and plain', () => {
  for (const d of [1, 3, 7]) {
    const full = sobol(300, d, createRng(11 + d));
    const seq = new SobolSequence(d, createRng(11 + d));
    const plain = sobol(300, d);
    const plainSeq = new SobolSequence(d);
    const row = new Float64Array(d);
    for (const i of [0, 1, 2, 5, 64, 127, 128, 255, 299]) {
      seq.point(i, row);
      assert.deepEqual(Array.from(row), Array.from(full.data.subarray(i * d, (i + 1) * d)), `d ${d} i ${i}`);
      plainSeq.point(i, row);
      assert.deepEqual(Array.from(row), Array.from(plain.data.subarray(i * d, (i + 1) * d)), `plain d ${d} i ${i}`);
    }
  }
});

const SPACES: Record<string, SpaceSpec> = {
  float: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: 1e-3, high: 10, log: true }, k: { type: 'int', low: 0, high: 10 } },
  mixed: { c: { type: 'categorical', choices: ['a', 'b', 'c'] }, w: { type: 'simplex', components: ['p', 'q', 'r'] }, z: { type: 'float', low: 0, high: 1 } },
  // 12 points in all: collisions, skips and the repeat fallback all happen.
  tiny: { k: { type: 'int', low: 0, high: 3 }, c: { type: 'categorical', choices: ['u', 'v', 'w'] } },
  // Wider than the Sobol table (1111 coordinates): the tail is uniform draws, point by point.
  wide: { ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, { type: 'float', low: 0, high: 1 }])), s: { type: 'simplex', components: Array.from({ length: 200 }, (_, i) => `c${i}`) } } as SpaceSpec,
};

test('SearchSpace.sequence(rng).point(i) equals row i of sample(n, rng), also past the Sobol table', () => {
  for (const [name, spec] of Object.entries(SPACES)) {
    const space = createSearchSpace(spec);
    const n = name === 'wide' ? 12 : 200;
    const rows = space.sample(n, createRng(5));
    const seq = space.sequence(createRng(5));
    // Out of order on purpose: random access must not depend on the order of calls.
    for (const i of [n - 1, 0, 3, Math.floor(n / 2), 1]) {
      assert.deepEqual(Array.from(seq.point(i)), Array.from(rows.data.subarray(i * rows.cols, (i + 1) * rows.cols)), `${name} i ${i}`);
    }
  }
});

test('PointSet.has agrees with a linear scan, including points a rounding error apart and near cell edges', () => {
  const rng = createRng(3);
  const pts: Float64Array[] = [];
  for (let i = 0; i < 400; i++) pts.push(Float64Array.from({ length: 3 }, () => (rng.uniform() < 0.3 ? Math.round(rng.uniform() * 8) / 8 : rng.uniform())));
  const set = PointSet.of(pts);
  for (let i = 0; i < 3000; i++) {
    const base = pts[rng.int(pts.length)]!;
    const jitter = [0, 1e-12, 5e-10, 9e-10, 2e-9, 1e-6][rng.int(6)]!;
    const x = Float64Array.from(base, (v) => v + (rng.uniform() < 0.5 ? -jitter : jitter));
    if (i % 3 === 0) x[rng.int(3)] = rng.uniform();
    assert.equal(set.has(x), oldContains(pts, x), `probe ${i}`);
  }
});

/**
 * A study history driven by a seeded rng: asks of 1-3 points (the reference's answer is what the
 * study receives), tells, failures (a gap: a later start lands on a taken point), user-added points
 * (some equal to sequence points), with the new policy asked the same question each time, once
 * with completedPoints maintained incrementally (as the service does) and once without.
 */
async function replay(name: string, spec: SpaceSpec, seed: number, steps: number): Promise<number> {
  const space = createSearchSpace(spec);
  const algorithm = { ...AlgorithmSpec.parse({ surrogate: 'none' }), seed };
  const policy = new SobolPolicy();
  const rng = createRng(seed * 7 + 1);
  const completed: Observation[] = [];
  const points = new PointSet();
  let pending: Params[] = [];
  let compared = 0;
  const complete = (params: Params) => {
    completed.push({ params, value: rng.uniform() });
    points.add(space.encode(params));
  };
  for (let step = 0; step < steps; step++) {
    const r = rng.uniform();
    if (r < 0.5 || pending.length === 0) {
      const count = 1 + rng.int(3);
      const want = oldSuggest(space, seed, completed, pending, count);
      for (const completedPoints of [points, undefined]) {
        const got = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending, count, ...(completedPoints ? { completedPoints } : {}) });
        assert.deepEqual(got.suggestions, want.suggestions, `${name} seed ${seed} step ${step}`);
        assert.deepEqual(got.diagnostics.sobolIndices, want.indices, `${name} seed ${seed} step ${step} indices`);
        compared++;
      }
      pending.push(...want.suggestions);
    } else if (r < 0.8) {
      complete(pending.splice(rng.int(pending.length), 1)[0]!); // told, in any order
    } else if (r < 0.93) {
      pending.splice(rng.int(pending.length), 1); // failed or abandoned: its point is free again
    } else {
      // trial:add of a point elsewhere, or of a sequence point a few steps ahead
      const ahead = space.decode(space.sample(completed.length + pending.length + 3, createRng(deriveSeed(seed, 0x50b01))).data.slice(-space.dim));
      complete(rng.uniform() < 0.5 ? ahead : space.decode(Float64Array.from({ length: space.dim }, () => rng.uniform())));
    }
    pending = pending.slice();
  }
  return compared;
}

test('the incremental Sobol path gives the same points as today\'s (recorded reference implementation)', async () => {
  let compared = 0;
  for (const [name, spec] of Object.entries(SPACES)) {
    if (name === 'wide') continue;
    for (const seed of [1, 2, 3]) compared += await replay(name, spec, seed, 160);
  }
  compared += await replay('wide', SPACES.wide!, 4, 12);
  assert.ok(compared > 400, `compared ${compared} asks`);
});
