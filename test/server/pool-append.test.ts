/**
 * Chunked pool upload through the StudyService (pool:append), on memory and SQLite storage: a
 * pool created with totalRows refuses asks and enqueues until complete (FAILED_PRECONDITION,
 * path ['pool']); appends are checked like create's rows (paths rows.<i>.<j> within the chunk),
 * idempotent by offset (a retried chunk is a no-op, a different one at the same rows CONFLICT), a
 * gap or a complete pool is FAILED_PRECONDITION, overshooting totalRows INVALID_ARGUMENT; the
 * storage append is compare-and-set; a restart mid-upload keeps the stored rows (SQLite); once
 * complete every row of every chunk is asked exactly once and then the pool is exhausted.
 * Also over REST: POST /v1/studies/:id/pool/rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { Requests } from '../../protocol/messages.js';
import { StudyCreate } from '../../protocol/study.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { SqliteStorage } from '../../server/storage/sqlite-storage.js';
import type { Storage } from '../../server/storage/types.js';
import { StudyService } from '../../server/study-service.js';
import { startTestServer } from '../e2e/harness.js';
import { expectCode } from './expect-code.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-pool-append-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SPACE = { x: { type: 'float' as const, low: 0, high: 1 }, mix: { type: 'simplex' as const, components: ['a', 'b'] } };
/** 7 rows: x = i/10, weights (i/10, 1 - i/10). */
const ROWS = Array.from({ length: 7 }, (_, i) => [i / 10, [i / 10, 1 - i / 10]]);

function service(storage: Storage): StudyService {
  return new StudyService({ storage, createPolicy, createSearchSpace });
}


const append = (offset: number, rows: unknown[][]) => Requests['pool:append'].parse({ studyId: 'set-below', offset, rows });

