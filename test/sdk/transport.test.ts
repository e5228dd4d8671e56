/** SDK transport against a stand-in socket.io server: acks, error mapping, retries with the same requestId, auth, rooms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, SdkError } from '../../sdk/index.js';
import { startFake } from './fake-server.js';

const study = { id: 's1', name: 'n', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: {}, leaseSeconds: 60, metadata: {}, createdAt: '', trialCounts: {} };
const trial = (id: string, x = 0.5) => ({ id, studyId: 's1', number: 0, state: 'running', params: { x }, createdAt: '' });

test('ask carries clientId and a requestId; reads carry no requestId', async () => {
  const fake = await startFake();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  fake.handle('trial:ask', (p, ack) => ack({ ok: true, data: { trials: [trial('t1')] } }));
  const client = await connect(fake.url, { clientId: 'worker-7' });
  try {
    const s = await client.getStudy('s1');
    const trials = await s.ask();
    assert.equal(trials[0]!.id, 't1');
    const ask = fake.received.find((r) => r.event === 'trial:ask')!.payload;
    assert.equal(ask.clientId, 'worker-7');
    assert.equal(ask.count, 1);
    assert.match(ask.requestId, /^[0-9a-f-]{36}$/);
    assert.equal('requestId' in fake.received.find((r) => r.event === 'study:get')!.payload, false);
  } finally {
    client.close();
    await fake.close();
  }
});

test('a non-retryable error rejects at once with code, issues and retryable=false', async () => {
  const fake = await startFake();
  let calls = 0;
  fake.handle('study:get', (_p, ack) => {
    calls++;
    ack({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'bad', retryable: false, issues: [{ path: ['studyId'], message: 'too long' }] } });
  });
  const client = await connect(fake.url);
  try {
    await assert.rejects(client.getStudy('x'), (err: unknown) => {
      assert.ok(err instanceof SdkError);
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.equal(err.retryable, false);
      assert.deepEqual(err.issues, [{ path: ['studyId'], message: 'too long' }]);
      return true;
    });
    assert.equal(calls, 1);
  } finally {
    client.close();
    await fake.close();
  }
});

test('a retryable error is retried with the same requestId until it succeeds', async () => {
  const fake = await startFake();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  let calls = 0;
  fake.handle('trial:tell', (p, ack) => {
    calls++;
    if (calls < 3) ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'busy', retryable: true } });
    else ack({ ok: true, data: { ...trial(p.trialId), state: 'completed', values: p.values } });
  });
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy('s1');
    const done = await s.tell('t1', 0.25); // a bare number goes to the only objective
    assert.deepEqual(done.values, { y: 0.25 });
    const ids = fake.received.filter((r) => r.event === 'trial:tell').map((r) => r.payload.requestId);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 1);
  } finally {
    client.close();
    await fake.close();
  }
});

test('a connection dropped mid-request: the SDK reconnects and resends the same requestId', async () => {
  const fake = await startFake();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  let calls = 0;
  fake.handle('trial:ask', (_p, ack, socket) => {
    calls++;
    if (calls === 1) socket.conn.close(); // no ack: the transport dies as in a network failure
    else ack({ ok: true, data: { trials: [trial('t9')] } });
  });
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy('s1');
    const [t] = await s.ask();
    assert.equal(t!.id, 't9');
    const ids = fake.received.filter((r) => r.event === 'trial:ask').map((r) => r.payload.requestId);
    assert.equal(ids.length, 2);
    assert.equal(ids[0], ids[1]);
  } finally {
    client.close();
    await fake.close();
  }
});

test('the server closing the socket (graceful restart): the SDK connects again and retries', async () => {
  const fake = await startFake();
  let calls = 0;
  fake.handle('health', (_p, ack, socket) => {
    calls++;
    if (calls === 1) socket.disconnect(true); // 'io server disconnect': socket.io alone would not reconnect
    else ack({ ok: true, data: { version: '1', storage: 'memory:', tensorBackend: 'cpu', linalg: 'js', uptimeSeconds: 1 } });
  });
  const client = await connect(fake.url, { timeoutMs: 3000 });
  try {
    assert.equal((await client.health()).version, '1');
    assert.equal(calls, 2);
  } finally {
    client.close();
    await fake.close();
  }
});

test('close() ends requests that wait for a connection at once, without retrying', async () => {
  const fake = await startFake();
  const client = await connect(fake.url, { timeoutMs: 10000 });
  client.socket.io.reconnection(false);
  client.io.engine.close();
  await waitFor(() => !client.socket.connected);
  const pending = client.health();
  const t0 = Date.now();
  client.close();
  await assert.rejects(pending, (e: unknown) => e instanceof SdkError && e.code === 'UNAVAILABLE' && !e.retryable);
  assert.ok(Date.now() - t0 < 1000);
  await fake.close();
});

test('an unanswered request times out and is retried (DEADLINE_EXCEEDED is transport-retryable)', async () => {
  const fake = await startFake();
  let calls = 0;
  fake.handle('health', (_p, ack) => {
    calls++;
    if (calls > 1) ack({ ok: true, data: { version: '0', storage: 'memory:', tensorBackend: 'cpu', linalg: 'js', uptimeSeconds: 1 } });
  });
  const client = await connect(fake.url, { timeoutMs: 200, retries: 2 });
  try {
    const h = await client.health();
    assert.equal(h.version, '0');
    assert.equal(calls, 2);
  } finally {
    client.close();
    await fake.close();
  }
});

test('retries are bounded: after `retries` the last error rejects', async () => {
  const fake = await startFake();
  let calls = 0;
  fake.handle('health', (_p, ack) => {
    calls++;
    ack({ ok: false, error: { code: 'INTERNAL', message: 'boom', retryable: true } });
  });
  const client = await connect(fake.url, { retries: 2 });
  try {
    await assert.rejects(client.health(), (err: unknown) => err instanceof SdkError && err.code === 'INTERNAL');
    assert.equal(calls, 3);
  } finally {
    client.close();
    await fake.close();
  }
});

test('a refused token rejects connect with UNAUTHENTICATED; the right one connects', async () => {
  const fake = await startFake('s3cret');
  try {
    await assert.rejects(connect(fake.url, { token: 'wrong', timeoutMs: 2000 }), (err: unknown) => err instanceof SdkError && err.code === 'UNAUTHENTICATED');
    const ok = await connect(fake.url, { token: 's3cret' });
    ok.close();
  } finally {
    await fake.close();
  }
});

test('connect to a closed port rejects with UNAVAILABLE after timeoutMs', async () => {
  const fake = await startFake();
  const url = fake.url;
  await fake.close();
  const t0 = Date.now();
  await assert.rejects(connect(url, { timeoutMs: 400 }), (err: unknown) => err instanceof SdkError && err.code === 'UNAVAILABLE');
  assert.ok(Date.now() - t0 < 3000);
});

test('events reach the study listener; the room is joined again after a reconnect', async () => {
  const fake = await startFake();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  fake.handle('study:subscribe', (p, ack, socket) => {
    socket.join(`study:${p.studyId}`);
    ack({ ok: true, data: { subscribed: true } });
  });
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy('s1');
    const seen: string[] = [];
    await s.on('trial:completed', (e) => seen.push(e.trial!.id));
    fake.io.to('study:s1').emit('trial:completed', { studyId: 's1', trial: trial('a') });
    fake.io.to('study:s2').emit('trial:completed', { studyId: 's2', trial: trial('other') });
    await waitFor(() => seen.length === 1);
    client.io.engine.close();
    await waitFor(() => fake.received.filter((r) => r.event === 'study:subscribe').length === 2);
    await waitFor(() => client.socket.connected);
    await new Promise((r) => setTimeout(r, 50));
    fake.io.to('study:s1').emit('trial:completed', { studyId: 's1', trial: trial('b') });
    await waitFor(() => seen.length === 2);
    assert.deepEqual(seen, ['a', 'b']);
  } finally {
    client.close();
    await fake.close();
  }
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a full server queue: the SDK waits at least the retry-after it was given, then retries', async () => {
  const fake = await startFake();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  const at: number[] = [];
  fake.handle('trial:ask', (_p, ack) => {
    at.push(performance.now());
    if (at.length === 1) ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'the compute queue is full', retryable: true, retryAfterMs: 400 } });
    else ack({ ok: true, data: { trials: [trial('t1')] } });
  });
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy('s1');
    assert.equal((await s.ask())[0]!.id, 't1');
    assert.equal(at.length, 2);
    // A lower bound only: however slow the machine, the retry cannot come sooner than the hint.
    assert.ok(at[1]! - at[0]! >= 390, `retried after ${at[1]! - at[0]!} ms`);
  } finally {
    client.close();
    await fake.close();
  }
});
