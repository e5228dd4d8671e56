import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { runsInProcess } from '../../../server/compute/placement.js';

const gp = AlgorithmSpec.parse({ surrogate: 'gp', initialTrials: 5 });
const base = { algorithm: gp, dim: 2, completed: 0, pending: 0, count: 1, multiFidelity: false };

test('cheap phases stay in process; model phases go to a worker', () => {
  assert.equal(runsInProcess({ ...base, algorithm: AlgorithmSpec.parse({ surrogate: 'none' }), completed: 100 }), true, "surrogate 'none'");
  assert.equal(runsInProcess({ ...base, completed: 1, pending: 10 }), true, 'fewer than 2 values to fit');
  assert.equal(runsInProcess({ ...base, completed: 3, pending: 1, count: 1 }), true, 'the whole batch inside the initial design');
  assert.equal(runsInProcess({ ...base, completed: 3, pending: 1, count: 2 }), false, 'a batch reaching past the design fits');
  assert.equal(runsInProcess({ ...base, completed: 5 }), false);
  assert.equal(runsInProcess({ ...base, completed: 2, multiFidelity: true }), false, 'multi-fidelity: conservative');
});
