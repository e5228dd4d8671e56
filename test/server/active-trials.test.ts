/**
 * The in-memory active-trial set (server/active-trials.ts) against storage, the independent
 * reference: after seeded random interleavings of ask, tell, fail, report+prune, enqueue,
 * heartbeat and lease expiry, issued through two StudyService replicas on one SQLite file (each
 * with its own connection, as two processes) and through one service on memory storage, every
 * replica whose held set claims to be current (its version equals the stored trial clock) must
 * list exactly the running and queued trials storage lists: same ids, numbers, states and params.
 * The test also counts how often a held set was current, so it cannot pass by never holding one.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSearchSpace } from '../../core/search-space.js';
import { createRng } from '../../core/rng.js';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../protocol/messages.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { SqliteThreadStorage } from '../../server/storage/sqlite-thread-storage.js';
import { SqliteStorage } from '../../server/storage/sqlite-storage.js';
import type { Storage } from '../../server/storage/types.js';
import type { StudyCore } from '../../server/study-core.js';
import { StudyService } from '../../server/study-service.js';
import { FakeClock, branin, policyFactory } from './service-fixture.js';

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** The comparable content of an active trial (leases excluded: a held one may be older, see active-trials.ts). */
const shape = (t: { id: string; number: number; state: string; params: unknown }) => ({ id: t.id, number: t.number, state: t.state, params: t.params });

/** Compares every replica's current held set with storage; returns how many sets were current. */
async function checkReplicas(services: readonly StudyService[], storage: Storage, studyId: string, step: string): Promise<number> {
  const clock = await storage.trialClock!(studyId);
  const truth = (await storage.listTrials(studyId, ['running', 'queued'])).map(shape);
  let current = 0;
  for (const [i, svc] of services.entries()) {
    const held = (svc as unknown as { core: StudyCore }).core.runtimes.get(studyId)?.active;
    if (!held?.matches(clock)) continue;
    current += 1;
    assert.deepEqual(held.list().map(shape), truth, `replica ${i} after ${step}`);
  }
  return current;
}

/** Runs `steps` random operations spread over `services` (all on `storage`'s data). */
async function interleave(services: readonly StudyService[], storage: Storage, clock: FakeClock, seed: number, steps: number): Promise<{ current: number; asks: number }> {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const study = await call(services[0]!, 'study:create', branin({ leaseSeconds: 60 }));
  const id = study.id;
  let current = 0;
  let asks = 0;
  for (let s = 0; s < steps; s++) {
    const svc = pick(services);
    const running = (await storage.listTrials(id, ['running'])).map((t) => t.id);
    const op = rng.uniform();
    let step: string;
    if (op < 0.35 || running.length === 0) {
      const count = 1 + rng.int(3);
      await call(svc, 'trial:ask', { studyId: id, count, requestId: `ask-${seed}-${s}` });
      asks += 1;
      step = `ask ${count}`;
    } else if (op < 0.55) {
      await call(svc, 'trial:tell', { studyId: id, trialId: pick(running), values: { loss: rng.uniform() } });
      step = 'tell';
    } else if (op < 0.65) {
      await call(svc, 'trial:fail', { studyId: id, trialId: pick(running), reason: 'random' });
      step = 'fail';
    } else if (op < 0.73) {
      const trialId = pick(running);
      await call(svc, 'trial:report', { studyId: id, trialId, step: 1, value: rng.uniform() });
      await call(svc, 'trial:prune', { studyId: id, trialId });
      step = 'prune';
    } else if (op < 0.83) {
      await call(svc, 'trial:enqueue', { studyId: id, params: { x1: -5 + 15 * rng.uniform(), x2: 15 * rng.uniform() } });
      step = 'enqueue';
    } else if (op < 0.93) {
      await call(svc, 'trial:heartbeat', { studyId: id, trialId: pick(running) });
      step = 'heartbeat';
    } else {
      // Past some leases (heartbeats moved others on): the next ask abandons the expired ones.
      clock.advance(20 + rng.int(40));
      step = 'time passes';
    }
    current += await checkReplicas(services, storage, id, `step ${s} (${step})`);
  }
  return { current, asks };
}

describe('active-trial set vs storage after random interleavings', () => {
  it('two replicas on one SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bo-active-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    for (const seed of [1, 2, 3]) {
      const file = join(dir, `s${seed}.sqlite`);
      // synchronous 'normal': no fsync per write (durability is not what this checks; the durability tests do).
      const storages = [new SqliteStorage({ path: file, synchronous: 'normal' }), new SqliteStorage({ path: file, synchronous: 'normal' })];
      const clock = new FakeClock();
      const services = storages.map((storage) => new StudyService({ storage, createPolicy: policyFactory(), createSearchSpace, now: clock.now, version: '9.9.9' }));
      try {
        const { current, asks } = await interleave(services, storages[0]!, clock, seed, 120);
        assert.ok(asks > 20, `${asks} asks`);
        assert.ok(current > 20, `held sets were current ${current} times: the cached path ran`);
      } finally {
        await Promise.all(services.map((s) => s.close()));
        await Promise.all(storages.map((s) => s.close()));
      }
    }
  });

  it('one service on SQLite with its connection on its own thread (the clock after a commit is asked before the commit answers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bo-active-thread-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const storage = await SqliteThreadStorage.open({ path: join(dir, 'thread.sqlite'), synchronous: 'normal' });
    const clock = new FakeClock();
    const service = new StudyService({ storage, createPolicy: policyFactory(), createSearchSpace, now: clock.now, version: '9.9.9' });
    try {
      // A clock answered before its commit would fail afterAsk and drop the set after every ask.
      const { current } = await interleave([service], storage, clock, 6, 120);
      assert.ok(current > 20, `held set current ${current} times`);
    } finally {
      await service.close();
      await storage.close();
    }
  });

  it('one service on memory storage', async () => {
    for (const seed of [4, 5]) {
      const storage = new MemoryStorage();
      const clock = new FakeClock();
      const service = new StudyService({ storage, createPolicy: policyFactory(), createSearchSpace, now: clock.now, version: '9.9.9' });
      try {
        const { current } = await interleave([service], storage, clock, seed, 120);
        assert.ok(current > 20, `held set current ${current} times`);
      } finally {
        await service.close();
      }
    }
  });
});
