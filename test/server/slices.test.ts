/**
 * server/slices.ts: the incumbent the slices cross is the trial trial:best picks (the target
 * fidelity's best in fidelity studies), the job sees one snapshot of the completed trials, and the
 * memo answers unchanged data without another fit (counted through an injected runner).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { Requests } from '../../protocol/messages.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { SlicesMemo, studySlices, type SlicesJobInput } from '../../server/slices.js';
import { expectCode } from './expect-code.js';

async function setup(space: Record<string, unknown>, trials: { params: Record<string, unknown>; values: { loss: number } }[]) {
  const storage = new MemoryStorage();
  const svc = new StudyService({ storage, createPolicy: () => new SobolPolicy(), createSearchSpace });
  const s = await svc.createStudy(Requests['study:create'].parse({ name: 'm', space, objectives: { loss: 'minimize' } }));
  if (trials.length > 0) await svc.addCompleted(Requests['trial:add'].parse({ studyId: s.id, trials }));
  return { storage, svc, id: s.id };
}

function context(storage: MemoryStorage, memo: SlicesMemo, jobs: SlicesJobInput[]) {
  return {
    storage,
    createSearchSpace,
    timeBudgetMs: 1000,
    hardLimitMs: 5000,
    signal: new AbortController().signal,
    memo,
    run: async (job: SlicesJobInput) => {
      jobs.push(job);
      return { atIncumbent: { mean: 0, lower: -1, upper: 1 }, slices: [], importance: [], skipped: [], model: 'gp', observations: job.request.completed.length };
    },
  };
}

test('the slices cross the best target-level trial, and an unchanged study is answered from the memo', async () => {
  const space = { x: { type: 'float', low: 0, high: 1 }, s: { type: 'fidelity', levels: [{ value: 'lo', cost: 1 }, { value: 'hi', cost: 5 }] } };
  const { storage, svc, id } = await setup(space, [
    { params: { x: 0.1, s: 'lo' }, values: { loss: -5 } },
    { params: { x: 0.2, s: 'hi' }, values: { loss: 2 } },
    { params: { x: 0.3, s: 'hi' }, values: { loss: 1 } },
  ]);
  const memo = new SlicesMemo();
  const jobs: SlicesJobInput[] = [];
  const study = (await storage.getStudy(id))!;
  const first = await studySlices(study, context(storage, memo, jobs));
  assert.deepEqual(first.incumbent.params, { x: 0.3, s: 'hi' }, 'the cheaper level\'s better value does not count, as in trial:best');
  assert.deepEqual(first.incumbent.params, (await svc.best(id))!.params);
  assert.deepEqual(first.fidelity, { name: 's', value: 'hi' });
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.request.completed.length, 3);
  assert.deepEqual(await studySlices(study, context(storage, memo, jobs)), first);
  assert.equal(jobs.length, 1, 'unchanged completed trials: no second fit');
  await svc.addCompleted(Requests['trial:add'].parse({ studyId: id, trials: [{ params: { x: 0.4, s: 'hi' }, values: { loss: 0 } }] }));
  const next = await studySlices(study, context(storage, memo, jobs));
  assert.equal(jobs.length, 2, 'a new completed trial: fitted again');
  assert.equal(next.model.observations, 4);
  assert.deepEqual(next.incumbent.params, { x: 0.4, s: 'hi' });
});

test('no completed trial at the target level: FAILED_PRECONDITION naming the level, and no job runs', async () => {
  const space = { x: { type: 'float', low: 0, high: 1 }, s: { type: 'fidelity', levels: [{ value: 'lo', cost: 1 }, { value: 'hi', cost: 5 }] } };
  const { storage, id } = await setup(space, [{ params: { x: 0.1, s: 'lo' }, values: { loss: 1 } }]);
  const jobs: SlicesJobInput[] = [];
  const e = await expectCode(studySlices((await storage.getStudy(id))!, context(storage, new SlicesMemo(), jobs)), 'FAILED_PRECONDITION', ['studyId']);
  assert.match(e.message, /s="hi"/);
  assert.equal(jobs.length, 0);
});
