/**
 * Pool mode pieces: checkPool (paths of every error, simplex renormalisation), expandPool (rows
 * without a level become one candidate per level), PoolIndex.free, PoolRandomPolicy and the
 * pool-exhausted error of both pool policies. Reference values are by hand (small pools).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { PoolSpec, type PoolCell } from '../../protocol/study.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { checkPool, expandPool, isPoolExhausted, PoolExhaustedError } from '../../policy/pool.js';
import { PoolIndex } from '../../policy/pool-index.js';
import { PoolRandomPolicy } from '../../policy/pool-random-policy.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { SuggestDecision } from '../../policy/types.js';

const SPEC: SpaceSpec = {
  w: { type: 'simplex', components: ['a', 'b', 'c'] },
  lr: { type: 'float', low: 0, high: 1 },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.1 }, { value: 'L', cost: 1 }], target: 'L' },
};
const space = createSearchSpace(SPEC);

/** Asserts an INVALID_ARGUMENT whose first issue has `path`. */
function invalidAt(fn: () => unknown, path: (string | number)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BoError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.deepEqual(e.issues![0].path, path, e.message);
    return true;
  });
}

test('checkPool renormalises simplex rows inside 1e-3 and keeps the columns', () => {
  const pool = checkPool(space, { columns: ['w', 'lr', 'size'], rows: [[[0.2, 0.3, 0.5006], 0.5, 'S'], [{ a: 1, b: 0, c: 0 }, 0, null]] });
  const w0 = pool.rows[0][0] as Record<string, number>;
  assert.equal(w0.a + w0.b + w0.c, 1);
  assert.ok(Math.abs(w0.c - 0.5006 / 1.0006) < 1e-15);
  assert.deepEqual(pool.rows[1], [{ a: 1, b: 0, c: 0 }, 0, null]);
  assert.deepEqual(pool.columns, ['w', 'lr', 'size']);
});

test('checkPool names the offending cell', () => {
  invalidAt(() => checkPool(space, { columns: ['w', 'lr', 'nope'], rows: [[[1, 0, 0], 0, 'S']] }), ['pool', 'columns', 2]);
  invalidAt(() => checkPool(space, { columns: ['w', 'size'], rows: [[[1, 0, 0], 'S']] }), ['pool', 'columns']);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[[1, 0, 0], 0.5], [[0.5, 0.5, 0.1], 0.5]] }), ['pool', 'rows', 1, 0]);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[[1.5, -0.5, 0], 0.5]] }), ['pool', 'rows', 0, 0, 1]);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[{ a: 1, b: 0 }, 0.5]] }), ['pool', 'rows', 0, 0, 'c']);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[{ a: 1, b: 0, c: 0, z: 0 }, 0.5]] }), ['pool', 'rows', 0, 0, 'z']);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[[1, 0], 0.5]] }), ['pool', 'rows', 0, 0]);
  invalidAt(() => checkPool(space, { columns: ['lr', 'w'], rows: [[2, [1, 0, 0]]] }), ['pool', 'rows', 0, 0]);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr', 'size'], rows: [[[1, 0, 0], 0.5, 'M']] }), ['pool', 'rows', 0, 2]);
  invalidAt(() => checkPool(space, { columns: ['w', 'lr'], rows: [[[1, 0, 0], null]] }), ['pool', 'rows', 0, 1]);
});

test('PoolSpec (zod) checks shape with paths: row length, duplicate columns, empty rows', () => {
  const bad = (v: unknown, path: (string | number)[]) => {
    const r = PoolSpec.safeParse(v);
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0].path, path);
  };
  bad({ columns: ['w', 'lr'], rows: [[[1, 0, 0], 0.5], [0.5]] }, ['rows', 1]);
  bad({ columns: ['w', 'w'], rows: [[1, 2]] }, ['columns', 1]);
  bad({ columns: ['w'], rows: [] }, ['rows']);
  bad({ columns: ['w'], rows: [[{ a: 'x' }]] }, ['rows', 0, 0]);
  assert.equal(PoolSpec.safeParse({ columns: ['w'], rows: [[[0.5, 0.5]]] }).success, true);
});

