/**
 * Issue 14 item 1: a requestId is scoped to (study, operation, target) and its payload. A reused id
 * with another target or payload is CONFLICT naming both payloads, never the first answer (which
 * silently dropped the second tell/fail). Every case runs over REST and socket.io.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './harness.js';
import { restCaller, socketCaller, type AckBody, type Call } from './wire.js';

const CREATE = {
  name: 'scope',
  space: { x: { type: 'float', low: 0, high: 1 } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'none', seed: 5 },
};

let server: TestServer;
let sock: Awaited<ReturnType<typeof socketCaller>>;
before(async () => {
  server = await startTestServer({ storageUrl: 'sqlite::memory:' });
  sock = await socketCaller(server.url);
});
after(async () => {
  sock.close();
  await server.close();
});

function conflict(reply: AckBody, ...mentions: string[]): void {
  assert.equal(reply.ok, false, JSON.stringify(reply));
  assert.equal(reply.error!.code, 'CONFLICT');
  assert.equal(reply.error!.retryable, false);
  for (const m of mentions) assert.ok(reply.error!.message.includes(m), `message names ${m}: ${reply.error!.message}`);
}

for (const transport of ['rest', 'socket'] as const) describe(`request id scope over ${transport}`, () => {
  let call: Call;
  let prefix: string;
  before(() => {
    call = transport === 'rest' ? restCaller(server.url) : sock.call;
    prefix = `${transport}-`;
  });

  async function study(): Promise<string> {
    const r = await call('study:create', { ...CREATE, name: `${prefix}${Math.random()}` });
    assert.equal(r.ok, true, JSON.stringify(r));
    return r.data.id;
  }

  test('a reused requestId on another trial is CONFLICT, not a dropped tell', async () => {
    const id = await study();
    const [a, b] = (await call('trial:ask', { studyId: id, count: 2 })).data.trials;
    const first = await call('trial:tell', { studyId: id, trialId: a.id, values: { loss: 1 }, requestId: 'r-1' });
    assert.equal(first.ok, true);
    const second = await call('trial:tell', { studyId: id, trialId: b.id, values: { loss: 2 }, requestId: 'r-1' });
    conflict(second, a.id, b.id, '"loss":1', '"loss":2');
    const trials = (await call('trial:list', { studyId: id })).data;
    assert.deepEqual(trials.map((t: { state: string }) => t.state), ['completed', 'running'], 'B is not silently left running behind a 200');
    // A true retry still answers the first result.
    const retry = await call('trial:tell', { studyId: id, trialId: a.id, values: { loss: 1 }, requestId: 'r-1' });
    assert.deepEqual(retry, first);
    // Same trial, other values under the same id: CONFLICT (not the first answer).
    conflict(await call('trial:tell', { studyId: id, trialId: a.id, values: { loss: 3 }, requestId: 'r-1' }), '"loss":3');
  });

  test('a reused requestId on another trial is CONFLICT, not a dropped fail', async () => {
    const id = await study();
    const [a, b] = (await call('trial:ask', { studyId: id, count: 2 })).data.trials;
    assert.equal((await call('trial:fail', { studyId: id, trialId: a.id, reason: 'oom', requestId: 'f-1' })).ok, true);
    conflict(await call('trial:fail', { studyId: id, trialId: b.id, reason: 'oom', requestId: 'f-1' }), a.id, b.id);
    const running = (await call('trial:list', { studyId: id })).data.filter((t: { state: string }) => t.state === 'running');
    assert.deepEqual(running.map((t: { id: string }) => t.id), [b.id]);
    // Another kind under the id: CONFLICT too.
    conflict(await call('trial:tell', { studyId: id, trialId: b.id, values: { loss: 1 }, requestId: 'f-1' }));
  });

  test('an ask replayed with a different count is CONFLICT, not the first ask\'s trials', async () => {
    const id = await study();
    const first = await call('trial:ask', { studyId: id, count: 1, requestId: 'a-1' });
    assert.equal(first.ok, true);
    conflict(await call('trial:ask', { studyId: id, count: 3, requestId: 'a-1' }), '"count":1', '"count":3');
    // count omitted = the default 1: the same request.
    assert.deepEqual((await call('trial:ask', { studyId: id, requestId: 'a-1' })).data, first.data);
    assert.equal((await call('trial:list', { studyId: id })).data.length, 1);
  });

  test('a reused requestId with other params (enqueue) or other trials (add) is CONFLICT', async () => {
    const id = await study();
    assert.equal((await call('trial:enqueue', { studyId: id, params: { x: 0.1 }, requestId: 'e-1' })).ok, true);
    conflict(await call('trial:enqueue', { studyId: id, params: { x: 0.2 }, requestId: 'e-1' }), '0.1', '0.2');
    assert.equal((await call('trial:add', { studyId: id, trials: [{ params: { x: 0.3 }, values: { loss: 1 } }], requestId: 'd-1' })).ok, true);
    conflict(await call('trial:add', { studyId: id, trials: [{ params: { x: 0.3 }, values: { loss: 2 } }], requestId: 'd-1' }));
    assert.equal((await call('trial:list', { studyId: id })).data.length, 2);
  });

  test('study:create with a reused requestId and another space, objectives or algorithm is CONFLICT, not the old study', async () => {
    const rid = `${prefix}create-1`;
    const created = await call('study:create', { ...CREATE, requestId: rid });
    assert.equal(created.ok, true);
    assert.equal((await call('study:create', { ...CREATE, requestId: rid })).data.id, created.data.id, 'a retry returns the study');
    conflict(await call('study:create', { ...CREATE, space: { x: { type: 'float', low: 0, high: 2 } }, requestId: rid }), '"high":1', '"high":2');
    conflict(await call('study:create', { ...CREATE, objectives: { loss: 'maximize' }, requestId: rid }));
    conflict(await call('study:create', { ...CREATE, algorithm: { surrogate: 'none', seed: 6 }, requestId: rid }));
    conflict(await call('study:create', { ...CREATE, metadata: { owner: 'someone else' }, requestId: rid }));
  });

  test('study:create with a reused requestId and another pool is CONFLICT; a retry cut into other chunks is not', async () => {
    const rid = `${prefix}pool-1`;
    const rows = [[0.1], [0.2], [0.3]];
    const first = await call('study:create', { ...CREATE, pool: { columns: ['x'], rows: rows.slice(0, 1), totalRows: 3 }, requestId: rid });
    assert.equal(first.ok, true, JSON.stringify(first));
    const resumed = await call('study:create', { ...CREATE, pool: { columns: ['x'], rows: rows.slice(0, 2), totalRows: 3 }, requestId: rid });
    assert.equal(resumed.data?.id, first.data.id, JSON.stringify(resumed));
    conflict(await call('study:create', { ...CREATE, pool: { columns: ['x'], rows: [[0.9], [0.2]], totalRows: 3 }, requestId: rid }), 'pool row 0');
    conflict(await call('study:create', { ...CREATE, pool: { columns: ['x'], rows, totalRows: 4 }, requestId: rid }), '"totalRows":3', '"totalRows":4');
  });
});
