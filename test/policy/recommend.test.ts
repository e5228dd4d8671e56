import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { BoError } from '../../core/errors.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { recommend, targetFidelity } from '../../policy/recommend.js';
import { expandPool } from '../../policy/pool.js';

const grid = (n: number) => Array.from({ length: n }, (_, i) => i / (n - 1));
const failedPrecondition = (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION';

test('recommends the posterior-mean optimum of a smooth 1-d function with an interval around the truth', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const f = (x: number) => (x - 0.3) ** 2;
  const completed = grid(9).map((x) => ({ params: { x }, value: f(x) }));
  const r = await recommend({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 1 }), direction: 'minimize', completed });
  // Tolerance: 9 noiseless points of a quadratic; the GP mean's minimizer lies within 0.05 of 0.3.
  assert.ok(Math.abs((r.params.x as number) - 0.3) < 0.05, `x = ${r.params.x}`);
  assert.ok(r.lower <= r.mean && r.mean <= r.upper);
  assert.ok(r.lower - 1e-3 <= f(r.params.x as number) && f(r.params.x as number) <= r.upper + 1e-3, `${f(r.params.x as number)} in [${r.lower}, ${r.upper}]`);
  assert.equal(r.model, 'gp');
  assert.equal(r.observations, 9);
  // Maximizing the negated function gives the same point and the negated prediction.
  const m = await recommend({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 1 }), direction: 'maximize', completed: completed.map((o) => ({ ...o, value: -o.value })) });
  assert.ok(Math.abs((m.params.x as number) - (r.params.x as number)) < 0.02);
  assert.ok(Math.abs(m.mean + r.mean) < 1e-3 && m.lower <= m.mean && m.mean <= m.upper);
});

test('surrogate none fits the default GP and says so; fewer than 2 trials is FAILED_PRECONDITION', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const algorithm = AlgorithmSpec.parse({ surrogate: 'none', seed: 2 });
  const r = await recommend({ space, algorithm, direction: 'minimize', completed: grid(5).map((x) => ({ params: { x }, value: x })) });
  assert.equal(r.model, 'gp');
  assert.match(r.note ?? '', /surrogate 'none'/);
  assert.ok((r.params.x as number) < 0.1);
  await assert.rejects(recommend({ space, algorithm, direction: 'minimize', completed: [{ params: { x: 0.5 }, value: 1 }] }), failedPrecondition);
});

test('the target fidelity is the declared target, else the costliest level', () => {
  const levels = [{ value: 'small', cost: 1 }, { value: 'big', cost: 10 }, { value: 'mid', cost: 3 }];
  assert.deepEqual(targetFidelity(createSearchSpace({ s: { type: 'fidelity', levels } })), { name: 's', value: 'big' });
  assert.deepEqual(targetFidelity(createSearchSpace({ s: { type: 'fidelity', levels, target: 'mid' } })), { name: 's', value: 'mid' });
  assert.equal(targetFidelity(createSearchSpace({ x: { type: 'float', low: 0, high: 1 } })), null);
});

test('a multi-fidelity recommendation is at the target level and needs a target-level trial', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, s: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'big', cost: 10 }] } });
  const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', seed: 3 });
  const target = (x: number) => (x - 0.7) ** 2;
  const cheap = grid(8).map((x) => ({ params: { x, s: 'small' }, value: target(x) + 0.1 * x }));
  await assert.rejects(recommend({ space, algorithm, direction: 'minimize', completed: cheap }), (e: unknown) => failedPrecondition(e) && /target fidelity s="big"/.test((e as Error).message));
  const big = [0.1, 0.45, 0.7, 0.95].map((x) => ({ params: { x, s: 'big' }, value: target(x) }));
  const r = await recommend({ space, algorithm, direction: 'minimize', completed: [...cheap, ...big] });
  assert.equal(r.params.s, 'big');
  assert.equal(r.model, 'mf-gp');
  // Tolerance: the target optimum 0.7 is observed; the MF-GP mean's minimizer is within 0.1 of it.
  assert.ok(Math.abs((r.params.x as number) - 0.7) < 0.1, `x = ${r.params.x}`);
  assert.ok(r.lower <= r.mean && r.mean <= r.upper && r.upper - r.lower < 1, `[${r.lower}, ${r.upper}]`);
});

test('a pool recommendation is the pool row with the best posterior mean at the target', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, s: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'big', cost: 10 }] } });
  const rows = grid(11).map((x) => [x]);
  const pool = expandPool(space, { columns: ['x'], rows });
  const f = (x: number) => (x - 0.4) ** 2;
  const completed = [0, 0.2, 0.4, 0.6, 1].flatMap((x) => [{ params: { x, s: 'big' }, value: f(x) }, { params: { x, s: 'small' }, value: f(x) + 0.05 }]);
  const r = await recommend({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 4 }), direction: 'minimize', completed, pool: { params: pool.params, row: pool.row } });
  assert.deepEqual(r.params, { x: 0.4, s: 'big' });
  assert.equal(r.poolRow, 4);
});
