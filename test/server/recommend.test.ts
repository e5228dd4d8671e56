/** server/recommend.ts: study:recommend runs its job without the study's lock, through the injected runner (the hard limit: test/server/hard-limit.test.ts, test/server/compute/compute-recommend.test.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { RecommendRequest } from '../../policy/recommend.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import type { RunRecommendJob } from '../../server/recommend.js';
import { branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';

function service(run: RunRecommendJob): StudyService {
  return new StudyService({ storage: new MemoryStorage(), createPolicy: () => new SobolPolicy(), createSearchSpace, runRecommend: run });
}

test('a running recommendation holds no lock: asks and tells of the study go on meanwhile', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let seen: RecommendRequest | undefined;
  const svc = service(async (job) => {
    const req = job.request;
    seen = req;
    await gate;
    return { params: { x1: 1, x2: 2 }, mean: 0.5, sd: 0.1, lower: 0.3, upper: 0.7, model: 'gp', observations: req.completed.length };
  });
  const s = await svc.createStudy(branin());
  await svc.addCompleted({ studyId: s.id, trials: [{ params: { x1: 0, x2: 0 }, values: { loss: 1 } }, { params: { x1: 1, x2: 1 }, values: { loss: 2 } }] });
  const pending = svc.recommend(s.id);
  const { trials } = await svc.ask({ studyId: s.id, count: 1 });
  await svc.tell({ studyId: s.id, trialId: trials[0]!.id, values: { loss: 3 } });
  release();
  const rec = await pending;
  assert.equal(seen!.completed.length, 2, 'the job saw the snapshot taken when it started');
  assert.ok(seen!.signal instanceof AbortSignal && seen!.timeBudgetMs! > 0);
  assert.deepEqual(rec, { params: { x1: 1, x2: 2 }, objective: 'loss', direction: 'minimize', predicted: 0.5, interval: { lower: 0.3, upper: 0.7, level: 0.95 }, model: { kind: 'gp', observations: 2 } });
});
