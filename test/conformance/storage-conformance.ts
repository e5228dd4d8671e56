/**
 * The one conformance suite every Storage backend passes (memory, sqlite; postgres later).
 * It pins each contract line of server/storage/types.ts plus the choices the contract leaves
 * open, stated here so a new backend knows them:
 * - listStudies: oldest first (creation order); limit cuts the list.
 * - Methods on an unknown study: getters return null, deleteStudy false, everything else NOT_FOUND.
 * - Request records: insertTrials stores the inserted ids (string[]); finishTrial stores [trialId];
 *   createStudy stores the study id; the first record wins; a retried insert with the same
 *   requestId returns the same trials. A record keeps its tag's target, fingerprint and summary
 *   (absent ones stay absent); a tag with the same id but another kind, target or fingerprint is
 *   CONFLICT and writes nothing.
 * - leaseExpiresAt is kept only while a trial is running; times compare as instants.
 * - A closed storage rejects with UNAVAILABLE.
 * - commitAsk: claimed trials come first in the request record, then the inserted ones; the result
 *   is in number order; a failed commit (bad trial) writes nothing, claims included.
 * Uses only the Storage interface: no backend-specific calls.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import type { ErrorCode } from '../../protocol/errors.js';
import type { NewTrial, Storage, StoredStudy, TrialOutcome } from '../../server/storage/types.js';

/** A StoredStudy with defaults; `n` orders createdAt. */
export function makeStudy(id: string, n = 0, extra: Partial<StoredStudy> = {}): StoredStudy {
  return {
    id,
    name: `study ${id}`,
    space: { x: { type: 'float', low: -5, high: 10 }, mix: { type: 'simplex', components: ['web', 'code', 'books'] }, opt: { type: 'categorical', choices: ['adam', 'sgd', true, 3] } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 7, initialTrials: 4 },
    leaseSeconds: 300,
    metadata: { owner: 'zoë', tag: null, priority: 2, public: false },
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...extra,
  };
}

const T0 = Date.UTC(2026, 5, 1);
/** ISO time `s` seconds after a fixed origin. */
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

const running = (x: number, lease = at(600), clientId?: string): NewTrial => ({ state: 'running', params: { x }, leaseExpiresAt: lease, ...(clientId ? { clientId } : {}) });
const queued = (x: number): NewTrial => ({ state: 'queued', params: { x } });

