/**
 * The Python peers evaluate the TypeScript problems through a JSON-lines evaluator: its answers
 * must be the functions' values and the very noise sequence a run of the same seed observes
 * (the stream loop.ts draws from: createRng(deriveSeed(seed, 0x0015e)), one draw sequence per run).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer } from '../../../benchmarks/peers/evaluate-request.js';
import { getProblem } from '../../../benchmarks/problems/all.js';
import { createRng, deriveSeed } from '../../../core/rng.js';

test('evaluator: info and clean values are the problem\'s; noise follows the per-seed stream of loop.ts', () => {
  const name = 'bbob_f008_i07_d05_gauss-high';
  const p = getProblem(name);
  const streams = new Map();
  assert.deepEqual(answer(JSON.stringify({ problem: name, info: true }), streams), { dim: 5, lower: p.lower, upper: p.upper, optimum: p.optimum });
  const rng = createRng(deriveSeed(3, 0x0015e));
  for (let k = 0; k < 5; k++) {
    const x = [k, -1, 0.5, 2, -3];
    const got = answer(JSON.stringify({ problem: name, seed: 3, x }), streams) as { clean: number; observed: number };
    assert.equal(got.clean, p.f(x));
    assert.equal(got.observed, p.observe!(p.f(x), rng));
  }
  assert.throws(() => answer(JSON.stringify({ problem: name, seed: 3, x: [1, 2] }), streams), /length 5/);
  assert.throws(() => answer(JSON.stringify({ problem: 'bbob_f099_i01_d02', seed: 1, x: [0, 0] }), streams), /unknown problem/);
});
