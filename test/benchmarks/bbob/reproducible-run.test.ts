/**
 * Issue 20: re-running stored seeds matched 1 of 110 GP runs. A run must be a function of its
 * record: the same (problem, algorithm, seed, budget) gives the same trace (every suggestion and
 * observed value, hashed) in this process after other runs and in a fresh worker process, and the
 * record carries the effective spec, the policy variant and the observation model.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BenchTask } from '../../../benchmarks/bench-worker.js';
import { runOne, type RunResult } from '../../../benchmarks/loop.js';
import { getProblem } from '../../../benchmarks/problems/all.js';

const PROBLEM = 'bbob_f021_i06_d03_gauss-low';

function inWorker(task: BenchTask): Promise<RunResult> {
  const worker = fileURLToPath(new URL('../../../benchmarks/bench-worker.ts', import.meta.url));
  const child = fork(worker, [], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { result?: RunResult; error?: string }) => {
      child.disconnect();
      if (m.result) resolve(m.result);
      else reject(new Error(m.error));
    });
    child.on('error', reject);
    child.send(task);
  });
}

test('runOne: same seed, same trace (gp-logei on a noisy bbob instance), in-process and in a fresh worker; the record says what ran', async () => {
  const p = getProblem(PROBLEM);
  const first = await runOne(p, 'gp-logei', 4, 14, 10);
  await runOne(getProblem('branin'), 'gp-logei', 9, 12, 10); // other work in between: no state may leak into the next run
  const second = await runOne(p, 'gp-logei', 4, 14, 10);
  assert.equal(second.traceHash, first.traceHash);
  assert.deepEqual(second.regret, first.regret);
  const fresh = await inWorker({ id: 0, problem: PROBLEM, algorithm: 'gp-logei', seed: 4, budget: 14, initialTrials: 10 });
  assert.equal(fresh.traceHash, first.traceHash);
  const other = await runOne(p, 'gp-logei', 5, 14, 10);
  assert.notEqual(other.traceHash, first.traceHash, 'the hash depends on the seed');
  const spec = first.spec as { surrogate: string; seed: number; initialTrials: number };
  assert.equal(spec.surrogate, 'gp');
  assert.equal(spec.seed, 4);
  assert.equal(spec.initialTrials, 10);
  assert.deepEqual(first.variant, {});
  assert.match(first.noiseModel ?? '', /^gauss-low \(scale /);
});
