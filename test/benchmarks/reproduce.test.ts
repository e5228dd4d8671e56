/** benchmarks/reproduce.ts: a stored record re-runs to the same trace; a changed hash or curve is reported with what differs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOne } from '../../benchmarks/loop.js';
import { getProblem } from '../../benchmarks/problems/all.js';
import { coreHint, reproduce } from '../../benchmarks/reproduce.js';
import { compactRun } from '../../benchmarks/run-records.js';

test('reproduce: same record -> same; another hash -> differs; a record without provenance says what it lacks', async () => {
  const here = { gitCommit: 'abc1234def', linalg: 'js' };
  const record = { ...compactRun(await runOne(getProblem('bbob_f003_i02_d02_cauchy'), 'gp-logei', 1, 12, 10)), gitCommit: 'abc1234def', gitDirty: false, linalg: 'js' };
  const same = await reproduce(record, here);
  assert.deepEqual(same, { key: 'bbob_f003_i02_d02_cauchy gp-logei seed 1', matched: true, firstDiff: -1, differences: [] });
  const tampered = await reproduce({ ...record, traceHash: '0'.repeat(64) }, { ...here, linalg: 'wasm' });
  assert.equal(tampered.matched, false);
  assert.deepEqual(tampered.differences, ['linalg js -> wasm']);
  // An old record (no hash, no provenance) is compared on its curve: a changed value shows where.
  const { traceHash, spec, gitCommit, linalg, ...old } = record;
  void [traceHash, spec, gitCommit, linalg];
  const curve = [...old.regret];
  curve[11] = curve[11] + 1;
  const oldRep = await reproduce({ ...old, regret: curve }, here);
  assert.equal(oldRep.matched, false);
  assert.equal(oldRep.firstDiff, 11);
  assert.deepEqual(oldRep.differences, ['record has no commit', 'record has no linalg backend', 'record has no algorithm spec']);
});

test('reproduce: a record made on another OpenBLAS core says so and names the variable that brings it back', async () => {
  const here = { gitCommit: 'abc1234def', linalg: 'native', blas: 'OpenBLAS core=Haswell threads=1' };
  const record = { ...compactRun(await runOne(getProblem('bbob_f003_i02_d02_cauchy'), 'gp-logei', 1, 12, 10)), gitCommit: 'abc1234def', gitDirty: false, linalg: 'native', blas: 'OpenBLAS core=SkylakeX threads=1' };
  const rep = await reproduce(record, here);
  assert.deepEqual(rep.differences, ['OpenBLAS core=SkylakeX threads=1 -> OpenBLAS core=Haswell threads=1 (run with OPENBLAS_CORETYPE=SkylakeX)']);
  // The same core (or a record from before the field existed) adds nothing.
  assert.deepEqual((await reproduce({ ...record, blas: here.blas }, here)).differences, []);
  const { blas, ...older } = record;
  void blas;
  assert.deepEqual((await reproduce(older, here)).differences, []);
  assert.equal(coreHint('no core here'), 'unknown OpenBLAS core');
});
