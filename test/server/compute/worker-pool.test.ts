import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createPolicy } from '../../../policy/create-policy.js';
import type { Observation } from '../../../policy/types.js';
import { WorkerPool } from '../../../server/compute/worker-pool.js';
import { ComputeFailure, type SuggestJob } from '../../../server/compute/types.js';
import { closeGate, ECHO_SEED, GATE_SEED, openGate, SPIN_SEED } from './test-policies.js';

const SPACE = { x1: { type: 'float' as const, low: -5, high: 10 }, x2: { type: 'int' as const, low: 0, high: 15 }, c: { type: 'categorical' as const, choices: ['a', 'b', 'c'] } };

function observations(n: number): Observation[] {
  return Array.from({ length: n }, (_, i) => ({ params: { x1: -5 + ((i * 1.7) % 15), x2: (i * 7) % 16, c: ['a', 'b', 'c'][i % 3]! }, value: Math.sin(i) + 0.1 * i }));
}

function job(seed: number, completed: Observation[], state?: SuggestJob['state']): SuggestJob {
  const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', initialTrials: 3, seed, exploration: { mode: 'off' } });
  return { kind: 'suggest', spec: { space: SPACE, algorithm }, direction: 'minimize', completed, pending: [], count: 2, ...(state ? { state } : {}), timeBudgetMs: 60_000, hardLimitMs: 600_000 };
}

test('the same seed and data give the same suggestion in-process and in a worker, cold and warm', async (t) => {
  const pool = new WorkerPool({ workers: 1 });
  t.after(() => pool.close());
  const space = createSearchSpace(SPACE);
  const here = (j: SuggestJob) => createPolicy(j.spec.algorithm).suggest({ space, algorithm: j.spec.algorithm, direction: j.direction, completed: j.completed, pending: j.pending, count: j.count, timeBudgetMs: j.timeBudgetMs, ...(j.state ? { state: j.state } : {}) });
  const cold = job(7, observations(10));
  const [a, b] = [await pool.suggest('s', cold), await here(cold)];
  assert.equal(a.diagnostics.phase, 'model');
  assert.deepEqual(a.suggestions, b.suggestions);
  // Warm: the worker still holds a.state, so the pool does not send it again; the answer must not change.
  const warm = job(7, observations(11), a.state);
  assert.deepEqual((await pool.suggest('s', warm)).suggestions, (await here({ ...warm, state: b.state })).suggestions);
});

test('aborting a running job releases its caller at once; the worker finishes and takes the next job', async (t) => {
  const pool = new WorkerPool({ workers: 1 });
  t.after(() => pool.close());
  const ctrl = new AbortController();
  let fitting!: () => void;
  const started = new Promise<void>((resolve) => (fitting = resolve));
  const p = pool.suggest('s', job(8, observations(12)), { signal: ctrl.signal, onProgress: (pr) => pr.stage === 'fit' && fitting() });
  p.catch(() => {});
  await started;
  ctrl.abort();
  await assert.rejects(p, (e: unknown) => e instanceof ComputeFailure && e.reason === 'cancelled');
  const d = await pool.suggest('t', job(9, observations(6)));
  assert.equal(d.suggestions.length, 2);
  assert.equal(pool.status().restarts, 0, 'cancellation is cooperative: no worker was terminated');
});

test('a job queued behind a spinning one is dropped when its signal aborts; close() fails the rest', async (t) => {
  const pool = new WorkerPool({ workers: 1, policyModule: new URL('./test-policies.ts', import.meta.url) });
  t.after(() => pool.close());
  let spun!: () => void;
  const spinStarted = new Promise<void>((resolve) => (spun = resolve));
  const spinning = pool.suggest('spin', job(SPIN_SEED, observations(6)), { onProgress: (p) => p.stage === 'spin' && spun() });
  spinning.catch(() => {});
  await spinStarted;
  const ctrl = new AbortController();
  const positions: number[] = [];
  const queued = pool.suggest('q', job(1, observations(6)), { signal: ctrl.signal, onProgress: (p) => p.position !== undefined && positions.push(p.position) });
  queued.catch(() => {});
  assert.deepEqual(positions, [1]);
  assert.equal(pool.status().queued, 1);
  ctrl.abort();
  await assert.rejects(queued, (e: unknown) => e instanceof ComputeFailure && e.reason === 'cancelled');
  assert.equal(pool.status().queued, 0);
  await pool.close();
  await assert.rejects(spinning, (e: unknown) => e instanceof ComputeFailure && e.reason === 'closed');
});

test('a worker that holds the current state is not sent it again; a state it does not hold is sent', async (t) => {
  const pool = new WorkerPool({ workers: 1, policyModule: new URL('./test-policies.ts', import.meta.url) });
  t.after(() => pool.close());
  const a = await pool.suggest('s', job(ECHO_SEED, observations(4)));
  const b = await pool.suggest('s', job(ECHO_SEED, observations(5), a.state));
  assert.deepEqual([b.diagnostics.heldState, b.diagnostics.n], [true, 2], 'the worker used the state it kept');
  const c = await pool.suggest('s', job(ECHO_SEED, observations(6), { n: 10 }));
  assert.deepEqual([c.diagnostics.heldState, c.diagnostics.n], [false, 11], 'another state (e.g. read from storage) is sent');
  const d = await pool.suggest('s', job(ECHO_SEED, observations(6), a.state));
  assert.deepEqual([d.diagnostics.heldState, d.diagnostics.n], [false, 2], 'an older state is sent again, not confused with the held one');
});

test('two studies run at once on two workers', async (t) => {
  const pool = new WorkerPool({ workers: 2, policyModule: new URL('./test-policies.ts', import.meta.url) });
  t.after(() => pool.close());
  const spinning = ['a', 'b'].map((id) => new Promise<void>((resolve) => void pool.suggest(id, job(SPIN_SEED, observations(4)), { onProgress: (p) => p.stage === 'spin' && resolve() }).catch(() => {})));
  await Promise.all(spinning);
  assert.deepEqual(pool.status(), { workers: 2, busy: 2, queued: 0, restarts: 0 });
});

test('a cancelled job still running in its worker keeps its study\'s next job queued until it ends (regression: two jobs of one study in flight)', async (t) => {
  closeGate();
  const pool = new WorkerPool({ workers: 2, policyModule: new URL('./test-policies.ts', import.meta.url) });
  t.after(async () => {
    closeGate();
    await pool.close();
  });
  const ctrl = new AbortController();
  let gated!: () => void;
  const held = new Promise<void>((resolve) => (gated = resolve));
  const first = pool.suggest('s', job(GATE_SEED, observations(6)), { signal: ctrl.signal, onProgress: (p) => p.stage === 'gated' && gated() });
  first.catch(() => {});
  await held;
  ctrl.abort();
  await assert.rejects(first, (e: unknown) => e instanceof ComputeFailure && e.reason === 'cancelled');
  const stages: string[] = [];
  const second = pool.suggest('s', job(7, observations(6)), { onProgress: (p) => stages.push(p.stage) });
  // Another study runs meanwhile on the second worker: the wait is the study's, not a worker shortage.
  assert.equal((await pool.suggest('other', job(9, observations(6)))).suggestions.length, 2);
  assert.deepEqual(stages, ['queued'], 'the study\'s next job has not started while its cancelled one runs');
  assert.deepEqual(pool.status(), { workers: 2, busy: 1, queued: 1, restarts: 0 });
  openGate();
  assert.equal((await second).diagnostics.phase, 'model');
  assert.equal(pool.status().restarts, 0, 'the cancelled job ended on its own');
});
