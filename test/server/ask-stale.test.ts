/**
 * The optimistic ask (server/ask.ts) against a storage whose commits another process keeps
 * overtaking: each stale commit makes the ask reload its view and decide again; after the last
 * attempt the client gets UNAVAILABLE (retryable) and nothing is committed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { Requests } from '../../protocol/messages.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import type { AskWrite, Storage } from '../../server/storage/types.js';
import { StudyService } from '../../server/study-service.js';
import { FakeClock, branin } from './service-fixture.js';

/** MemoryStorage where another "replica" inserts a trial just before each of the first `overtakes` ask commits. */
function overtaken(overtakes: number): { storage: Storage; commits: () => number; policyReads: () => number } {
  const mem = new MemoryStorage();
  let commits = 0;
  let policyReads = 0;
  const storage = new Proxy(mem, {
    get(target, prop, receiver) {
      if (prop === 'commitAsk') {
        return async (studyId: string, write: AskWrite) => {
          commits++;
          if (commits <= overtakes) await mem.insertTrials(studyId, [{ state: 'queued', params: { x1: 0, x2: commits } }]);
          return mem.commitAsk(studyId, write);
        };
      }
      if (prop === 'getPolicyState') policyReads++;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { storage, commits: () => commits, policyReads: () => policyReads };
}

function service(storage: Storage): StudyService {
  return new StudyService({ storage, createPolicy: () => new SobolPolicy(), createSearchSpace, now: new FakeClock().now, version: '9.9.9' });
}

test('a stale ask commit is decided again from fresh reads and then succeeds', async () => {
  const { storage, commits, policyReads } = overtaken(2);
  const svc = service(storage);
  const study = (await svc.handle('study:create', Requests['study:create'].parse(branin()) as never)) as { id: string };
  const reads = policyReads();
  const { trials } = (await svc.handle('trial:ask', Requests['trial:ask'].parse({ studyId: study.id, count: 2 }) as never)) as { trials: { number: number; params: Record<string, number> }[] };
  assert.equal(commits(), 3, 'two stale commits, then one that lands');
  assert.ok(policyReads() - reads >= 2, 'each retry reloads the stored policy state');
  // The third attempt saw the two queued trials the "other replica" inserted: it claims them first.
  assert.deepEqual(trials.map((t) => t.number), [0, 1]);
  assert.deepEqual(trials.map((t) => t.params.x2), [1, 2]);
  await svc.close();
});

test('an ask overtaken on every attempt answers UNAVAILABLE and commits nothing of its own', async () => {
  const { storage, commits } = overtaken(Infinity);
  const svc = service(storage);
  const study = (await svc.handle('study:create', Requests['study:create'].parse(branin()) as never)) as { id: string };
  await assert.rejects(svc.handle('trial:ask', Requests['trial:ask'].parse({ studyId: study.id, requestId: 'r1' }) as never), (e: unknown) => {
    assert.ok(e instanceof BoError && e.code === 'UNAVAILABLE' && e.retryable, String(e));
    assert.match(e.message, /stale/);
    return true;
  });
  assert.equal(commits(), 8);
  const all = await storage.listTrials(study.id);
  assert.ok(all.every((t) => t.state === 'queued'), 'only the other replica wrote');
  assert.equal(await storage.getRequest(study.id, 'r1'), null);
  await svc.close();
});
