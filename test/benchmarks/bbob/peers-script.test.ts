/**
 * The Python peers script follows the runner's protocol: seed k on evaluation instance 6 + k,
 * budget 100 in 2-D, records in the runner's format, regret = best noise-free value − f_opt of the
 * TypeScript problem (non-negative, non-increasing, and within f1's closed-form bound on the box).
 * Needs Debian's python3-optuna and python3-cmaes (.ci/run installs them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CompactRun } from '../../../benchmarks/run-records.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const hasOptuna = spawnSync('/usr/bin/python3', ['-c', 'import optuna, cmaes'], { encoding: 'utf8' }).status === 0;

test('run_bbob_peers.py: paired instances, budgets and records as the runner writes them', { skip: hasOptuna ? false : 'python3-optuna / python3-cmaes not installed (apt-get install python3-optuna python3-cmaes)' }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'bbob-peers-')), 'peers.json');
  const r = spawnSync('/usr/bin/python3', ['benchmarks/peers/run_bbob_peers.py', '--functions', '1', '--dims', '2', '--seeds', '2', '--samplers', 'random,cmaes', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const file = JSON.parse(readFileSync(out, 'utf8')) as { command: string; provenance: { gitCommit: string }; runs: CompactRun[] };
  assert.match(file.provenance.gitCommit, /^[0-9a-f]{40}$/);
  const keys = file.runs.map((run) => `${run.problem} ${run.algorithm} ${run.seed}`).sort();
  assert.deepEqual(keys, ['bbob_f001_i06_d02 optuna-cmaes 0', 'bbob_f001_i06_d02 optuna-random 0', 'bbob_f001_i07_d02 optuna-cmaes 1', 'bbob_f001_i07_d02 optuna-random 1']);
  for (const run of file.runs) {
    assert.equal(run.budget, 100);
    assert.equal(run.regret.length, 100);
    for (let i = 0; i < 100; i++) {
      assert.ok(run.regret[i] >= 0);
      if (i > 0) assert.ok(run.regret[i] <= run.regret[i - 1]);
    }
    // f1 on [-5, 5]^2: regret = ||x − x_opt||² <= (5 + 4)² · 2 (x_opt in [-4, 4]).
    assert.ok(run.regret[0] <= 162);
  }
});
