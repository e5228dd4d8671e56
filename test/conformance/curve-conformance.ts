/**
 * Shared conformance cases for learning curves and pruned trials (issue 19), run against every
 * Storage backend next to storage-conformance.ts. The contract is Storage.addIntermediate /
 * listCurves and finishTrial's 'pruned' outcome in server/storage/types.ts; the expected values
 * here are the inputs themselves (what was reported must come back exactly) and the contract's
 * error codes.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import type { ErrorCode } from '../../protocol/errors.js';
import type { NewTrial, Storage } from '../../server/storage/types.js';
import { makeStudy } from './storage-conformance.js';

const T0 = Date.UTC(2026, 5, 1);
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const running = (x: number): NewTrial => ({ state: 'running', params: { x }, leaseExpiresAt: at(600) });
const point = (step: number, value: number, prune = false, reason?: string) => ({ step, value, prune, ...(reason !== undefined ? { reason } : {}) });

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, match?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BoError, `expected BoError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (match) assert.match(e.message, match);
    return true;
  });
}

/** Registers the curve cases for one backend; `open` returns a fresh, empty storage each time. */
export function runCurveConformance(name: string, open: () => Promise<Storage>): void {
  describe(`Storage conformance (curves, pruned): ${name}`, () => {
    let s: Storage;
    beforeEach(async () => {
      s = await open();
      await s.createStudy(makeStudy('s1', 1));
    });
    afterEach(async () => {
      await s.close();
    });

    it('stores points per trial, returns them sorted by step with their decisions, exact doubles', async () => {
      const [a, b] = await s.insertTrials('s1', [running(1), running(2)]);
      const tiny = 1.5e-300;
      for (const [t, p] of [[a, point(3, 0.1 + 0.2, true, 'median: worse')], [a, point(0, tiny)], [b, point(7, -2)], [a, point(1, 1e300)]] as const) {
        const w = await s.addIntermediate('s1', t!.id, p, at(1));
        assert.equal(w.changed, true);
        assert.deepEqual(w.point, p);
      }
      const all = await s.listCurves('s1');
      assert.deepEqual(all.get(a!.id), [point(0, tiny), point(1, 1e300), point(3, 0.30000000000000004, true, 'median: worse')]);
      assert.deepEqual(all.get(b!.id), [point(7, -2)]);
      assert.deepEqual([...(await s.listCurves('s1', [b!.id, 'nope'])).keys()], [b!.id]);
      assert.equal((await s.listCurves('s1', [])).size, 0);
      // Only some steps (what a median pruner reads): per trial, sorted; trials without such a point absent.
      const some = await s.listCurves('s1', undefined, [7, 3, 99]);
      assert.deepEqual([...some.entries()].sort(), [[a!.id, [point(3, 0.30000000000000004, true, 'median: worse')]], [b!.id, [point(7, -2)]]].sort());
      assert.deepEqual([...(await s.listCurves('s1', [b!.id], [0, 7])).entries()], [[b!.id, [point(7, -2)]]]);
      assert.deepEqual((await s.listCurves('s1', undefined, [0, 1])).get(a!.id), [point(0, tiny), point(1, 1e300)]);
      await rejectsWith(s.listCurves('nope', undefined, [0]), 'NOT_FOUND');
      await rejectsWith(s.listCurves('nope'), 'NOT_FOUND');
    });

    it('is idempotent by (trial, step): the same value returns the stored decision, another value is CONFLICT naming both', async () => {
      const [t] = await s.insertTrials('s1', [running(1)]);
      await s.addIntermediate('s1', t!.id, point(2, 0.5, true, 'asha'), at(1));
      // A retry carries a freshly computed decision; the stored one wins.
      const again = await s.addIntermediate('s1', t!.id, point(2, 0.5, false), at(2));
      assert.deepEqual(again, { point: point(2, 0.5, true, 'asha'), changed: false });
      await rejectsWith(s.addIntermediate('s1', t!.id, point(2, 0.75), at(3)), 'CONFLICT', /0\.5.*0\.75/);
      assert.deepEqual((await s.listCurves('s1')).get(t!.id), [point(2, 0.5, true, 'asha')]);
    });

    it('only a running trial takes new points; a repeat still answers after it finished; bad points and unknown ids are refused', async () => {
      const [t, q] = await s.insertTrials('s1', [running(1), { state: 'queued', params: { x: 2 } }]);
      await s.addIntermediate('s1', t!.id, point(0, 1), at(1));
      await s.finishTrial('s1', t!.id, { state: 'completed', values: { loss: 1 } }, at(2));
      assert.equal((await s.addIntermediate('s1', t!.id, point(0, 1), at(3))).changed, false);
      await rejectsWith(s.addIntermediate('s1', t!.id, point(1, 1), at(3)), 'FAILED_PRECONDITION');
      await rejectsWith(s.addIntermediate('s1', q!.id, point(0, 1), at(3)), 'FAILED_PRECONDITION');
      await rejectsWith(s.addIntermediate('s1', 'nope', point(0, 1), at(3)), 'NOT_FOUND');
      await rejectsWith(s.addIntermediate('nope', t!.id, point(0, 1), at(3)), 'NOT_FOUND');
      const [r] = await s.insertTrials('s1', [running(3)]);
      for (const bad of [point(-1, 1), point(1.5, 1), point(0, Number.NaN), point(0, Infinity)]) await rejectsWith(s.addIntermediate('s1', r!.id, bad, at(3)), 'INVALID_ARGUMENT');
      assert.equal((await s.listCurves('s1')).has(r!.id), false, 'a refused point writes nothing');
    });

    it('records the request of a report with it; the same id on another request is CONFLICT and writes nothing', async () => {
      const [t] = await s.insertTrials('s1', [running(1)]);
      const tag = { requestId: 'rep-1', kind: 'report', target: t!.id, fingerprint: 'f1', summary: '{"step":0}' };
      await s.addIntermediate('s1', t!.id, point(0, 1), at(1), tag);
      assert.deepEqual(await s.getRequest('s1', 'rep-1'), { kind: 'report', result: [t!.id], target: t!.id, fingerprint: 'f1', summary: '{"step":0}' });
      assert.equal((await s.addIntermediate('s1', t!.id, point(0, 1), at(2), tag)).changed, false);
      await rejectsWith(s.addIntermediate('s1', t!.id, point(1, 2), at(2), { ...tag, fingerprint: 'f2' }), 'CONFLICT');
      assert.deepEqual((await s.listCurves('s1')).get(t!.id), [point(0, 1)]);
    });

    it("prunes a running trial: state 'pruned', values = the value at its largest step, counted, listed, final", async () => {
      const [t, u, v] = await s.insertTrials('s1', [running(1), running(2), running(3)]);
      await s.addIntermediate('s1', t!.id, point(5, 0.25), at(1));
      await s.addIntermediate('s1', t!.id, point(9, 0.125), at(2));
      await s.addIntermediate('s1', t!.id, point(7, 0.5), at(3)); // reported late: not the largest step
      const r = await s.finishTrial('s1', t!.id, { state: 'pruned', objective: 'loss' }, at(4), { requestId: 'p1', kind: 'prune', target: t!.id });
      assert.equal(r.changed, true);
      assert.deepEqual([r.trial.state, r.trial.values, r.trial.finishedAt, r.trial.leaseExpiresAt, r.trial.failReason], ['pruned', { loss: 0.125 }, at(4), undefined, undefined]);
      assert.deepEqual(await s.getTrial('s1', t!.id), r.trial);
      // Pruning again is a repeat; any other outcome is a CONFLICT; no new points.
      assert.equal((await s.finishTrial('s1', t!.id, { state: 'pruned', objective: 'loss' }, at(5))).changed, false);
      await rejectsWith(s.finishTrial('s1', t!.id, { state: 'completed', values: { loss: 0.125 } }, at(5)), 'CONFLICT');
      await rejectsWith(s.finishTrial('s1', t!.id, { state: 'failed', reason: 'x' }, at(5)), 'CONFLICT');
      await rejectsWith(s.addIntermediate('s1', t!.id, point(10, 0.1), at(5)), 'FAILED_PRECONDITION');
      // No curve: nothing to keep, so no prune; a completed trial cannot be pruned.
      await rejectsWith(s.finishTrial('s1', u!.id, { state: 'pruned', objective: 'loss' }, at(6)), 'FAILED_PRECONDITION', /no intermediate value/);
      assert.equal((await s.getTrial('s1', u!.id))!.state, 'running');
      await s.finishTrial('s1', v!.id, { state: 'completed', values: { loss: 2 } }, at(6));
      await rejectsWith(s.finishTrial('s1', v!.id, { state: 'pruned', objective: 'loss' }, at(7)), 'CONFLICT');
      assert.deepEqual(await s.countTrials('s1'), { queued: 0, running: 1, completed: 1, failed: 0, abandoned: 0, pruned: 1 });
      assert.deepEqual((await s.listTrials('s1', ['pruned'])).map((x) => x.id), [t!.id]);
      assert.deepEqual((await s.listTrials('s1', ['completed', 'pruned'])).map((x) => x.id), [t!.id, v!.id]);
      if (s.trialClock) {
        const { trials, completed, running, queued, pruned } = await s.trialClock('s1');
        assert.deepEqual({ trials, completed }, { trials: 3, completed: 1 });
        if (running !== undefined) assert.deepEqual({ running, queued, pruned }, { running: 1, queued: 0, pruned: 1 });
      }
    });

    it('an abandoned trial can still be pruned (a late prune, as a late tell); pruning never touches the lease sweep', async () => {
      const [t] = await s.insertTrials('s1', [{ state: 'running', params: { x: 1 }, leaseExpiresAt: at(10) }]);
      await s.addIntermediate('s1', t!.id, point(1, 3), at(1));
      assert.equal((await s.abandonExpired('s1', at(20))).length, 1);
      const r = await s.finishTrial('s1', t!.id, { state: 'pruned', objective: 'loss' }, at(21));
      assert.deepEqual([r.trial.state, r.trial.values], ['pruned', { loss: 3 }]);
      assert.deepEqual(await s.abandonExpired('s1', at(1e6)), []);
    });

    it('deletes curves with their study', async () => {
      const [t] = await s.insertTrials('s1', [running(1)]);
      await s.addIntermediate('s1', t!.id, point(0, 1), at(1));
      assert.equal(await s.deleteStudy('s1'), true);
      await s.createStudy(makeStudy('s1'));
      assert.equal((await s.listCurves('s1')).size, 0);
    });
  });
}
