/**
 * Pool mode through the StudyService (real createPolicy, memory and SQLite storage): create
 * validates the pool with field paths and stores it; asks return only pool rows, never one
 * completed or pending at the same level; an exhausted pool is FAILED_PRECONDITION (not a
 * fallback, not INTERNAL); a restarted service reads the stored pool once and keeps excluding
 * used rows; a failing model falls back to random pool rows, not to points outside the pool.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Policy } from '../../policy/types.js';
import { StudyCreate } from '../../protocol/study.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { SqliteStorage } from '../../server/storage/sqlite-storage.js';
import type { Storage } from '../../server/storage/types.js';
import { StudyService } from '../../server/study-service.js';
import { expectCode } from './expect-code.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-pool-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SPACE = {
  mix: { type: 'simplex' as const, components: ['web', 'code', 'math'] },
  size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }], target: 'L' },
};
/** 4 mixtures at every level (8 candidates) + 1 mixture only at S. */
const POOL = {
  columns: ['mix', 'size'],
  rows: [[[0.6, 0.2, 0.2], null], [[0.2, 0.6, 0.2], null], [[0.2, 0.2, 0.6], null], [[1 / 3, 1 / 3, 1 / 3], null], [[0.5, 0.5, 0], 'S']],
};
const key = (p: Record<string, unknown>) => JSON.stringify([Object.values(p.mix as object).map((v) => Number((v as number).toFixed(9))), p.size]);
const CANDIDATES = new Set(POOL.rows.flatMap(([w, size]) => (size === null ? ['S', 'L'] : [size]).map((s) => key({ mix: { a: (w as number[])[0], b: (w as number[])[1], c: (w as number[])[2] }, size: s }))));

function service(storage: Storage, policy = createPolicy): StudyService {
  return new StudyService({ storage, createPolicy: policy, createSearchSpace });
}


for (const kind of ['memory', 'sqlite'] as const) {
  test(`pool study (${kind}): only pool rows, none twice at a level, exhaustion is FAILED_PRECONDITION, survives a restart`, async () => {
    const file = join(dir, `${kind}.sqlite`);
    const open = (): Storage => (kind === 'memory' ? new MemoryStorage() : new SqliteStorage({ path: file }));
    let storage = open();
    let svc = service(storage);
    const study = await svc.createStudy(StudyCreate.parse({ name: 'p', space: SPACE, objectives: { acc: 'maximize' }, algorithm: { seed: 3, initialTrials: 2 }, pool: POOL }));
    assert.deepEqual(study.pool, { rows: 5 });
    const seen = new Set<string>();
    const take = async (count: number) => {
      const { trials } = await svc.ask({ studyId: study.id, count });
      for (const t of trials) {
        const k = key(t.params);
        assert.ok(CANDIDATES.has(k), `pool row ${k}`);
        assert.ok(!seen.has(k), `asked twice: ${k}`);
        seen.add(k);
        assert.equal(typeof t.diagnostics?.poolRow, 'number');
        const w = t.params.mix as Record<string, number>;
        assert.ok(Math.abs(w.web + w.code + w.math - 1) <= 1e-12);
      }
      return trials;
    };
    // two pending at once, then tell them
    const first = await take(2);
    for (const t of first) await svc.tell({ studyId: study.id, trialId: t.id, values: { acc: (t.params.mix as Record<string, number>).web }, cost: 0.2 });
    const pending = await take(1);
    if (kind === 'sqlite') {
      // restart: a new service on the same file rebuilds the runtime with the stored pool
      svc.close();
      await storage.close();
      storage = open();
      svc = service(storage);
      assert.deepEqual((await svc.getStudy(study.id)).pool, { rows: 5 });
    }
    for (let left = CANDIDATES.size - seen.size; left > 0; left--) {
      const [t] = await take(1);
      await svc.tell({ studyId: study.id, trialId: t.id, values: { acc: (t.params.mix as Record<string, number>).web } });
    }
    // the pending one still blocks its row; everything else is completed
    const e = await expectCode(svc.ask({ studyId: study.id, count: 1 }), 'FAILED_PRECONDITION', ['pool']);
    assert.match(e.message, /exhausted/);
    // failing the pending trial frees its row again
    await svc.fail({ studyId: study.id, trialId: pending[0].id, reason: 'oom' });
    const again = await svc.ask({ studyId: study.id, count: 1 });
    assert.equal(key(again.trials[0].params), key(pending[0].params));
    svc.close();
    await storage.close();
  });
}

test('create refuses a bad pool with the cell path and stores nothing', async () => {
  const storage = new MemoryStorage();
  const svc = service(storage);
  const req = (pool: unknown) => StudyCreate.parse({ name: 'p', space: SPACE, objectives: { acc: 'maximize' }, pool });
  await expectCode(svc.createStudy(req({ columns: ['mix', 'size'], rows: [[[0.5, 0.5, 0], 'S'], [[0.5, 0.4, 0], 'L']] })), 'INVALID_ARGUMENT', ['pool', 'rows', 1, 0]);
  await expectCode(svc.createStudy(req({ columns: ['mix', 'size'], rows: [[[0.5, 0.5, 0], 'XL']] })), 'INVALID_ARGUMENT', ['pool', 'rows', 0, 1]);
  await expectCode(svc.createStudy(req({ columns: ['size'], rows: [['S']] })), 'INVALID_ARGUMENT', ['pool', 'columns']);
  assert.deepEqual(await storage.listStudies(), []);
});

test('a failing model falls back to random pool rows, not to points outside the pool', async () => {
  const broken: typeof createPolicy = (alg, opts) => (alg.surrogate === 'none' ? createPolicy(alg, opts) : ({ suggest: () => Promise.reject(new Error('fit diverged')) } as Policy));
  const svc = service(new MemoryStorage(), broken);
  const study = await svc.createStudy(StudyCreate.parse({ name: 'p', space: SPACE, objectives: { acc: 'maximize' }, pool: POOL }));
  const { trials } = await svc.ask({ studyId: study.id, count: 3 });
  for (const t of trials) {
    assert.ok(CANDIDATES.has(key(t.params)));
    assert.equal(t.diagnostics?.phase, 'fallback');
    assert.equal(t.diagnostics?.fallbackReason, 'fit diverged');
  }
  assert.equal(new Set(trials.map((t) => key(t.params))).size, 3);
  // more than what is left: FAILED_PRECONDITION even on the fallback path
  await expectCode(svc.ask({ studyId: study.id, count: 7 }), 'FAILED_PRECONDITION');
});