test('expandPool: a row with a level is one candidate, a row without one is a candidate per level', () => {
  const pool = checkPool(space, { columns: ['w', 'lr', 'size'], rows: [[[1, 0, 0], 0.1, 'L'], [[0, 1, 0], 0.2, null]] });
  const ex = expandPool(space, pool);
  assert.equal(ex.rows, 2);
  assert.deepEqual(Array.from(ex.row), [0, 1, 1]);
  assert.deepEqual(ex.params.map((p) => p.size), ['L', 'S', 'L']);
  // no fidelity column at all: every row at every level
  const ex2 = expandPool(space, checkPool(space, { columns: ['w', 'lr'], rows: [[[1, 0, 0], 0.1]] }));
  assert.deepEqual(ex2.params.map((p) => p.size), ['S', 'L']);
  for (const p of ex2.params) space.validate(p);
});

test('PoolIndex.free drops rows completed or pending at the same level only', () => {
  const ex = expandPool(space, checkPool(space, { columns: ['w', 'lr'], rows: [[[1, 0, 0], 0.1], [[0, 1, 0], 0.2]] }));
  const index = new PoolIndex(space, ex.params);
  assert.deepEqual(Array.from(index.level), [0, 1, 0, 1]);
  // the same mixture at S is taken; at L it is still free. JSON round trip (as from storage) still matches.
  const taken = [space.encode(JSON.parse(JSON.stringify(ex.params[0])) as Params)];
  assert.deepEqual(index.free(taken), [1, 2, 3]);
  assert.deepEqual(index.free(taken, (i) => index.level[i] === 1), [1, 3]);
});

const algorithm = AlgorithmSpec.parse({ seed: 4, surrogate: 'none' });

test('PoolRandomPolicy picks distinct free rows deterministically and then reports exhaustion', async () => {
  const ex = expandPool(space, checkPool(space, { columns: ['w', 'lr', 'size'], rows: [[[1, 0, 0], 0.1, 'S'], [[0, 1, 0], 0.2, 'S'], [[0, 0, 1], 0.3, 'L']] }));
  const policy = new PoolRandomPolicy(ex.params, ex.row);
  const req = (completed: Params[], pending: Params[], count: number) => ({
    space, algorithm, direction: 'minimize' as const, completed: completed.map((params) => ({ params, value: 1 })), pending, count,
  });
  const a = await policy.suggest(req([], [], 2));
  const b = await new PoolRandomPolicy(ex.params, ex.row).suggest(req([], [], 2));
  assert.deepEqual(a.suggestions, b.suggestions);
  assert.notDeepEqual(a.suggestions[0], a.suggestions[1]);
  assert.deepEqual(a.diagnostics.poolRows, a.diagnostics.poolIndices);
  const c = await policy.suggest(req([a.suggestions[0]], [a.suggestions[1]], 1));
  assert.ok(!a.suggestions.some((s) => JSON.stringify(s) === JSON.stringify(c.suggestions[0])));
  await assert.rejects(policy.suggest(req([a.suggestions[0]], [a.suggestions[1], c.suggestions[0]], 1)), (e: unknown) => {
    assert.ok(e instanceof PoolExhaustedError && isPoolExhausted(e));
    assert.equal((e as BoError).code, 'FAILED_PRECONDITION');
    assert.match((e as Error).message, /exhausted: all 3/);
    return true;
  });
  await assert.rejects(policy.suggest(req([], [a.suggestions[0]], 3)), (e: unknown) => isPoolExhausted(e) && /only 2 .* 3 asked/.test((e as Error).message));
});

