/**
 * trial:enqueue in pool studies (StudyService, memory storage; over the wire in
 * test/e2e/pool-chunked.test.ts): params that are not a (row, level) candidate of the pool are
 * INVALID_ARGUMENT at ['params'] (a mixture off the menu, or a row only in the pool at another
 * level); a pool row matches within the pool index's rounding (weights off by 1e-12, as
 * {component: weight} or reordered keys) and the trial stores the pool's own row with its number;
 * a candidate already queued, running or completed is FAILED_PRECONDITION (it becomes free again
 * when its trial fails); asks hand the enqueued row out first and never pick it again.
 * Studies without a pool keep accepting any params inside the space.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { StudyCreate } from '../../protocol/study.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { expectCode } from './expect-code.js';

const SPACE = {
  mix: { type: 'simplex' as const, components: ['web', 'code', 'math'] },
  size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }], target: 'L' },
};
/** Rows 0-1 at every level, row 2 only at S. */
const POOL = { columns: ['mix', 'size'], rows: [[[0.6, 0.2, 0.2], null], [[0.2, 0.6, 0.2], null], [[0.5, 0.5, 0], 'S']] };


test('enqueue in a pool study: only free pool candidates, stored as the pool row', async () => {
  const svc = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace });
  const study = await svc.createStudy(StudyCreate.parse({ name: 'p', space: SPACE, objectives: { acc: 'maximize' }, algorithm: { surrogate: 'none', seed: 4 }, pool: POOL }));
  const enqueue = (params: Record<string, unknown>) => svc.enqueue({ studyId: study.id, params });

  // not on the menu; on the menu but not at this level
  const off = await expectCode(enqueue({ mix: { web: 0.5, code: 0.25, math: 0.25 }, size: 'L' }), 'INVALID_ARGUMENT', ['params']);
  assert.match(off.message, /candidate pool/);
  await expectCode(enqueue({ mix: { web: 0.5, code: 0.5, math: 0 }, size: 'L' }), 'INVALID_ARGUMENT', ['params']);
  // outside the space is still reported on the parameter itself
  await expectCode(enqueue({ mix: { web: 0.5, code: 0.5, math: 0 }, size: 'XL' }), 'INVALID_ARGUMENT', ['params', 'size']);

  // a pool row, given with keys reordered and off by 1e-12: matched and stored canonically
  const q = await enqueue({ size: 'L', mix: { math: 0.2, code: 0.2, web: 0.6 + 1e-12 } });
  assert.equal(q.state, 'queued');
  assert.equal(q.diagnostics?.poolRow, 0);
  assert.equal(q.diagnostics?.phase, 'enqueued');
  assert.deepEqual(q.params, { mix: { web: 0.6, code: 0.2, math: 0.2 }, size: 'L' });
  // the same candidate again while queued: the study's state forbids it
  const dup = await expectCode(enqueue({ mix: { web: 0.6, code: 0.2, math: 0.2 }, size: 'L' }), 'FAILED_PRECONDITION', ['params']);
  assert.match(dup.message, /already queued/);
  // the same mixture at the other level is another candidate
  const s = await enqueue({ mix: { web: 0.6, code: 0.2, math: 0.2 }, size: 'S' });
  assert.equal(s.diagnostics?.poolRow, 0);

  // asks hand out the queued trials first, then only other candidates
  const { trials } = await svc.ask({ studyId: study.id, count: 4 });
  assert.deepEqual(trials.slice(0, 2).map((t) => t.id), [q.id, s.id]);
  const keys = trials.map((t) => JSON.stringify(t.params));
  assert.equal(new Set(keys).size, 4, 'no candidate twice');
  // running now: still refused; after it fails it can be enqueued again
  await expectCode(enqueue({ mix: { web: 0.6, code: 0.2, math: 0.2 }, size: 'L' }), 'FAILED_PRECONDITION', ['params']);
  await svc.fail({ studyId: study.id, trialId: q.id, reason: 'oom' });
  const again = await enqueue({ mix: { web: 0.6, code: 0.2, math: 0.2 }, size: 'L' });
  assert.equal(again.diagnostics?.poolRow, 0);
  // completed candidates are refused too
  const done = trials[2];
  await svc.tell({ studyId: study.id, trialId: done.id, values: { acc: 0.5 } });
  const c = await expectCode(enqueue(done.params), 'FAILED_PRECONDITION', ['params']);
  assert.match(c.message, /already completed/);
  svc.close();
});

test('enqueue in a study without a pool accepts any point of the space', async () => {
  const svc = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace });
  const study = await svc.createStudy(StudyCreate.parse({ name: 'free', space: SPACE, objectives: { acc: 'maximize' } }));
  const t = await svc.enqueue({ studyId: study.id, params: { mix: { web: 0.5, code: 0.25, math: 0.25 }, size: 'L' } });
  assert.equal(t.state, 'queued');
  assert.equal(t.diagnostics?.poolRow, undefined);
  svc.close();
});
