/**
 * The learning-curve table's lookup (benchmarks/training-curves/table.ts): every entry's own
 * configuration answers that entry (distance 0; brute force over all 500), a configuration never
 * crosses categorical values, adam entries ignore momentum (inactive there: the space carries its `when`), and the regret zero
 * is the table's minimum final loss (recomputed here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCurveTable } from '../../benchmarks/training-curves/table.js';

const table = loadCurveTable();

test('each entry is its own nearest entry; lookups keep categorical values', () => {
  table.entries.forEach((e, i) => {
    const j = table.nearest({ momentum: 0.5, ...e.params });
    assert.equal(j, i, `entry ${i} answered ${j}`);
  });
  const probe = { lr: 0.01, width: 64, depth: 2, alpha: 1e-4, batch: 64, activation: 'tanh', optimizer: 'sgd', momentum: 0.9 };
  const hit = table.entries[table.nearest(probe)].params;
  assert.equal(hit.activation, 'tanh');
  assert.equal(hit.optimizer, 'sgd');
});

test('momentum does not move an adam lookup; the regret zero is the minimum final loss', () => {
  const adam = table.entries.find((e) => e.params.optimizer === 'adam')!.params;
  assert.equal(table.nearest({ ...adam, momentum: 0 }), table.nearest({ ...adam, momentum: 0.99 }));
  assert.equal(table.bestFinal, Math.min(...table.entries.map((e) => e.loss[table.epochs - 1])));
  assert.equal(table.epochs, 40);
  assert.equal(table.entries.length, 500);
});

test('the space is conditional as the table was sampled: momentum only for sgd (when), absent from adam points', () => {
  assert.deepEqual(table.spec.momentum.when, { optimizer: ['sgd'] });
  assert.equal(table.space.conditional, true);
  // Decoding the cube's corners and centre: momentum appears exactly when the optimizer is sgd.
  for (const v of [0, 0.5, 1]) {
    for (let k = 0; k < table.space.dim; k++) {
      const x = new Float64Array(table.space.dim).fill(v);
      x[k] = 1 - v;
      const p = table.space.decode(x);
      assert.equal('momentum' in p, p.optimizer === 'sgd', JSON.stringify(p));
    }
  }
});