test('createPolicy with a pool: MF policy picks only pool rows, reports poolRows, and exhausts cleanly', async () => {
  const rows: PoolCell[][] = [];
  for (let i = 0; i < 6; i++) rows.push([[i / 10, 1 - i / 10, 0], i / 6, null]);
  const ex = expandPool(space, checkPool(space, { columns: ['w', 'lr', 'size'], rows }));
  const policy = createPolicy(AlgorithmSpec.parse({ seed: 2, surrogate: 'gp', initialTrials: 2 }), { pool: ex });
  assert.ok(policy instanceof MfPolicy);
  const keys = new Set(ex.params.map((p) => JSON.stringify(p)));
  const completed: { params: Params; value: number }[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < ex.params.length; step++) {
    const d: SuggestDecision = await policy.suggest({ space, algorithm: AlgorithmSpec.parse({ seed: 2, initialTrials: 2 }), direction: 'minimize', completed, pending: [], count: 1 });
    const p = d.suggestions[0];
    const key = JSON.stringify(p);
    assert.ok(keys.has(key), 'a pool row');
    assert.ok(!seen.has(key), 'never the same (row, level) twice');
    seen.add(key);
    const rowsOf = d.diagnostics.poolRows as number[];
    assert.equal(JSON.stringify(ex.params[(d.diagnostics.poolIndices as number[])[0]]), key);
    assert.equal(rowsOf[0], ex.row[(d.diagnostics.poolIndices as number[])[0]]);
    const w = p.w as Record<string, number>;
    completed.push({ params: p, value: (w.a - 0.3) ** 2 + (p.size === 'S' ? 0.05 : 0) });
  }
  // every low-level candidate has a target twin (rows without a level), so all 12 are allowed
  assert.equal(seen.size, ex.params.length);
  await assert.rejects(
    policy.suggest({ space, algorithm: AlgorithmSpec.parse({ seed: 2 }), direction: 'minimize', completed, pending: [], count: 1 }),
    (e: unknown) => isPoolExhausted(e) && /exhausted/.test((e as Error).message),
  );
});


test('lowLevelShare: once proxies used their share (plus one target run of allowance), only target rows are asked', async () => {
  const rows: PoolCell[][] = [];
  for (let i = 0; i < 14; i++) rows.push([[i / 14, 1 - i / 14, 0], i / 14, null]);
  const ex = expandPool(space, checkPool(space, { columns: ['w', 'lr', 'size'], rows }));
  const alg = AlgorithmSpec.parse({ seed: 2, initialTrials: 2 });
  // 12 runs at S (cost 0.1 each: 1.2) and one at L (1): low + c = 1.3 > 0.1·(2.2 + 0.1) + max(2·0.1, 1) = 1.23
  const small = ex.params.filter((p) => p.size === 'S');
  const completed = small.slice(0, 12).map((params, i) => ({ params, value: Math.sin(i) }));
  completed.push({ params: ex.params.find((p) => p.size === 'L')!, value: 0.5 });
  const capped = new MfPolicy({ pool: ex.params, lowLevelShare: 0.1, fit: { restarts: 0, maxIterations: 20 } });
  const d = await capped.suggest({ space, algorithm: alg, direction: 'maximize', completed, pending: [], count: 2 });
  assert.deepEqual(d.diagnostics.levels, [1, 1]);
  // one S run fewer: 1.2 ≤ 0.1·2.2 + 1 = 1.22, proxies are still allowed (the free candidates include S rows)
  const fewer = completed.filter((_, i) => i !== 0);
  const loose = new MfPolicy({ pool: ex.params, lowLevelShare: 0.1, fit: { restarts: 0, maxIterations: 20 }, acquisition: 'mf-mes' });
  const e = await loose.suggest({ space, algorithm: alg, direction: 'maximize', completed: fewer, pending: [], count: 3 });
  assert.ok((e.diagnostics.levels as number[]).length === 3);
  // every target row taken: the cap lifts rather than calling the pool exhausted
  const allTarget = [...completed, ...ex.params.filter((p) => p.size === 'L').slice(1).map((params) => ({ params, value: 0.1 }))];
  const lifted = await capped.suggest({ space, algorithm: alg, direction: 'maximize', completed: allTarget, pending: [], count: 2 });
  assert.deepEqual(lifted.diagnostics.levels, [0, 0]);
  for (const p of lifted.suggestions) assert.equal(p.size, 'S');
});
