import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';

type AckBody = { ok: boolean; data?: any; error?: { code: string; message: string; retryable: boolean; issues?: { path: (string | number)[] }[] } };

function open(url: string, token?: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

function request(socket: Socket, event: string, payload?: unknown): Promise<AckBody> {
  return payload === undefined ? socket.timeout(5000).emitWithAck(event) : socket.timeout(5000).emitWithAck(event, payload);
}

const CREATE = {
  name: 'sock',
  space: { lr: { type: 'float', low: 1e-4, high: 1, log: true }, opt: { type: 'categorical', choices: ['adam', 'sgd'] } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'none', seed: 7 },
};

describe('socket.io without a token', () => {
  let server: RunningServer;
  let a: Socket;
  let b: Socket;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent' });
    a = await open(server.url);
    b = await open(server.url);
  });
  after(async () => {
    a.close();
    b.close();
    await server.close();
  });

  test('every event answers with the Ack envelope', async () => {
    const created = await request(a, 'study:create', CREATE);
    assert.equal(created.ok, true);
    const id = created.data.id as string;
    assert.equal((await request(a, 'study:get', { studyId: id })).data.name, 'sock');
    assert.equal((await request(a, 'study:list', {})).data.length, 1);
    const { trials } = (await request(a, 'trial:ask', { studyId: id, count: 3, requestId: 'q' })).data as { trials: { id: string }[] };
    assert.equal(trials.length, 3);
    assert.deepEqual((await request(a, 'trial:ask', { studyId: id, count: 3, requestId: 'q' })).data.trials.map((t: { id: string }) => t.id), trials.map((t) => t.id));
    assert.equal((await request(a, 'trial:tell', { studyId: id, trialId: trials[0]!.id, values: { loss: 0.3 } })).data.state, 'completed');
    assert.equal((await request(a, 'trial:fail', { studyId: id, trialId: trials[1]!.id })).data.state, 'failed');
    assert.equal((await request(a, 'trial:heartbeat', { studyId: id, trialId: trials[2]!.id })).data.state, 'running');
    assert.equal((await request(a, 'trial:enqueue', { studyId: id, params: { lr: 0.01, opt: 'sgd' } })).data.state, 'queued');
    assert.equal((await request(a, 'trial:add', { studyId: id, trials: [{ params: { lr: 0.1, opt: 'adam' }, values: { loss: 0.1 } }] })).data.length, 1);
    assert.equal((await request(a, 'trial:list', { studyId: id, states: ['completed'] })).data.length, 2);
    assert.equal((await request(a, 'trial:best', { studyId: id })).data.values.loss, 0.1);
    assert.equal((await request(a, 'study:export', { studyId: id, format: 'csv' })).data.format, 'csv');
    assert.equal((await request(a, 'study:export', { studyId: id })).data.trials.length, 5);
    assert.deepEqual((await request(a, 'study:subscribe', { studyId: id })).data, { subscribed: true });
    assert.deepEqual((await request(a, 'study:unsubscribe', { studyId: id })).data, { subscribed: false });
    assert.equal((await request(a, 'health')).data.storage, 'memory:');
    assert.equal((await request(a, 'health', {})).ok, true);
    assert.deepEqual((await request(a, 'study:delete', { studyId: id })).data, { deleted: true });
    const gone = await request(a, 'study:get', { studyId: id });
    assert.equal(gone.ok, false);
    assert.equal(gone.error?.code, 'NOT_FOUND');
  });

  test('bad payloads, unknown events and missing acks are answered or ignored safely', async () => {
    const wrong = await request(a, 'trial:ask', { studyId: 'x', count: 'many' });
    assert.equal(wrong.error?.code, 'INVALID_ARGUMENT');
    assert.deepEqual(wrong.error?.issues?.[0]?.path, ['count']);
    const notObject = await request(a, 'study:create', 'hello');
    assert.equal(notObject.error?.code, 'INVALID_ARGUMENT');
    const unknown = await request(a, 'study:explode', { studyId: 'x' });
    assert.equal(unknown.error?.code, 'INVALID_ARGUMENT');
    assert.match(unknown.error?.message ?? '', /unknown event/);
    const missing = await request(a, 'study:subscribe', { studyId: 'does-not-exist' });
    assert.equal(missing.error?.code, 'NOT_FOUND');
    assert.equal((await request(a, 'study:unsubscribe', { studyId: 'does-not-exist' })).error?.code, 'NOT_FOUND');
    const proto = await request(a, 'trial:enqueue', JSON.parse('{"studyId":"x","params":{"__proto__":{"a":1}}}'));
    assert.deepEqual(proto.error?.issues?.[0]?.path, ['params', '__proto__']);
    // No ack, or a non-function in its place: the server must keep serving.
    a.emit('study:create', CREATE);
    a.emit('health', {}, 42);
    a.emit('study:explode');
    a.emit('trial:ask');
    const still = await request(a, 'health');
    assert.equal(still.ok, true);
    const listed = await request(a, 'study:list', {});
    assert.ok(listed.data.some((s: { name: string }) => s.name === 'sock'), 'the ack-less create still ran');
  });

  test('server events reach subscribers of the study room only', async () => {
    const id = (await request(a, 'study:create', CREATE)).data.id as string;
    const other = (await request(a, 'study:create', { ...CREATE, name: 'other' })).data.id as string;
    await request(a, 'study:subscribe', { studyId: id });
    await request(b, 'study:subscribe', { studyId: other });
    const seenA: { event: string; payload: any }[] = [];
    const seenB: string[] = [];
    a.onAny((event, payload) => seenA.push({ event, payload }));
    b.onAny((event) => seenB.push(event));
    const [t] = (await request(b, 'trial:ask', { studyId: id })).data.trials as { id: string }[];
    await request(b, 'trial:tell', { studyId: id, trialId: t!.id, values: { loss: 2 } });
    await request(b, 'health');
    await new Promise((r) => setTimeout(r, 50));
    const events = seenA.map((e) => e.event);
    assert.ok(events.includes('trial:asked'), events.join());
    assert.ok(events.includes('trial:completed'), events.join());
    assert.ok(events.includes('study:updated'), events.join());
    assert.equal(seenA.find((e) => e.event === 'trial:completed')?.payload.trial.id, t!.id);
    assert.equal(seenA.find((e) => e.event === 'study:updated')?.payload.study.trialCounts.completed, 1);
    assert.deepEqual(seenB, [], 'b subscribed to another study');
    a.offAny();
    b.offAny();
  });
});

describe('socket.io with a token', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent', token: 'tok' });
  });
  after(() => server.close());

  test('the handshake needs auth {token}', async () => {
    await assert.rejects(open(server.url), (e: Error & { data?: { code?: string } }) => e.data?.code === 'UNAUTHENTICATED');
    await assert.rejects(open(server.url, 'nope'), (e: Error & { data?: { code?: string } }) => e.data?.code === 'UNAUTHENTICATED');
    const ok = await open(server.url, 'tok');
    assert.equal((await request(ok, 'health')).ok, true);
    ok.close();
  });
});
