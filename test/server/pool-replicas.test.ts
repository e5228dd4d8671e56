/**
 * A pool uploaded in chunks through one replica is seen by another (two StudyServices on one
 * storage, as two API replicas on one PostgreSQL): a replica that built the study's runtime while
 * the upload was incomplete (its ask refused) must not keep that stale pool once another replica
 * completed it. Reference: brute force — asking the whole pool through the second replica hands
 * out every uploaded row exactly once, then the pool is exhausted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { Requests } from '../../protocol/messages.js';
import { StudyCreate } from '../../protocol/study.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { expectCode } from './expect-code.js';

const SPACE = { x: { type: 'float' as const, low: 0, high: 1 } };
const ROWS = Array.from({ length: 6 }, (_, i) => [i / 10]);

test('pool rows appended through replica A are asked through replica B, which had cached the incomplete pool', async () => {
  const storage = new MemoryStorage();
  const a = new StudyService({ storage, createPolicy, createSearchSpace });
  const b = new StudyService({ storage, createPolicy, createSearchSpace });
  const study = await a.createStudy(StudyCreate.parse({ name: 'chunked', space: SPACE, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none', seed: 2 }, pool: { columns: ['x'], rows: ROWS.slice(0, 2), totalRows: 6 } }));
  // B builds its runtime now, while 2 of 6 rows are stored.
  await expectCode(b.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION', ['pool']);
  await a.appendPool(Requests['pool:append'].parse({ studyId: study.id, offset: 2, rows: ROWS.slice(2, 4) }));
  await expectCode(b.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION', ['pool']);
  await a.appendPool(Requests['pool:append'].parse({ studyId: study.id, offset: 4, rows: ROWS.slice(4) }));
  const asked = (await b.ask({ studyId: study.id, count: 6 })).trials.map((t) => t.params.x as number).sort((p, q) => p - q);
  assert.deepEqual(asked, ROWS.map((r) => r[0]));
  await expectCode(b.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION');
  // B's enqueue sees the whole pool too: a row from the last chunk is a known (taken) candidate, not an unknown one.
  await expectCode(b.enqueue({ studyId: study.id, params: { x: 0.5 } }), 'FAILED_PRECONDITION', ['params']);
});
