/** policy/slices.ts: the model's slices through the incumbent, checked against the function the data came from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { BoError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { slices } from '../../policy/slices.js';

/** f(x, y) = (x − 0.3)² + 0.1·y on [0,1]²; its Sobol indices in closed form (independent uniforms, additive). */
const f = (x: number, y: number) => (x - 0.3) ** 2 + 0.1 * y;
function closedFormIndices(): { x: number; y: number } {
  // Var (x−c)² = E(x−c)⁴ − (E(x−c)²)² with E(x−c)^k = ((1−c)^{k+1} + c^{k+1}) / (k+1) for x ~ U(0,1) (odd k: sign of c flips).
  const c = 0.3;
  const m2 = ((1 - c) ** 3 + c ** 3) / 3;
  const m4 = ((1 - c) ** 5 + c ** 5) / 5;
  const vx = m4 - m2 * m2;
  const vy = 0.01 / 12;
  return { x: vx / (vx + vy), y: vy / (vx + vy) };
}

test('slices of a GP on a smooth 2-d function: minimum where the function has it, band brackets the incumbent, importances near closed form', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } });
  const rng = createRng(11);
  const completed = Array.from({ length: 30 }, () => {
    const x = rng.uniform();
    const y = rng.uniform();
    const c = rng.uniform() < 0.5 ? 'a' : 'b';
    return { params: { x, y, c }, value: f(x, y) };
  });
  const best = completed.reduce((a, b) => (b.value < a.value ? b : a));
  const r = await slices({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 1 }), direction: 'minimize', completed, incumbent: best.params });
  assert.equal(r.model, 'gp');
  assert.equal(r.observations, 30);
  // The band at the incumbent holds its observed value (noise-free data; 1e-3 for the fitted noise floor).
  assert.ok(r.atIncumbent.lower - 1e-3 <= best.value && best.value <= r.atIncumbent.upper + 1e-3, `${best.value} in [${r.atIncumbent.lower}, ${r.atIncumbent.upper}]`);
  const sx = r.slices.find((s) => s.param === 'x')!;
  assert.equal(sx.kind, 'numeric');
  assert.ok(sx.x.includes(best.params.x), 'the x grid holds the incumbent value');
  for (let i = 1; i < sx.x.length; i++) assert.ok((sx.x[i] as number) > (sx.x[i - 1] as number), 'ascending grid');
  sx.mean.forEach((m, i) => assert.ok(sx.lower[i]! <= m && m <= sx.upper[i]!));
  // The slice's minimizer is where f's is along x (0.3; tolerance one grid step and the fit's error).
  const argmin = sx.x[sx.mean.indexOf(Math.min(...sx.mean))] as number;
  assert.ok(Math.abs(argmin - 0.3) < 0.08, `argmin ${argmin}`);
  // The slice tracks f along x through the incumbent within 0.05 over the central part of the range.
  sx.x.forEach((x, i) => {
    if ((x as number) > 0.1 && (x as number) < 0.9) assert.ok(Math.abs(sx.mean[i]! - f(x as number, best.params.y)) < 0.05, `x=${x}: ${sx.mean[i]} vs ${f(x as number, best.params.y)}`);
  });
  const sc = r.slices.find((s) => s.param === 'c')!;
  assert.deepEqual([sc.kind, [...sc.x].sort()], ['categorical', ['a', 'b']]);
  const imp = Object.fromEntries(r.importance.map((i) => [i.param, i.value]));
  const truth = closedFormIndices();
  // Tolerance 0.1: the model's error plus the estimator's at N = 512; c has no effect on f.
  assert.ok(Math.abs(imp.x! - truth.x) < 0.1 && Math.abs(imp.y! - truth.y) < 0.1 && imp.c! < 0.05, JSON.stringify(imp));
});

test('simplex and fidelity parameters are skipped with a reason; the fidelity slice is at the target level', async () => {
  const space = createSearchSpace({
    x: { type: 'int', low: 1, high: 5 },
    m: { type: 'simplex', components: ['a', 'b'] },
    s: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'big', cost: 10 }] },
  });
  const rng = createRng(3);
  const completed = Array.from({ length: 16 }, (_, i) => {
    const x = 1 + rng.int(5);
    const a = rng.uniform();
    return { params: { x, m: { a, b: 1 - a }, s: i % 2 ? 'big' : 'small' }, value: (x - 3) ** 2 + a };
  });
  const incumbent = completed.filter((o) => o.params.s === 'big').reduce((a, b) => (b.value < a.value ? b : a)).params;
  const r = await slices({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 2 }), direction: 'minimize', completed, incumbent });
  assert.deepEqual(r.skipped.map((s) => s.param).sort(), ['m', 's']);
  const sx = r.slices.find((s) => s.param === 'x')!;
  assert.deepEqual(sx.x, [1, 2, 3, 4, 5], 'a small integer range is sliced at every integer');
  assert.deepEqual(r.importance.map((i) => i.param).sort(), ['m', 'x']);
});

test('fewer than 2 completed trials is FAILED_PRECONDITION', async () => {
  const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  await assert.rejects(
    slices({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: 1 }), direction: 'minimize', completed: [{ params: { x: 0.5 }, value: 1 }], incumbent: { x: 0.5 } }),
    (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION',
  );
});
