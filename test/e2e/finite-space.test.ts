/**
 * Issue 14 item 4: an exhausted discrete space silently repeated points (an 8-point space with 16
 * workers). Now an ask that needs more new points than are free answers FAILED_PRECONDITION,
 * unless the algorithm sets allowRepeats. Over REST and socket.io.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './harness.js';
import { restCaller, socketCaller, type Call } from './wire.js';

const SPACE = { n: { type: 'int', low: 0, high: 3 }, opt: { type: 'categorical', choices: ['adam', 'sgd'] } };

let server: TestServer;
let sock: Awaited<ReturnType<typeof socketCaller>>;
before(async () => {
  server = await startTestServer();
  sock = await socketCaller(server.url);
});
after(async () => {
  sock.close();
  await server.close();
});

for (const transport of ['rest', 'socket'] as const) describe(`finite spaces over ${transport}`, () => {
  let call: Call;
  before(() => {
    call = transport === 'rest' ? restCaller(server.url) : sock.call;
  });

  async function study(algorithm: Record<string, unknown>): Promise<string> {
    const r = await call('study:create', { name: 'eight', space: SPACE, objectives: { loss: 'minimize' }, algorithm });
    assert.equal(r.ok, true, JSON.stringify(r));
    return r.data.id;
  }

  test('an exhausted discrete space answers FAILED_PRECONDITION instead of silently repeating points', async () => {
    const id = await study({ surrogate: 'none', seed: 1 });
    const replies = await Promise.all(Array.from({ length: 16 }, () => call('trial:ask', { studyId: id })));
    const ok = replies.filter((r) => r.ok);
    assert.equal(ok.length, 8);
    const points = ok.map((r) => JSON.stringify(r.data.trials[0].params));
    assert.equal(new Set(points).size, 8, 'eight distinct points');
    for (const r of replies.filter((x) => !x.ok)) {
      assert.equal(r.error!.code, 'FAILED_PRECONDITION');
      assert.match(r.error!.message, /exhausted: all 8 of its points/);
      assert.deepEqual(r.error!.issues?.[0]?.path, ['space']);
    }
    // A failed trial frees its point (a retry is a real new measurement); a completed one does not.
    const [t0, t1] = ok.map((r) => r.data.trials[0]);
    assert.equal((await call('trial:fail', { studyId: id, trialId: t0.id, reason: 'flaky' })).ok, true);
    assert.equal((await call('trial:tell', { studyId: id, trialId: t1.id, values: { loss: 1 } })).ok, true);
    const refused = await call('trial:ask', { studyId: id, count: 2 });
    assert.equal(refused.error?.code, 'FAILED_PRECONDITION');
    assert.match(refused.error!.message, /only 1 of its 8 points free .* 2 asked/);
    const again = await call('trial:ask', { studyId: id });
    assert.deepEqual(again.data.trials[0].params, t0.params);
  });

  test('a model-based study on a nearly full discrete space still gets distinct points', async () => {
    const id = await study({ surrogate: 'gp', acquisition: 'log-ei', initialTrials: 2, seed: 4 });
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = await call('trial:ask', { studyId: id });
      assert.equal(r.ok, true, JSON.stringify(r));
      const t = r.data.trials[0];
      seen.add(JSON.stringify(t.params));
      assert.equal((await call('trial:tell', { studyId: id, trialId: t.id, values: { loss: (t.params.n - 2) ** 2 + (t.params.opt === 'sgd' ? 1 : 0) } })).ok, true);
    }
    assert.equal(seen.size, 8);
    assert.equal((await call('trial:ask', { studyId: id })).error?.code, 'FAILED_PRECONDITION');
  });

  test('allowRepeats: true lets asks repeat points of an exhausted space', async () => {
    const id = await study({ surrogate: 'none', seed: 1, allowRepeats: true });
    const r = await call('trial:ask', { studyId: id, count: 12 });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.data.trials.length, 12);
    assert.equal((await call('study:get', { studyId: id })).data.algorithm.allowRepeats, true);
  });
});
