/**
 * PostgresStorage as several replicas see it: two storages with two connection pools on one
 * database (what two API processes hold), driven concurrently. Checks that trial numbers stay
 * consecutive, optimistic asks never hand out the same running params, a compare-and-set finish
 * lands exactly once, a request id replays across replicas, and migrations race safely.
 * Skips, saying why, where no PostgreSQL binaries are installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { BoError } from '../../../core/errors.js';
import { openStorage } from '../../../server/storage/open-storage.js';
import { PG_MIGRATIONS } from '../../../server/storage/postgres-migrations.js';
import { StaleAskError } from '../../../server/storage/storage-rules.js';
import type { Storage, StoredTrial } from '../../../server/storage/types.js';
import { makeStudy } from '../../conformance/storage-conformance.js';
import { findPgBin, startPostgres, type PgServer } from '../../support/pg-harness.js';

const LEASE = new Date(Date.UTC(2030, 0, 1)).toISOString();
const bin = findPgBin();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgresStorage replicas', { skip: bin === null ? 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' : false }, () => {
  let server: PgServer;
  let n = 0;
  /** Two storages (two pools) on one fresh schema. */
  const replicas = async (): Promise<[Storage, Storage]> => {
    const url = `${server.url}?max=5&schema=rep_${n++}`;
    const a = await openStorage(url);
    return [a, await openStorage(url)];
  };
  before(async () => {
    server = await startPostgres({ bin: bin! });
  });
  after(() => server?.stop());

  it('allocates consecutive numbers without duplicates when two replicas insert at once', async () => {
    const [a, b] = await replicas();
    try {
      await a.createStudy(makeStudy('s', 1));
      const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).insertTrials('s', Array.from({ length: 1 + (i % 3) }, (_, k) => ({ state: 'queued' as const, params: { i, k } }))));
      const batches = await Promise.all(calls);
      for (const batch of batches) batch.forEach((t, k) => assert.equal(t.number, batch[0]!.number + k, 'one call gets consecutive numbers'));
      const numbers = batches.flat().map((t) => t.number).sort((x, y) => x - y);
      assert.deepEqual(numbers, numbers.map((_, i) => i));
      assert.equal((await b.trialClock!('s')).trials, numbers.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('optimistic asks from two replicas never hand out the same running params (stale commits re-decide)', async () => {
    const [a, b] = await replicas();
    let stale = 0;
    try {
      await a.createStudy(makeStudy('s', 1));
      // A deterministic "policy": the smallest x no pending trial holds (two replicas reading the same
      // pending set pick the same point, exactly the duplicate the basis must prevent). The fit
      // sleeps outside any lock, as a model fit would.
      const ask = async (s: Storage, who: string): Promise<StoredTrial[]> => {
        for (;;) {
          const basis = { trials: (await s.trialClock!('s')).trials };
          const taken = new Set((await s.listTrials('s', ['running', 'queued'])).map((t) => t.params.x));
          let x = 0;
          while (taken.has(x)) x++;
          await sleep(Math.random() * 5);
          try {
            return await s.commitAsk('s', { trials: [{ state: 'running', params: { x }, leaseExpiresAt: LEASE, clientId: who }], basis });
          } catch (e) {
            if (!(e instanceof StaleAskError)) throw e;
            stale++;
          }
        }
      };
      const askers = [a, b].flatMap((s, r) => Array.from({ length: 4 }, async (_, k) => {
        const got: StoredTrial[] = [];
        for (let i = 0; i < 5; i++) got.push(...(await ask(s, `r${r}-${k}`)));
        return got;
      }));
      const handed = (await Promise.all(askers)).flat();
      assert.equal(handed.length, 40);
      const xs = handed.map((t) => t.params.x as number).sort((p, q) => p - q);
      assert.deepEqual(xs, xs.map((_, i) => i), 'every running point distinct');
      assert.deepEqual((await a.listTrials('s')).map((t) => t.number), xs.map((_, i) => i));
      assert.ok(stale > 0, 'concurrent asks did collide (the check was exercised)');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a compare-and-set finish lands exactly once across replicas; a request id replays on the other replica', async () => {
    const [a, b] = await replicas();
    try {
      await a.createStudy(makeStudy('s', 1));
      const [t, u] = await a.insertTrials('s', [{ state: 'running', params: { x: 1 }, leaseExpiresAt: LEASE }, { state: 'running', params: { x: 2 }, leaseExpiresAt: LEASE }]);
      const rivals = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).finishTrial('s', t!.id, { state: 'completed', values: { loss: i } }, LEASE)));
      const won = rivals.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of rivals) if (r.status === 'rejected') assert.equal((r.reason as BoError).code, 'CONFLICT');
      assert.deepEqual(await b.getTrial('s', t!.id), (won[0] as PromiseFulfilledResult<{ trial: StoredTrial }>).value.trial);
      // The same outcome from both replicas: one change, the rest idempotent.
      const same = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).finishTrial('s', u!.id, { state: 'completed', values: { loss: 7 } }, LEASE)));
      assert.equal(same.filter((r) => r.changed).length, 1);
      // One ask retried on both replicas at once: one set of trials, returned to both.
      const tag = { requestId: 'ask-1', kind: 'ask', fingerprint: 'f' };
      const [ra, rb] = await Promise.all([a, b].map((s, i) => s.commitAsk('s', { trials: [{ state: 'running', params: { x: 10 + i }, leaseExpiresAt: LEASE }], request: tag })));
      assert.deepEqual(ra, rb);
      assert.equal((await a.listTrials('s')).length, 3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('replicas starting at once migrate the schema once', async () => {
    const url = `${server.url}?schema=race_${n++}`;
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStorage(url)));
    await Promise.all(opened.map((s) => s.close()));
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT version FROM "race_${n - 1}".schema_version ORDER BY version`);
      assert.deepEqual(rows.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));
    } finally {
      await c.end();
    }
  });
});
