/**
 * Shared suite for the optional cross-process half of the storage contract (types.ts, "Several
 * processes"): trialClock and commitAsk's AskWrite.basis. Run by every backend that
 * implements trialClock; uses only the Storage interface.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import { StaleAskError } from '../../server/storage/storage-rules.js';
import type { NewTrial, Storage } from '../../server/storage/types.js';
import { makeStudy } from './storage-conformance.js';

const LEASE = new Date(Date.UTC(2026, 5, 1, 0, 10)).toISOString();
const running = (x: number): NewTrial => ({ state: 'running', params: { x }, leaseExpiresAt: LEASE });
const queued = (x: number): NewTrial => ({ state: 'queued', params: { x } });

/** Asserts a StaleAskError (code UNAVAILABLE: a client may retry). */
async function rejectsStale(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof StaleAskError, `expected StaleAskError, got ${String(e)}`);
    assert.equal((e as BoError).code, 'UNAVAILABLE');
    return true;
  });
}

/** Registers the suite for one backend; `open` returns a fresh, empty storage each time. */
export function runAskBasisConformance(name: string, open: () => Promise<Storage>): void {
  describe(`Ask basis conformance: ${name}`, () => {
    let s: Storage;
    let next: (id: string) => Promise<number>;
    beforeEach(async () => {
      s = await open();
      assert.ok(s.trialClock, `${name} implements trialClock`);
      next = async (id) => (await s.trialClock!(id)).trials;
      await s.createStudy(makeStudy('s1', 1));
    });
    afterEach(async () => {
      await s.close();
    });

    it('trialClock counts every trial ever inserted, whatever its state, and the completed ones', async () => {
      // The optional counts (running, queued, pruned) must agree with countTrials where a backend gives them.
      const clock = async (id: string) => {
        const { trials, completed, running, queued, pruned } = await s.trialClock!(id);
        if (running !== undefined) {
          const n = await s.countTrials(id);
          assert.deepEqual({ running, queued, pruned }, { running: n.running, queued: n.queued, pruned: n.pruned }, 'the clock counts agree with countTrials');
        }
        return { trials, completed };
      };
      assert.deepEqual(await clock('s1'), { trials: 0, completed: 0 });
      const [a, b] = await s.insertTrials('s1', [running(0), queued(1), running(3), { state: 'completed', params: { x: 4 }, values: { loss: 1 } }]);
      assert.deepEqual(await clock('s1'), { trials: 4, completed: 1 });
      await s.finishTrial('s1', a!.id, { state: 'failed', reason: 'x' }, LEASE);
      await s.claimQueued('s1', 1, LEASE);
      assert.deepEqual(await clock('s1'), { trials: 4, completed: 1 }, 'failing or claiming adds no trial and no completed one');
      await s.finishTrial('s1', b!.id, { state: 'completed', values: { loss: 2 } }, LEASE);
      await s.finishTrial('s1', b!.id, { state: 'completed', values: { loss: 2 } }, LEASE);
      assert.deepEqual(await clock('s1'), { trials: 4, completed: 2 }, 'an idempotent repeat counts once');
      await s.commitAsk('s1', { trials: [running(2)] });
      assert.deepEqual(await clock('s1'), { trials: 5, completed: 2 });
      await assert.rejects(clock('nope'), (e: unknown) => e instanceof BoError && e.code === 'NOT_FOUND');
    });

    it('commitAsk with a current basis commits; a trial inserted since makes it stale and nothing is written', async () => {
      await s.insertTrials('s1', [queued(0)]);
      await s.putPolicyState('s1', { v: 1 });
      const basis = { trials: await next('s1') };
      const ok = await s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: LEASE }, trials: [running(1)], basis, request: { requestId: 'a1', kind: 'ask' }, policyState: { v: 2 } });
      assert.deepEqual(ok.map((t) => [t.number, t.state]), [[0, 'running'], [1, 'running']]);
      // Another process inserts a trial between this ask's read and its commit.
      const stale = { trials: await next('s1') };
      await s.insertTrials('s1', [queued(5)]);
      const before = await s.listTrials('s1');
      await rejectsStale(s.commitAsk('s1', { claim: { count: 1, leaseExpiresAt: LEASE }, trials: [running(2)], basis: stale, request: { requestId: 'a2', kind: 'ask' }, policyState: { v: 3 } }));
      assert.deepEqual(await s.listTrials('s1'), before, 'no claim, no insert');
      assert.equal(await s.getRequest('s1', 'a2'), null);
      assert.deepEqual(await s.getPolicyState('s1'), { v: 2 });
    });

    it('a basis whose queued trials were claimed meanwhile is stale (the claim is not cut short)', async () => {
      await s.insertTrials('s1', [queued(0), queued(1)]);
      const basis = { trials: await next('s1') };
      await s.claimQueued('s1', 1, LEASE, 'other-replica');
      await rejectsStale(s.commitAsk('s1', { claim: { count: 2, leaseExpiresAt: LEASE }, trials: [], basis }));
      assert.deepEqual((await s.listTrials('s1', ['queued'])).map((t) => t.number), [1], 'the remaining queued trial is still queued');
      // Without a basis the claim stays "up to count", as before.
      assert.deepEqual((await s.commitAsk('s1', { claim: { count: 2, leaseExpiresAt: LEASE }, trials: [] })).map((t) => t.number), [1]);
    });

    it('a retried ask replays its recorded trials even when its basis is stale', async () => {
      const basis = { trials: await next('s1') };
      const first = await s.commitAsk('s1', { trials: [running(1)], basis, request: { requestId: 'r', kind: 'ask' } });
      await s.insertTrials('s1', [queued(9)]);
      assert.deepEqual(await s.commitAsk('s1', { trials: [running(1)], basis, request: { requestId: 'r', kind: 'ask' } }), first);
    });
  });
}
