/**
 * Two StudyService replicas (each with its own PostgresStorage pool, as two API processes) asking
 * one study at once: the per-process KeyedMutex cannot order them, so the optimistic ask (basis
 * checked at commit, state reloaded when another replica wrote) must. A deterministic policy (Sobol
 * by a stored index) would hand both replicas the same point without it.
 * Skips, saying why, where no PostgreSQL binaries are installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Policy } from '../../policy/types.js';
import { Requests, type EventName, type RequestInputOf, type Responses } from '../../protocol/messages.js';
import { openStorage } from '../../server/storage/open-storage.js';
import type { Storage } from '../../server/storage/types.js';
import { StudyService } from '../../server/study-service.js';
import { findPgBin, startPostgres, type PgServer } from '../support/pg-harness.js';
import { FakeClock, branin } from './service-fixture.js';

const bin = findPgBin();

function call<E extends EventName>(service: StudyService, event: E, input: RequestInputOf<E>): Promise<Responses[E]> {
  return service.handle(event, Requests[event].parse(input) as never) as Promise<Responses[E]>;
}

/** Sobol that takes a few ms per decision, so the two replicas' fits overlap. */
const slowSobol = (): Policy => {
  const inner = new SobolPolicy();
  return { suggest: async (r) => (await new Promise((res) => setTimeout(res, 2 + Math.random() * 4)), inner.suggest(r)) };
};

describe('ask across two service replicas on PostgreSQL', { skip: bin === null ? 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' : false }, () => {
  let server: PgServer;
  before(async () => {
    server = await startPostgres({ bin: bin! });
  });
  after(() => server?.stop());

  it('hands out distinct points with consecutive numbers while both replicas ask and tell', async () => {
    const url = `${server.url}?max=4&schema=replicas`;
    const storages: Storage[] = [await openStorage(url), await openStorage(url)];
    const clock = new FakeClock();
    const services = storages.map((storage) => new StudyService({ storage, createPolicy: slowSobol, createSearchSpace, now: clock.now, version: '9.9.9' }));
    try {
      const study = await call(services[0]!, 'study:create', branin());
      const handed = (
        await Promise.all(
          services.flatMap((svc, r) =>
            Array.from({ length: 3 }, async (_, k) => {
              const got = [];
              for (let i = 0; i < 6; i++) {
                const { trials } = await call(svc, 'trial:ask', { studyId: study.id, requestId: `r${r}-${k}-${i}`, count: 1 + (i % 2) });
                got.push(...trials);
                // Tell half of them on the OTHER replica, as a client behind a load balancer would.
                if (i % 2 === 0) await call(services[1 - r]!, 'trial:tell', { studyId: study.id, trialId: trials[0]!.id, values: { loss: i } });
              }
              return got;
            }),
          ),
        )
      ).flat();
      assert.equal(handed.length, 2 * 3 * 9);
      const keys = handed.map((t) => JSON.stringify(t.params));
      assert.equal(new Set(keys).size, keys.length, 'no point handed out twice');
      const numbers = handed.map((t) => t.number).sort((a, b) => a - b);
      assert.deepEqual(numbers, numbers.map((_, i) => i));
      const listed = await storages[1]!.listTrials(study.id);
      assert.equal(listed.length, handed.length);
      assert.equal(listed.filter((t) => t.state === 'completed').length, 2 * 3 * 3);
    } finally {
      await Promise.all(services.map((s) => s.close()));
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});
