/**
 * Idempotency by requestId through the real server: raw socket.io retries of ask and tell, a
 * conflicting tell, and the SDK's own retry after the connection is dropped mid-request.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { connect, SdkError, type Client } from '../../sdk/index.js';
import { startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let raw: Socket;
let client: Client;

const spec = {
  name: 'idem',
  space: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } },
  objectives: { y: 'minimize' },
  algorithm: { surrogate: 'none', seed: 3 },
} as const;

before(async () => {
  server = await startTestServer();
  raw = io(server.url, { transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    raw.once('connect', resolve);
    raw.once('connect_error', reject);
  });
  client = await connect(server.url, { clientId: 'idem-client' });
});

after(async () => {
  raw.close();
  client.close();
  await server.close();
});

/** Emits one raw request and returns its acknowledgement. */
function emit(event: string, payload: unknown): Promise<any> {
  return raw.timeout(10000).emitWithAck(event, payload);
}

test('a retried ask (same requestId) returns the same trials and creates none', async () => {
  const study = await client.createStudy(spec);
  const first = await emit('trial:ask', { studyId: study.id, count: 3, clientId: 'c1', requestId: 'ask-1' });
  const again = await emit('trial:ask', { studyId: study.id, count: 3, clientId: 'c1', requestId: 'ask-1' });
  assert.equal(first.ok, true);
  assert.deepEqual(again, first);
  assert.equal(first.data.trials.length, 3);
  assert.equal((await study.trials()).length, 3);
  // A new requestId is a new ask.
  const other = await emit('trial:ask', { studyId: study.id, count: 1, clientId: 'c1', requestId: 'ask-2' });
  assert.equal(other.ok, true);
  assert.ok(!first.data.trials.some((t: { id: string }) => t.id === other.data.trials[0].id));
  assert.equal((await study.trials()).length, 4);
});

test('a retried tell is not a second result; a different tell of the same trial is a CONFLICT', async () => {
  const study = await client.createStudy(spec);
  const [trial] = await study.ask();
  const tell = { studyId: study.id, trialId: trial!.id, values: { y: 0.5 }, requestId: 'tell-1' };
  const first = await emit('trial:tell', tell);
  const again = await emit('trial:tell', tell);
  assert.equal(first.ok, true, JSON.stringify(first));
  assert.deepEqual(again, first);
  // The same outcome under a new requestId is also accepted, not stored twice.
  const same = await emit('trial:tell', { ...tell, requestId: 'tell-2' });
  assert.equal(same.ok, true, JSON.stringify(same));
  const conflict = await emit('trial:tell', { ...tell, values: { y: 0.7 }, requestId: 'tell-3' });
  assert.equal(conflict.ok, false);
  assert.equal(conflict.error.code, 'CONFLICT');
  assert.equal(conflict.error.retryable, false);
  // Failing a completed trial is a conflict too.
  const fail = await emit('trial:fail', { studyId: study.id, trialId: trial!.id, reason: 'late', requestId: 'fail-1' });
  assert.equal(fail.ok, false);
  assert.equal(fail.error.code, 'CONFLICT');
  const trials = await study.trials();
  assert.equal(trials.length, 1);
  assert.equal(trials[0]!.state, 'completed');
  assert.deepEqual(trials[0]!.values, { y: 0.5 });
  // Through the SDK the conflict arrives as a non-retryable SdkError.
  await assert.rejects(study.tell(trial!.id, { y: 0.9 }), (e: unknown) => e instanceof SdkError && e.code === 'CONFLICT' && !e.retryable);
});

test('a requestId reused for another operation kind is refused, not answered with the other result', async () => {
  const study = await client.createStudy(spec);
  const asked = await emit('trial:ask', { studyId: study.id, count: 1, requestId: 'shared-id' });
  assert.equal(asked.ok, true);
  const told = await emit('trial:tell', { studyId: study.id, trialId: asked.data.trials[0].id, values: { y: 1 }, requestId: 'shared-id' });
  assert.equal(told.ok, false);
  assert.equal(told.error.code, 'CONFLICT');
});

test('dropping the connection mid-request: the SDK retries with the same requestId and gets exactly one result', async () => {
  const study = await client.createStudy(spec);
  for (let round = 0; round < 8; round++) {
    const sent = new Set<string>();
    const spy = (event: string, payload: { requestId?: string }) => {
      if (event === 'trial:ask' || event === 'trial:tell') sent.add(`${event}:${payload.requestId}`);
    };
    client.socket.onAnyOutgoing(spy);
    const asking = study.ask(2);
    // The request is on the wire; the answer would come back on the transport we now kill.
    client.io.engine.close();
    const trials = await asking;
    assert.equal(trials.length, 2);
    const telling = study.tell(trials[0]!.id, { y: round });
    client.io.engine.close();
    const told = await telling;
    assert.deepEqual(told.values, { y: round });
    await study.tell(trials[1]!.id, { y: round + 0.5 });
    client.socket.offAnyOutgoing(spy);
    // One requestId per operation however many times it was sent.
    assert.equal([...sent].filter((s) => s.startsWith('trial:ask')).length, 1);
  }
  const all = await study.trials();
  assert.equal(all.length, 16, 'each dropped ask made exactly 2 trials');
  assert.ok(all.every((t) => t.state === 'completed'));
  assert.equal(new Set(all.map((t) => t.number)).size, 16);
});

test('the same is true with the server actually seeing the request twice (retry races the first)', async () => {
  const study = await client.createStudy(spec);
  const payload = { studyId: study.id, count: 2, clientId: 'racer', requestId: 'race-1' };
  const replies = await Promise.all([emit('trial:ask', payload), emit('trial:ask', payload), emit('trial:ask', payload)]);
  assert.ok(replies.every((r) => r.ok));
  assert.deepEqual(replies[1], replies[0]);
  assert.deepEqual(replies[2], replies[0]);
  assert.equal((await study.trials()).length, 2);
});