/** Asserts that `p` rejects with a BoError of `code`. */
async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BoError, `expected BoError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** Registers the suite for one backend; `open` returns a fresh, empty storage each time. */
export function runStorageConformance(name: string, open: () => Promise<Storage>): void {
  describe(`Storage conformance: ${name}`, () => {
    let s: Storage;
    beforeEach(async () => {
      s = await open();
      await s.createStudy(makeStudy('s1', 1));
    });
    afterEach(async () => {
      await s.close();
    });

    it('describes itself and round-trips a study exactly', async () => {
      assert.ok(typeof s.description === 'string' && s.description.length > 0);
      const st = makeStudy('s2', 2, { metadata: { note: '日本語 ✓ 😀 "quoted" \\ back', n: 1.5e-300, ok: true, none: null } });
      assert.deepEqual(await s.createStudy(st), st);
      assert.deepEqual(await s.getStudy('s2'), st);
      assert.equal(await s.getStudy('nope'), null);
    });

    it('round-trips a study with several objectives and outcome constraints', async () => {
      const st = makeStudy('mo', 2, { objectives: { acc: 'maximize', latency: 'minimize' }, constraints: { mem: { max: 16 }, safety: { min: 0.9, max: 1 } } });
      assert.deepEqual(await s.createStudy(st), st);
      assert.deepEqual(await s.getStudy('mo'), st);
    });

    it('stores a candidate pool with its study, apart from the study rows, and deletes it with the study', async () => {
      const pool = {
        columns: ['x', 'mix', 'opt'],
        rows: [
          [1.5, { web: 0.25, code: 0.25, books: 0.5 }, 'adam'],
          [-2, { web: 1 / 3, code: 1 / 3, books: 1 / 3 }, 3],
          [0.1 + 0.2, { web: 0, code: 1, books: 0 }, true],
        ],
      };
      const st = makeStudy('p1', 2, { poolRows: 3 });
      assert.deepEqual(await s.createStudy(st, pool), st);
      assert.deepEqual(await s.getStudy('p1'), st);
      assert.deepEqual(await s.getPool('p1'), pool);
      assert.equal((await s.listStudies()).find((x) => x.id === 'p1')!.poolRows, 3);
      // No pool: null; unknown study: null (getters return null).
      assert.equal(await s.getPool('s1'), null);
      assert.equal(await s.getPool('nope'), null);
      assert.equal('poolRows' in (await s.getStudy('s1'))!, false);
      // A refused duplicate writes no pool.
      await rejectsWith(s.createStudy(makeStudy('s1', 9, { poolRows: 1 }), { columns: ['x'], rows: [[1]] }), 'CONFLICT');
      assert.equal(await s.getPool('s1'), null);
      // Returned pools are copies: mutating one changes nothing stored.
      const got = (await s.getPool('p1')) as unknown as { rows: unknown[][] };
      got.rows[0]![0] = 99;
      assert.deepEqual(await s.getPool('p1'), pool);
      assert.equal(await s.deleteStudy('p1'), true);
      assert.equal(await s.getPool('p1'), null);
      await s.createStudy(makeStudy('p1', 3));
      assert.equal(await s.getPool('p1'), null);
    });

    it('refuses a duplicate study id and keeps the original', async () => {
      await rejectsWith(s.createStudy(makeStudy('s1', 9, { name: 'other' })), 'CONFLICT');
      assert.equal((await s.getStudy('s1'))!.name, 'study s1');
    });

    it('lists studies oldest first and honours limit', async () => {
      for (let i = 2; i <= 5; i++) await s.createStudy(makeStudy(`s${i}`, i));
      assert.deepEqual((await s.listStudies()).map((x) => x.id), ['s1', 's2', 's3', 's4', 's5']);
      assert.deepEqual((await s.listStudies(2)).map((x) => x.id), ['s1', 's2']);
      assert.deepEqual(await s.listStudies(0), []);
      assert.equal((await s.listStudies(100)).length, 5);
    });

    it('deletes a study with its trials, requests and policy state (cascade)', async () => {
      await s.createStudy(makeStudy('keep', 2));
      const [t] = await s.insertTrials('s1', [running(1)], { requestId: 'r1', kind: 'ask' });
      await s.putPolicyState('s1', { round: 3 });
      await s.putRequest('s1', 'r2', 'create', { ok: 1 });
      const [k] = await s.insertTrials('keep', [running(2)], { requestId: 'r1', kind: 'ask' });
      await s.putPolicyState('keep', { kept: true });

      assert.equal(await s.deleteStudy('s1'), true);
      assert.equal(await s.deleteStudy('s1'), false);
      assert.equal(await s.getStudy('s1'), null);
      assert.equal(await s.getTrial('s1', t!.id), null);
      assert.equal(await s.getRequest('s1', 'r1'), null);
      assert.equal(await s.getRequest('s1', 'r2'), null);
      assert.equal(await s.getPolicyState('s1'), null);
      await rejectsWith(s.listTrials('s1'), 'NOT_FOUND');
      // The other study is untouched.
      assert.deepEqual(await s.getTrial('keep', k!.id), k);
      assert.deepEqual(await s.getRequest('keep', 'r1'), { kind: 'ask', result: [k!.id] });
      assert.deepEqual(await s.getPolicyState('keep'), { kept: true });
      // The id can be reused: a fresh study, numbering from 0, no old records.
      await s.createStudy(makeStudy('s1', 3));
      assert.deepEqual(await s.listTrials('s1'), []);
      assert.equal(await s.getRequest('s1', 'r1'), null);
      const [again] = await s.insertTrials('s1', [queued(0)]);
      assert.equal(again!.number, 0);
    });

    it('inserts trials with consecutive numbers, fresh ids and the fields of each state', async () => {
      const before = Date.now();
      const made = await s.insertTrials('s1', [
        queued(0.5),
        { state: 'running', params: { x: 1 }, leaseExpiresAt: at(60), clientId: 'c1', diagnostics: { phase: 'sobol' } },
        { state: 'completed', params: { x: 2 }, values: { loss: 0.25 }, cost: 3 },
        { state: 'queued', params: { x: 3 }, leaseExpiresAt: at(60) },
      ]);
      assert.deepEqual(made.map((t) => t.number), [0, 1, 2, 3]);
      assert.equal(new Set(made.map((t) => t.id)).size, 4);
      for (const t of made) {
        assert.equal(t.studyId, 's1');
        assert.ok(typeof t.id === 'string' && t.id.length > 0);
        assert.ok(Date.parse(t.createdAt) >= before - 1000 && Date.parse(t.createdAt) <= Date.now() + 1000, t.createdAt);
      }
      const [q, r, c, q2] = made;
      assert.equal(q!.state, 'queued');
      assert.equal(q!.leaseExpiresAt, undefined);
      assert.equal(q2!.leaseExpiresAt, undefined, 'a lease is kept only for running trials');
      assert.deepEqual([r!.state, r!.leaseExpiresAt, r!.clientId, r!.diagnostics], ['running', at(60), 'c1', { phase: 'sobol' }]);
      assert.deepEqual([c!.state, c!.values, c!.cost], ['completed', { loss: 0.25 }, 3]);
      assert.ok(c!.finishedAt !== undefined, 'an inserted completed trial has finishedAt');
      const next = await s.insertTrials('s1', [queued(9)]);
      assert.equal(next[0]!.number, 4);
      assert.deepEqual(await s.insertTrials('s1', []), []);
      await rejectsWith(s.insertTrials('nope', [queued(0)]), 'NOT_FOUND');
    });

    it('allocates numbers without gaps or duplicates under 50 concurrent inserts', async () => {
      const batches = await Promise.all(Array.from({ length: 50 }, (_, i) => s.insertTrials('s1', Array.from({ length: 1 + (i % 3) }, (_, k) => queued(i + k / 10)))));
      const total = batches.reduce((n, b) => n + b.length, 0);
      for (const b of batches) b.forEach((t, k) => assert.equal(t.number, b[0]!.number + k, 'one call gets consecutive numbers'));
      const numbers = batches.flat().map((t) => t.number).sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: total }, (_, i) => i));
      assert.deepEqual((await s.listTrials('s1')).map((t) => t.number), numbers);
    });

    it('inserts 5,000 trials in one call (more than PostgreSQL binds in one statement: 65,535 parameters)', async () => {
      const made = await s.insertTrials('s1', Array.from({ length: 5000 }, (_, i) => ({ state: 'completed' as const, params: { x: i }, values: { loss: i } })));
      assert.deepEqual(made.map((t) => t.number), made.map((_, i) => i));
      assert.equal((await s.countTrials('s1')).completed, 5000);
      assert.equal((await s.listTrials('s1')).length, 5000);
    });

    it('a failed insert writes nothing (no trials, no request record, no number used)', async () => {
      const bad = [queued(1), { state: 'completed', params: { x: 2 } } as NewTrial];
      await rejectsWith(s.insertTrials('s1', bad, { requestId: 'rb', kind: 'ask' }), 'INVALID_ARGUMENT');
      await rejectsWith(s.insertTrials('s1', [{ state: 'failed', params: {} } as unknown as NewTrial]), 'INVALID_ARGUMENT');
      await rejectsWith(s.insertTrials('s1', [{ state: 'running', params: {}, leaseExpiresAt: 'not a time' }]), 'INVALID_ARGUMENT');
      assert.deepEqual(await s.listTrials('s1'), []);
      assert.equal(await s.getRequest('s1', 'rb'), null);
      assert.equal((await s.insertTrials('s1', [queued(0)]))[0]!.number, 0);
    });

    it('keeps params, values and diagnostics exactly (JSON fidelity) and isolates callers', async () => {
      const params = {
        x: 0.1 + 0.2, tiny: 5e-324, big: 1.7976931348623157e308, neg: -123456789.123456789, int: 9007199254740991,
        mix: { web: 0.2, code: 0.30000000000000004, books: 0.49999999999999994 },
        opt: 'adam', flag: true, off: false, text: 'naïve 日本語 ✓ 😀 "q" \\ \n\t \u0000 end', empty: '',
        nested: { deep: [1, 'two', { three: [null, false] }] },
      };
      const diagnostics = { phase: 'model', acq: -1e-9, notes: ['a', 'ß'], none: null };
      const input: NewTrial = { state: 'completed', params, values: { loss: -0.1, acc: 0.987654321 }, cost: 0.125, diagnostics };
      const [t] = await s.insertTrials('s1', [input]);
      const expectParams = JSON.parse(JSON.stringify(params));
      assert.deepEqual(t!.params, expectParams);
      assert.deepEqual(t!.diagnostics, diagnostics);
      (params.mix as Record<string, number>).web = 99; // mutating the caller's object must not reach storage
      // Nor must mutating a returned one: it either throws (frozen rows) or changes only the copy.
      try {
        (t!.params.mix as Record<string, number>).code = 42;
      } catch (e) {
        assert.ok(e instanceof TypeError, String(e));
      }
      const back = await s.getTrial('s1', t!.id);
      assert.deepEqual(back!.params, expectParams);
      assert.deepEqual(back!.values, { loss: -0.1, acc: 0.987654321 });
      assert.equal(back!.cost, 0.125);
      assert.deepEqual((await s.listTrials('s1'))[0], back);
    });

    it('lists trials in number order, filtered by states', async () => {
      const made = await s.insertTrials('s1', [queued(0), running(1), queued(2), { state: 'completed', params: { x: 3 }, values: { loss: 1 } }, running(4)]);
      await s.finishTrial('s1', made[1]!.id, { state: 'failed', reason: 'oom' }, at(5));
      const all = await s.listTrials('s1');
      assert.deepEqual(all.map((t) => t.number), [0, 1, 2, 3, 4]);
      assert.deepEqual(all.map((t) => t.state), ['queued', 'failed', 'queued', 'completed', 'running']);
      assert.deepEqual((await s.listTrials('s1', ['queued'])).map((t) => t.number), [0, 2]);
      assert.deepEqual((await s.listTrials('s1', ['running', 'completed'])).map((t) => t.number), [3, 4]);
      assert.deepEqual(await s.listTrials('s1', []), []);
      assert.deepEqual(await s.listTrials('s1', ['abandoned']), []);
      await rejectsWith(s.listTrials('nope'), 'NOT_FOUND');
    });

    it('getTrial finds a trial only in its own study', async () => {
      await s.createStudy(makeStudy('s2', 2));
      const [t] = await s.insertTrials('s1', [running(1)]);
      assert.deepEqual(await s.getTrial('s1', t!.id), t);
      assert.equal(await s.getTrial('s2', t!.id), null);
      assert.equal(await s.getTrial('s1', 'missing'), null);
      assert.equal(await s.getTrial('nope', t!.id), null);
    });

    it('claims the oldest queued trials with lease and clientId', async () => {
      await s.insertTrials('s1', [queued(0), running(1), queued(2), queued(3), queued(4), queued(5)]);
      assert.deepEqual(await s.claimQueued('s1', 0, at(100)), []);
      const first = await s.claimQueued('s1', 2, at(100), 'worker-a');
      assert.deepEqual(first.map((t) => t.number), [0, 2]);
      for (const t of first) assert.deepEqual([t.state, t.leaseExpiresAt, t.clientId], ['running', at(100), 'worker-a']);
      const rest = await s.claimQueued('s1', 10, at(200));
      assert.deepEqual(rest.map((t) => t.number), [3, 4, 5]);
      assert.equal(rest[0]!.clientId, undefined);
      assert.deepEqual(await s.claimQueued('s1', 1, at(300)), []);
      assert.deepEqual(await s.getTrial('s1', first[1]!.id), first[1]);
      assert.equal((await s.listTrials('s1', ['queued'])).length, 0);
      await rejectsWith(s.claimQueued('nope', 1, at(1)), 'NOT_FOUND');
    });

    it('finishTrial completes a running trial; the same outcome again is idempotent', async () => {
      const [t] = await s.insertTrials('s1', [running(1)]);
      const r1 = await s.finishTrial('s1', t!.id, { state: 'completed', values: { loss: 0.5 }, cost: 2 }, at(10));
      assert.equal(r1.changed, true);
      assert.deepEqual([r1.trial.state, r1.trial.values, r1.trial.cost, r1.trial.finishedAt, r1.trial.leaseExpiresAt], ['completed', { loss: 0.5 }, 2, at(10), undefined]);
      assert.deepEqual(r1.trial.params, { x: 1 });
      const r2 = await s.finishTrial('s1', t!.id, { state: 'completed', values: { loss: 0.5 }, cost: 2 }, at(20));
      assert.equal(r2.changed, false);
      assert.deepEqual(r2.trial, r1.trial, 'an idempotent repeat changes nothing, not even finishedAt');
      assert.deepEqual(await s.getTrial('s1', t!.id), r1.trial);
    });

    it('finishTrial: a different outcome is a CONFLICT and leaves the stored outcome', async () => {
      const [t, f] = await s.insertTrials('s1', [running(1), running(2)]);
      const done = (await s.finishTrial('s1', t!.id, { state: 'completed', values: { loss: 0.5 }, cost: 2 }, at(10))).trial;
      const others: TrialOutcome[] = [
        { state: 'completed', values: { loss: 0.6 }, cost: 2 },
        { state: 'completed', values: { loss: 0.5 }, cost: 3 },
        { state: 'completed', values: { loss: 0.5 } },
        { state: 'completed', values: { loss: 0.5, extra: 1 }, cost: 2 },
        { state: 'failed', reason: 'crash' },
      ];
      for (const other of others) {
        await rejectsWith(s.finishTrial('s1', t!.id, other, at(11), { requestId: 'rc', kind: 'tell' }), 'CONFLICT');
      }
      assert.deepEqual(await s.getTrial('s1', t!.id), done);
      assert.equal(await s.getRequest('s1', 'rc'), null, 'a refused tell records no request');

      const failed = (await s.finishTrial('s1', f!.id, { state: 'failed', reason: 'diverged' }, at(12))).trial;
      assert.deepEqual([failed.state, failed.failReason, failed.values], ['failed', 'diverged', undefined]);
      assert.equal((await s.finishTrial('s1', f!.id, { state: 'failed', reason: 'diverged' }, at(13))).changed, false);
      await rejectsWith(s.finishTrial('s1', f!.id, { state: 'failed', reason: 'other' }, at(13)), 'CONFLICT');
      await rejectsWith(s.finishTrial('s1', f!.id, { state: 'completed', values: { loss: 1 } }, at(13)), 'CONFLICT');
      assert.deepEqual(await s.getTrial('s1', f!.id), failed);
    });

    it('finishTrial: NOT_FOUND for unknown trials and studies, FAILED_PRECONDITION for queued', async () => {
      await s.createStudy(makeStudy('s2', 2));
      const [q, r] = await s.insertTrials('s1', [queued(0), running(1)]);
      const ok = { state: 'completed', values: { loss: 1 } } as const;
      await rejectsWith(s.finishTrial('s1', 'missing', ok, at(1)), 'NOT_FOUND');
      await rejectsWith(s.finishTrial('nope', r!.id, ok, at(1)), 'NOT_FOUND');
      await rejectsWith(s.finishTrial('s2', r!.id, ok, at(1)), 'NOT_FOUND');
      await rejectsWith(s.finishTrial('s1', q!.id, ok, at(1), { requestId: 'rq', kind: 'tell' }), 'FAILED_PRECONDITION');
      assert.deepEqual(await s.getTrial('s1', q!.id), q);
      assert.deepEqual(await s.getTrial('s1', r!.id), r);
      assert.equal(await s.getRequest('s1', 'rq'), null);
    });

    it('finishTrial under concurrency: one writer wins, repeats are unchanged, rivals conflict', async () => {
      const [a, b] = await s.insertTrials('s1', [running(1), running(2)]);
      const same = await Promise.all(Array.from({ length: 10 }, () => s.finishTrial('s1', a!.id, { state: 'completed', values: { loss: 1 } }, at(1))));
      assert.equal(same.filter((r) => r.changed).length, 1);
      const rivals = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => s.finishTrial('s1', b!.id, { state: 'completed', values: { loss: i } }, at(1))));
      const won = rivals.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of rivals) if (r.status === 'rejected') assert.equal((r.reason as BoError).code, 'CONFLICT');
      const stored = await s.getTrial('s1', b!.id);
      assert.deepEqual(stored, (won[0] as PromiseFulfilledResult<{ trial: unknown }>).value.trial);
    });

    it('extends the lease of a running trial only', async () => {
      const [r, q, c] = await s.insertTrials('s1', [running(1, at(60)), queued(2), { state: 'completed', params: { x: 3 }, values: { loss: 0 } }]);
      const ext = await s.extendLease('s1', r!.id, at(120));
      assert.deepEqual(ext, { ...r, leaseExpiresAt: at(120) });
      assert.deepEqual(await s.getTrial('s1', r!.id), ext);
      assert.deepEqual(await s.extendLease('s1', q!.id, at(120)), q);
      assert.deepEqual(await s.extendLease('s1', c!.id, at(120)), c);
      await rejectsWith(s.extendLease('s1', 'missing', at(120)), 'NOT_FOUND');
      await rejectsWith(s.extendLease('nope', r!.id, at(120)), 'NOT_FOUND');
      await rejectsWith(s.extendLease('s1', r!.id, 'yesterday-ish'), 'INVALID_ARGUMENT');
      assert.deepEqual(await s.getTrial('s1', r!.id), ext);
    });

    it('abandons running trials whose lease ended (instants, not strings), and a late tell still lands', async () => {
      // at(30) written with a +02:00 offset: as a string it sorts after at(100) in Z form.
      const offset = new Date(T0 + 30_000 + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const made = await s.insertTrials('s1', [running(0, at(50)), running(1, at(200)), running(2, offset), queued(3), { state: 'running', params: { x: 4 } }]);
      const gone = await s.abandonExpired('s1', at(100));
      assert.deepEqual(gone.map((t) => t.number), [0, 2]);
      for (const t of gone) assert.deepEqual([t.state, t.leaseExpiresAt], ['abandoned', undefined]);
      assert.deepEqual((await s.listTrials('s1', ['running'])).map((t) => t.number), [1, 4]);
      assert.equal((await s.getTrial('s1', made[1]!.id))!.leaseExpiresAt, at(200));
      assert.deepEqual(await s.abandonExpired('s1', at(100)), []);
      assert.deepEqual(await s.abandonExpired('s1', at(200)), [], 'a lease ending exactly now has not ended before now');
      // An abandoned trial is not re-leased, not claimed, but accepts a late result.
      assert.deepEqual(await s.extendLease('s1', made[0]!.id, at(999)), gone[0]);
      assert.deepEqual((await s.claimQueued('s1', 5, at(999))).map((t) => t.number), [3]);
      const late = await s.finishTrial('s1', made[0]!.id, { state: 'completed', values: { loss: 0.1 } }, at(300));
      assert.deepEqual([late.changed, late.trial.state, late.trial.values], [true, 'completed', { loss: 0.1 }]);
      assert.equal((await s.finishTrial('s1', made[2]!.id, { state: 'failed', reason: 'lost' }, at(300))).trial.state, 'failed');
      await rejectsWith(s.abandonExpired('nope', at(1)), 'NOT_FOUND');
      await rejectsWith(s.abandonExpired('s1', 'soon'), 'INVALID_ARGUMENT');
    });

    it('records requests atomically with the inserts and finishes they describe', async () => {
      const ask = await s.insertTrials('s1', [running(1), running(2)], { requestId: 'ask-1', kind: 'ask' });
      assert.deepEqual(await s.getRequest('s1', 'ask-1'), { kind: 'ask', result: ask.map((t) => t.id) });
      const retry = await s.insertTrials('s1', [running(7)], { requestId: 'ask-1', kind: 'ask' });
      assert.deepEqual(retry, ask, 'a retried insert returns the first trials');
      assert.equal((await s.listTrials('s1')).length, 2, 'and inserts nothing');
      await rejectsWith(s.insertTrials('s1', [running(7)], { requestId: 'ask-1', kind: 'create' }), 'CONFLICT');
      assert.equal((await s.listTrials('s1')).length, 2);

      await s.finishTrial('s1', ask[0]!.id, { state: 'completed', values: { loss: 1 } }, at(1), { requestId: 'tell-1', kind: 'tell' });
      assert.deepEqual(await s.getRequest('s1', 'tell-1'), { kind: 'tell', result: [ask[0]!.id] });
      const again = await s.finishTrial('s1', ask[0]!.id, { state: 'completed', values: { loss: 1 } }, at(2), { requestId: 'tell-1', kind: 'tell' });
      assert.equal(again.changed, false);
      assert.deepEqual(await s.getRequest('s1', 'tell-1'), { kind: 'tell', result: [ask[0]!.id] });
    });

    it('a reused requestId on another trial or payload is CONFLICT and writes nothing, never a dropped result', async () => {
      const [a, b] = await s.insertTrials('s1', [running(1), running(2)]);
      const tell = (trial: string, fp: string) => ({ requestId: 'r-1', kind: 'tell', target: trial, fingerprint: fp, summary: `{"trialId":"${trial}","values":{"loss":1}}` });
      await s.finishTrial('s1', a!.id, { state: 'completed', values: { loss: 1 } }, at(1), tell(a!.id, 'f-a'));
      const { requestId: _id, ...tagFields } = tell(a!.id, 'f-a');
      assert.deepEqual(await s.getRequest('s1', 'r-1'), { result: [a!.id], ...tagFields });
      // Another trial under the same id: refused, the trial stays running, the first record stays.
      await rejectsWith(s.finishTrial('s1', b!.id, { state: 'completed', values: { loss: 2 } }, at(2), tell(b!.id, 'f-b')), 'CONFLICT');
      assert.equal((await s.getTrial('s1', b!.id))!.state, 'running');
      // The same trial with another payload fingerprint: refused too (and the trial unchanged).
      await rejectsWith(s.finishTrial('s1', a!.id, { state: 'completed', values: { loss: 1 } }, at(2), tell(a!.id, 'f-other')), 'CONFLICT');
      // A true retry: no change, no error.
      assert.equal((await s.finishTrial('s1', a!.id, { state: 'completed', values: { loss: 1 } }, at(3), tell(a!.id, 'f-a'))).changed, false);
      // Inserts and asks: same id, other fingerprint -> CONFLICT, nothing inserted or claimed.
      await s.insertTrials('s1', [queued(5)], { requestId: 'e-1', kind: 'enqueue', fingerprint: 'p1' });
      await rejectsWith(s.insertTrials('s1', [queued(6)], { requestId: 'e-1', kind: 'enqueue', fingerprint: 'p2' }), 'CONFLICT');
      await s.commitAsk('s1', { trials: [running(7)], request: { requestId: 'q-1', kind: 'ask', fingerprint: 'n1' } });
      await rejectsWith(s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: at(60) }, trials: [running(8)], request: { requestId: 'q-1', kind: 'ask', fingerprint: 'n2' } }), 'CONFLICT');
      assert.deepEqual((await s.listTrials('s1')).map((t) => [t.number, t.state]), [[0, 'completed'], [1, 'running'], [2, 'queued'], [3, 'running']]);
      // createStudy records its request under the new study.
      const st = makeStudy('s9', 9);
      await s.createStudy(st, undefined, { requestId: 'c-1', kind: 'create', fingerprint: 'c', summary: '{"name":"x"}' });
      assert.deepEqual(await s.getRequest('s9', 'c-1'), { kind: 'create', result: 's9', fingerprint: 'c', summary: '{"name":"x"}' });
    });

    it('counts trials per state without listing them', async () => {
      const zero = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
      assert.deepEqual(await s.countTrials('s1'), zero);
      const made = await s.insertTrials('s1', [queued(0), running(1, at(10)), running(2), { state: 'completed', params: { x: 3 }, values: { loss: 1 } }, running(4)]);
      await s.finishTrial('s1', made[2]!.id, { state: 'failed', reason: 'oom' }, at(5));
      await s.abandonExpired('s1', at(20));
      assert.deepEqual(await s.countTrials('s1'), { queued: 1, running: 1, completed: 1, failed: 1, abandoned: 1, pruned: 0 });
      await rejectsWith(s.countTrials('nope'), 'NOT_FOUND');
    });

    it('counts and per-state lists kept by the storage equal a recount after inserts, claims, finishes, abandons and deletes', async () => {
      // Backends keep counts and state indexes beside the trials (triggers, sets): a recount from the
      // full list is the truth they must match after every kind of state change.
      const check = async (id: string) => {
        const all = await s.listTrials(id);
        const counts = { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 };
        for (const t of all) counts[t.state] += 1;
        assert.deepEqual(await s.countTrials(id), counts);
        if (s.trialClock) {
          const { trials, completed, running, queued, pruned } = await s.trialClock(id);
          assert.deepEqual({ trials, completed }, { trials: all.length, completed: counts.completed });
          // The optional counts that version the service's active set (server/active-trials.ts).
          if (running !== undefined) assert.deepEqual({ running, queued, pruned }, { running: counts.running, queued: counts.queued, pruned: counts.pruned });
        }
        for (const states of [['running'], ['queued', 'running'], ['running', 'abandoned', 'queued'], ['failed']] as const) {
          assert.deepEqual((await s.listTrials(id, states)).map((t) => t.id), all.filter((t) => (states as readonly string[]).includes(t.state)).map((t) => t.id));
        }
      };
      const made = await s.insertTrials('s1', [queued(0), running(1, at(10)), queued(2), running(3), { state: 'completed', params: { x: 4 }, values: { loss: 1 } }, queued(5)]);
      await check('s1');
      await s.claimQueued('s1', 2, at(15));
      await check('s1');
      await s.commitAsk('s1', { trials: [queued(6), running(7)], claim: { count: 1, leaseExpiresAt: at(600) } });
      await check('s1');
      await s.finishTrial('s1', made[3]!.id, { state: 'completed', values: { loss: 2 } }, at(5));
      await s.finishTrial('s1', made[0]!.id, { state: 'failed', reason: 'oom' }, at(5));
      await check('s1');
      assert.equal((await s.abandonExpired('s1', at(20))).length, 2);
      await check('s1');
      await s.finishTrial('s1', made[1]!.id, { state: 'completed', values: { loss: 3 } }, at(30));
      await check('s1');
      assert.deepEqual(await s.countTrials('s1'), { queued: 1, running: 2, completed: 3, failed: 1, abandoned: 1, pruned: 0 });
      // A deleted study's counts go with it: the same id created again starts from zero.
      assert.equal(await s.deleteStudy('s1'), true);
      await s.createStudy(makeStudy('s1'));
      assert.deepEqual(await s.countTrials('s1'), { queued: 0, running: 0, completed: 0, failed: 0, abandoned: 0, pruned: 0 });
      await s.insertTrials('s1', [queued(0)]);
      await check('s1');
    });

    it('commitAsk claims, inserts, records the request and stores the policy state in one step', async () => {
      const [q0, , q2] = await s.insertTrials('s1', [queued(0), { state: 'completed', params: { x: 1 }, values: { loss: 1 } }, queued(2)]);
      await s.putPolicyState('s1', { round: 1 });
      const got = await s.commitAsk('s1', {
        claim: { count: 5, leaseExpiresAt: at(60), clientId: 'w1' },
        trials: [running(7, at(60), 'w1'), running(8, at(60), 'w1')],
        request: { requestId: 'ask-m', kind: 'ask' },
        policyState: { round: 2, warm: [0.5] },
      });
      assert.deepEqual(got.map((t) => t.number), [0, 2, 3, 4], 'claimed then inserted, in number order');
      assert.deepEqual(got.map((t) => t.state), ['running', 'running', 'running', 'running']);
      assert.deepEqual(got.map((t) => [t.leaseExpiresAt, t.clientId]), Array(4).fill([at(60), 'w1']));
      assert.deepEqual([got[0]!.id, got[1]!.id], [q0!.id, q2!.id]);
      assert.deepEqual(await s.getRequest('s1', 'ask-m'), { kind: 'ask', result: got.map((t) => t.id) });
      assert.deepEqual(await s.getPolicyState('s1'), { round: 2, warm: [0.5] });
      assert.deepEqual(await s.listTrials('s1'), [got[0], (await s.listTrials('s1'))[1], got[1], got[2], got[3]]);
      // A retry with the same requestId returns the same trials and writes nothing (state included).
      const again = await s.commitAsk('s1', { trials: [running(9)], request: { requestId: 'ask-m', kind: 'ask' }, policyState: { round: 3 } });
      assert.deepEqual(again, got);
      assert.equal((await s.listTrials('s1')).length, 5);
      assert.deepEqual(await s.getPolicyState('s1'), { round: 2, warm: [0.5] });
      await rejectsWith(s.commitAsk('s1', { trials: [], request: { requestId: 'ask-m', kind: 'enqueue' } }), 'CONFLICT');
      // Without policyState the stored state stays; an ask answered from the queue alone records its claim.
      await s.insertTrials('s1', [queued(10)]);
      const fromQueue = await s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: at(60) }, trials: [], request: { requestId: 'ask-q', kind: 'ask' } });
      assert.deepEqual(fromQueue.map((t) => [t.number, t.state]), [[5, 'running']]);
      assert.deepEqual(await s.getRequest('s1', 'ask-q'), { kind: 'ask', result: [fromQueue[0]!.id] });
      assert.deepEqual(await s.getPolicyState('s1'), { round: 2, warm: [0.5] });
      await rejectsWith(s.commitAsk('nope', { trials: [] }), 'NOT_FOUND');
    });

    it('a failed commitAsk writes nothing: no claim, no trial, no record, no state', async () => {
      const [q] = await s.insertTrials('s1', [queued(0)]);
      await s.putPolicyState('s1', { keep: true });
      const bad = { state: 'completed', params: { x: 2 } } as NewTrial;
      await rejectsWith(s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: at(60) }, trials: [running(1), bad], request: { requestId: 'rb', kind: 'ask' }, policyState: { keep: false } }), 'INVALID_ARGUMENT');
      await rejectsWith(s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: 'later' }, trials: [running(1)] }), 'INVALID_ARGUMENT');
      assert.deepEqual(await s.listTrials('s1'), [q]);
      assert.equal(await s.getRequest('s1', 'rb'), null);
      assert.deepEqual(await s.getPolicyState('s1'), { keep: true });
    });

    it('putRequest stores any JSON result, first write wins, scoped per study', async () => {
      await s.createStudy(makeStudy('s2', 2));
      assert.equal(await s.getRequest('s1', 'r'), null);
      const result = { trials: [{ id: 'a', params: { w: { p: 0.5, q: 0.5 } } }], note: 'ünï', n: null, ok: true };
      await s.putRequest('s1', 'r', 'ask', result);
      assert.deepEqual(await s.getRequest('s1', 'r'), { kind: 'ask', result });
      await s.putRequest('s1', 'r', 'ask', { other: 1 });
      assert.deepEqual(await s.getRequest('s1', 'r'), { kind: 'ask', result }, 'the first result is kept');
      assert.equal(await s.getRequest('s2', 'r'), null);
      await s.putRequest('s2', 'r', 'tell', [1, 2]);
      assert.deepEqual(await s.getRequest('s2', 'r'), { kind: 'tell', result: [1, 2] });
      assert.deepEqual(await s.getRequest('s1', 'r'), { kind: 'ask', result });
      await rejectsWith(s.putRequest('nope', 'r', 'ask', {}), 'NOT_FOUND');
      assert.equal(await s.getRequest('nope', 'r'), null);
    });

    it('round-trips policy state and overwrites it', async () => {
      assert.equal(await s.getPolicyState('s1'), null);
      const state = { version: 1, warm: { lengthscales: [0.1, 2.5e-7, 33], noise: 1e-6 }, phase: 'model', sobolIndex: 8, seen: ['ä', true, null] };
      await s.putPolicyState('s1', state);
      assert.deepEqual(await s.getPolicyState('s1'), state);
      await s.putPolicyState('s1', { version: 2 });
      assert.deepEqual(await s.getPolicyState('s1'), { version: 2 });
      await rejectsWith(s.putPolicyState('nope', state), 'NOT_FOUND');
      assert.equal(await s.getPolicyState('nope'), null);
    });

    it('treats ids and request ids as opaque strings (quotes, SQL, unicode)', async () => {
      const id = `x'); DROP TABLE trials; -- "é" 😀 %_`;
      await s.createStudy(makeStudy(id, 2));
      const [t] = await s.insertTrials(id, [running(1)], { requestId: `r' OR '1'='1`, kind: 'ask' });
      assert.equal(t!.studyId, id);
      assert.deepEqual(await s.getRequest(id, `r' OR '1'='1`), { kind: 'ask', result: [t!.id] });
      assert.equal(await s.getRequest(id, 'r'), null);
      assert.deepEqual((await s.listStudies()).map((x) => x.id), ['s1', id]);
      assert.deepEqual(await s.listTrials('s1'), []);
      assert.equal(await s.getStudy('x%'), null);
      assert.equal(await s.deleteStudy(id), true);
      assert.equal(await s.getTrial(id, t!.id), null);
    });

    it('rejects every call after close with UNAVAILABLE', async () => {
      await s.close();
      await s.close(); // idempotent
      await rejectsWith(s.getStudy('s1'), 'UNAVAILABLE');
      await rejectsWith(s.insertTrials('s1', [queued(0)]), 'UNAVAILABLE');
      await rejectsWith(s.listStudies(), 'UNAVAILABLE');
    });
  });
}