for (const kind of ['memory', 'sqlite'] as const) {
  test(`pool:append (${kind}): incomplete pools refuse asks, appends are checked and idempotent, a restart keeps them`, async () => {
    const file = join(dir, `${kind}.sqlite`);
    const open = (): Storage => (kind === 'memory' ? new MemoryStorage() : new SqliteStorage({ path: file }));
    let storage = open();
    let svc = service(storage);
    const study = await svc.createStudy(StudyCreate.parse({
      name: 'chunked', space: SPACE, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none', seed: 1 },
      pool: { columns: ['x', 'mix'], rows: ROWS.slice(0, 2), totalRows: 7 },
    }));
    assert.deepEqual(study.pool, { rows: 2, totalRows: 7 });
    const app = (offset: number, rows: unknown[][]) => svc.appendPool({ ...append(offset, rows), studyId: study.id });

    // incomplete: asks and enqueues are refused, nothing is handed out
    const e = await expectCode(svc.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION', ['pool']);
    assert.match(e.message, /2 of 7 rows/);
    await expectCode(svc.enqueue({ studyId: study.id, params: { x: 0, mix: { a: 0, b: 1 } } }), 'FAILED_PRECONDITION', ['pool']);

    // bad rows name the cell within the chunk; a gap names the offset; nothing is stored
    await expectCode(app(2, [ROWS[2], [0.3, [0.5, 0.6]]]), 'INVALID_ARGUMENT', ['rows', 1, 1]);
    await expectCode(app(2, [ROWS[2], [2, [0.5, 0.5]]]), 'INVALID_ARGUMENT', ['rows', 1, 0]);
    await expectCode(app(2, [[0.3]]), 'INVALID_ARGUMENT', ['rows', 0]);
    await expectCode(app(3, [ROWS[3]]), 'FAILED_PRECONDITION', ['offset']);
    assert.equal((await svc.getStudy(study.id)).pool?.rows, 2);

    // the next chunk, then the same chunk again (a retry): no change; other values at stored rows: CONFLICT
    assert.deepEqual((await app(2, ROWS.slice(2, 4))).pool, { rows: 4, totalRows: 7 });
    assert.deepEqual((await app(2, ROWS.slice(2, 4))).pool, { rows: 4, totalRows: 7 });
    assert.deepEqual((await app(0, ROWS.slice(0, 1))).pool, { rows: 4, totalRows: 7 }, 'a retry of the first rows too');
    await expectCode(app(3, [[0.9, [0.9, 0.1]]]), 'CONFLICT', ['rows', 0]);
    // the storage's own compare-and-set refuses a stale offset
    await expectCode(storage.appendPool(study.id, 2, [ROWS[4]]), 'CONFLICT', ['offset']);

    if (kind === 'sqlite') {
      svc.close();
      await storage.close();
      storage = open();
      svc = service(storage);
    }
    assert.deepEqual((await svc.getStudy(study.id)).pool, { rows: 4, totalRows: 7 });
    // overlapping chunk: the stored part is compared, the rest appended
    await expectCode(svc.appendPool({ ...append(3, ROWS.slice(3, 8).concat([ROWS[0]])), studyId: study.id }), 'INVALID_ARGUMENT', ['rows']);
    assert.deepEqual((await svc.appendPool({ ...append(3, ROWS.slice(3)), studyId: study.id })).pool, { rows: 7, totalRows: 7 });
    // complete: a retry is still fine, new rows are refused
    assert.deepEqual((await svc.appendPool({ ...append(6, ROWS.slice(6)), studyId: study.id })).pool, { rows: 7, totalRows: 7 });
    await expectCode(svc.appendPool({ ...append(7, [[0.05, [0.5, 0.5]]]), studyId: study.id }), 'FAILED_PRECONDITION', ['rows']);
    const stored = await storage.getPool(study.id);
    assert.equal(stored?.rows.length, 7);
    assert.deepEqual(stored?.rows.map((r) => r[0]), ROWS.map((r) => r[0]));

    // every row of every chunk is asked once, then the pool is exhausted
    const { trials } = await svc.ask({ studyId: study.id, count: 7 });
    assert.deepEqual(trials.map((t) => t.diagnostics?.poolRow).sort(), [0, 1, 2, 3, 4, 5, 6]);
    for (const t of trials) assert.equal(t.params.x, ROWS[t.diagnostics?.poolRow as number][0]);
    await expectCode(svc.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION', ['pool']);
    svc.close();
    await storage.close();
  });
}

test('pool:append on a study without a pool, or an unknown study', async () => {
  const svc = service(new MemoryStorage());
  const plain = await svc.createStudy(StudyCreate.parse({ name: 'plain', space: SPACE, objectives: { y: 'minimize' } }));
  await expectCode(svc.appendPool({ ...append(0, [ROWS[0]]), studyId: plain.id }), 'FAILED_PRECONDITION', ['studyId']);
  await expectCode(svc.appendPool({ ...append(0, [ROWS[0]]), studyId: 'nope' }), 'NOT_FOUND');
  // a pool without totalRows is complete at create
  const full = await svc.createStudy(StudyCreate.parse({ name: 'full', space: SPACE, objectives: { y: 'minimize' }, pool: { columns: ['x', 'mix'], rows: ROWS } }));
  assert.deepEqual(full.pool, { rows: 7 });
  await expectCode(svc.appendPool({ ...append(7, [[0.05, [0.5, 0.5]]]), studyId: full.id }), 'FAILED_PRECONDITION', ['rows']);
  // totalRows below the rows given is a protocol error
  const bad = StudyCreate.safeParse({ name: 'b', space: SPACE, objectives: { y: 'minimize' }, pool: { columns: ['x', 'mix'], rows: ROWS, totalRows: 3 } });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error?.issues[0].path, ['pool', 'totalRows']);
});

test('pool:append over REST: POST /v1/studies/:id/pool/rows', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; data?: { id: string; pool?: unknown }; error?: { code: string; issues?: { path: unknown[] }[] } } };
    };
    const created = await post('/v1/studies', { name: 'rest', space: SPACE, objectives: { y: 'minimize' }, pool: { columns: ['x', 'mix'], rows: ROWS.slice(0, 3), totalRows: 7 } });
    assert.equal(created.status, 200);
    const id = created.body.data!.id;
    assert.equal((await post(`/v1/studies/${id}/ask`, {})).status, 412);
    const ok = await post(`/v1/studies/${id}/pool/rows`, { offset: 3, rows: ROWS.slice(3) });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.data?.pool, { rows: 7, totalRows: 7 });
    const bad = await post(`/v1/studies/${id}/pool/rows`, { offset: -1, rows: ROWS.slice(3) });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error?.issues?.[0].path, ['offset']);
    assert.equal((await post(`/v1/studies/${id}/ask`, {})).status, 200);
  } finally {
    await server.close();
  }
});
