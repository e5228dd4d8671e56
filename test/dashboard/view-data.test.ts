/** The dashboard's pure data helpers, against brute force and hand-checkable small cases built in code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Study, Trial } from '../../sdk/index.js';
import { historyPoints } from '../../dashboard/src/history.js';
import { paretoPoints } from '../../dashboard/src/pareto.js';
import { bestMixtures } from '../../dashboard/src/mixtures.js';
import { learningCurves } from '../../dashboard/src/learning-curves.js';
import { targetLevel } from '../../dashboard/src/fidelity.js';
import { createRng } from '../../core/rng.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
function trial(number: number, values: Record<string, number> | undefined, extra: Partial<Trial> = {}): Trial {
  return { id: `t${number}`, studyId: 's', number, state: values ? 'completed' : 'running', params: {}, ...(values ? { values } : {}), createdAt: new Date(T0 + number * 1000).toISOString(), ...extra };
}

test('history: best so far is the running minimum (brute force over prefixes); cost and time axes accumulate in finishing order', () => {
  const rng = createRng(1);
  const trials = Array.from({ length: 30 }, (_, i) => trial(i, i % 7 === 3 ? undefined : { loss: rng.normal() }, { cost: 1 + rng.int(3), finishedAt: new Date(T0 + (30 - i) * 2000).toISOString() }));
  const study = { objectives: { loss: 'minimize' as const }, createdAt: new Date(T0).toISOString(), space: {} };
  const byNumber = historyPoints(study, trials, 'number');
  const done = trials.filter((t) => t.values);
  assert.deepEqual(byNumber.map((p) => p.x), done.map((t) => t.number));
  byNumber.forEach((p, i) => assert.equal(p.best, Math.min(...done.slice(0, i + 1).map((t) => t.values!.loss!))));
  // Finishing order is the reverse of numbers here; cumulative cost sums the costs of trials finished so far.
  const byCost = historyPoints(study, trials, 'cost');
  const finished = [...done].reverse();
  byCost.forEach((p, i) => assert.equal(p.x, finished.slice(0, i + 1).reduce((s, t) => s + t.cost!, 0)));
  const byTime = historyPoints(study, trials, 'time');
  assert.deepEqual(byTime.map((p) => p.x), finished.map((t) => (Date.parse(t.finishedAt!) - T0) / 1000));
  const max = historyPoints({ ...study, objectives: { loss: 'maximize' } }, trials, 'number');
  max.forEach((p, i) => assert.equal(p.best, Math.max(...done.slice(0, i + 1).map((t) => t.values!.loss!))));
});

test('history and best in a fidelity study: only target-level trials move the best (trial:best\'s rule); the target is declared or the costliest', () => {
  const space = { s: { type: 'fidelity', levels: [{ value: 'lo', cost: 1 }, { value: 'hi', cost: 9 }] } } as unknown as Study['space'];
  assert.deepEqual(targetLevel({ space }), { name: 's', value: 'hi' });
  assert.deepEqual(targetLevel({ space: { s: { ...(space.s as object), target: 'lo' } } as unknown as Study['space'] }), { name: 's', value: 'lo' });
  const trials = [
    { ...trial(0, { loss: 5 }), params: { s: 'hi' } },
    { ...trial(1, { loss: -9 }), params: { s: 'lo' } },
    { ...trial(2, { loss: 3 }), params: { s: 'hi' } },
  ];
  const pts = historyPoints({ objectives: { loss: 'minimize' }, createdAt: new Date(T0).toISOString(), space }, trials, 'number');
  assert.deepEqual(pts.map((p) => [p.value, p.best]), [[5, 5], [-9, 5], [3, 3]]);
});

test('Pareto: non-dominated points equal a brute-force check, with directions respected', () => {
  const rng = createRng(2);
  const trials = Array.from({ length: 60 }, (_, i) => trial(i, { a: rng.uniform(), b: rng.uniform() }));
  for (const [da, db] of [['minimize', 'minimize'], ['minimize', 'maximize']] as const) {
    const pts = paretoPoints({ a: da, b: db }, trials);
    const sa = da === 'minimize' ? 1 : -1;
    const sb = db === 'minimize' ? 1 : -1;
    for (const p of pts) {
      // Brute force: p is on the front iff no other point is at least as good in both objectives and differs.
      const beaten = pts.some((q) => q !== p && sa * q.a <= sa * p.a && sb * q.b <= sb * p.b && (q.a !== p.a || q.b !== p.b));
      assert.equal(p.front, !beaten, `trial ${p.trial}`);
    }
    // The front is a staircase: from the best a to the worst, b strictly improves.
    const front = pts.filter((p) => p.front).sort((p, q) => sa * (p.a - q.a));
    for (let i = 1; i < front.length; i++) assert.ok(sb * front[i]!.b < sb * front[i - 1]!.b);
  }
});

test('mixtures: the best trials per fidelity level, weights in component order from either wire form', () => {
  const study = { objectives: { loss: 'minimize' as const }, space: { w: { type: 'simplex' as const, components: ['p', 'q'] }, s: { type: 'fidelity' as const, levels: [{ value: 'lo', cost: 1 }, { value: 'hi', cost: 2 }] } } } as unknown as Study;
  const trials = [
    { ...trial(0, { loss: 3 }), params: { w: { p: 0.2, q: 0.8 }, s: 'lo' } },
    { ...trial(1, { loss: 1 }), params: { w: [0.6, 0.4], s: 'lo' } },
    { ...trial(2, { loss: 2 }), params: { w: { p: 0.5, q: 0.5 }, s: 'hi' } },
    { ...trial(3, undefined), params: { w: { p: 1, q: 0 }, s: 'hi' } },
  ];
  const groups = bestMixtures(study, trials);
  assert.deepEqual(groups.map((g) => [g.level, g.trials.map((t) => [t.number, t.weights])]), [
    ['lo', [[1, [0.6, 0.4]], [0, [0.2, 0.8]]]],
    ['hi', [[2, [0.5, 0.5]]]],
  ]);
});

test('learning curves: the reported points sorted by step; trials without any have none', () => {
  const curves = learningCurves([
    { ...trial(0, { loss: 1 }), intermediate: [{ step: 2, value: 0.5 }, { step: 1, value: 0.9 }] },
    { ...trial(1, { loss: 1 }), state: 'pruned', intermediate: [{ step: 3, value: 0.2 }] },
    { ...trial(2, { loss: 1 }), intermediate: [] },
    trial(3, { loss: 1 }),
  ]);
  assert.deepEqual(curves.map((c) => [c.trial, c.state, c.points]), [[0, 'completed', [[1, 0.9], [2, 0.5]]], [1, 'pruned', [[3, 0.2]]]]);
});
