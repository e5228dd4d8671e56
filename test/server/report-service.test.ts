/**
 * StudyService.report/prune on memory storage with a fake clock: a report extends the lease like a
 * heartbeat (checked against the clock: lease = now + leaseSeconds), a throwing pruner answers
 * `{prune: false}` with the failure as reason (and the point is still stored), a repeated report
 * emits no second event, and a concurrent duplicate report stores one point with one decision.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StudyCreate } from '../../protocol/study.js';
import { Requests } from '../../protocol/messages.js';
import { branin, makeService } from './service-fixture.js';

const create = (extra: Record<string, unknown>) => StudyCreate.parse(branin(extra));
const report = (studyId: string, trialId: string, step: number, value: number) => Requests['trial:report'].parse({ studyId, trialId, step, value });

test('a report extends the lease; only a new point is announced', async () => {
  const { service, clock, events } = makeService();
  const study = await service.createStudy(create({ leaseSeconds: 100 }));
  const { trials: [t] } = await service.ask(Requests['trial:ask'].parse({ studyId: study.id }));
  assert.equal(t!.leaseExpiresAt, new Date(clock.t + 100_000).toISOString());
  clock.advance(90);
  assert.deepEqual(await service.report(report(study.id, t!.id, 0, 1.5)), { prune: false });
  const [listed] = await service.listTrials(Requests['trial:list'].parse({ studyId: study.id }));
  assert.equal(listed!.leaseExpiresAt, new Date(clock.t + 100_000).toISOString(), 'now + leaseSeconds');
  clock.advance(50); // past the original lease, inside the extended one
  assert.equal((await service.getStudy(study.id)).trialCounts.running, 1);
  await service.report(report(study.id, t!.id, 0, 1.5));
  assert.equal(events.filter((e) => e.event === 'trial:reported').length, 1, 'a repeat is not announced again');
});

test('a pruner that throws answers prune: false with the reason, and the point is kept', async () => {
  const { service, storage } = makeService();
  const study = await service.createStudy(create({ algorithm: { surrogate: 'none', seed: 1, pruner: { type: 'median', startupTrials: 0 } } }));
  const { trials: [t] } = await service.ask(Requests['trial:ask'].parse({ studyId: study.id }));
  // A storage whose full listing fails only for the pruner's history read.
  const listTrials = storage.listTrials.bind(storage);
  storage.listTrials = async (id, states) => {
    if (states === undefined) throw new Error('disk on fire');
    return listTrials(id, states);
  };
  const d = await service.report(report(study.id, t!.id, 0, 2));
  assert.equal(d.prune, false);
  assert.match(d.reason!, /pruner median failed, not pruning: disk on fire/);
  storage.listTrials = listTrials;
  assert.deepEqual((await storage.listCurves(study.id)).get(t!.id), [{ step: 0, value: 2, prune: false, reason: d.reason }]);
});

test('concurrent duplicate reports store one point and answer one decision', async () => {
  const { service, storage } = makeService();
  const study = await service.createStudy(create({ algorithm: { surrogate: 'none', seed: 1, pruner: { type: 'asha' } } }));
  const { trials: [t] } = await service.ask(Requests['trial:ask'].parse({ studyId: study.id }));
  const answers = await Promise.all(Array.from({ length: 8 }, () => service.report(report(study.id, t!.id, 1, 0.5))));
  assert.equal(new Set(answers.map((a) => JSON.stringify(a))).size, 1);
  assert.equal((await storage.listCurves(study.id)).get(t!.id)!.length, 1);
});
