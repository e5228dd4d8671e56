import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { BoError } from '../../core/errors.js';

interface Reply {
  status: number;
  body: { ok: boolean; data?: any; error?: { code: string; message: string; retryable: boolean; issues?: { path: (string | number)[]; message: string }[] } };
}

function client(base: string, token?: string) {
  return async (method: string, path: string, body?: unknown, rawBody?: string): Promise<Reply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(base + path, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  };
}

const SPACE = { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'int', low: 0, high: 15 } };
const CREATE = { name: 'rest', space: SPACE, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', seed: 3 } };

for (const storageUrl of ['memory:', 'sqlite::memory:']) describe(`REST without a token (${storageUrl})`, () => {
  let server: RunningServer;
  let call: ReturnType<typeof client>;
  before(async () => {
    server = await startServer({ port: 0, storageUrl, logLevel: 'silent' });
    call = client(server.url);
  });
  after(() => server.close());

  test('every route answers in the Ack envelope', async () => {
    const created = await call('POST', '/v1/studies', CREATE);
    assert.equal(created.status, 200);
    assert.equal(created.body.ok, true);
    const id = created.body.data.id as string;
    assert.equal((await call('GET', '/v1/studies')).body.data.length, 1);
    assert.equal((await call('GET', '/v1/studies?limit=1')).body.data[0].id, id);
    assert.equal((await call('GET', `/v1/studies/${id}`)).body.data.name, 'rest');

    const asked = await call('POST', `/v1/studies/${id}/ask`, { count: 3, clientId: 'c', requestId: 'r-1' });
    assert.equal(asked.body.data.trials.length, 3);
    const again = await call('POST', `/v1/studies/${id}/ask`, { count: 3, clientId: 'c', requestId: 'r-1' });
    assert.deepEqual(again.body.data.trials.map((t: { id: string }) => t.id), asked.body.data.trials.map((t: { id: string }) => t.id));
    const [t0, t1, t2] = asked.body.data.trials as { id: string; params: { x2: number } }[];
    assert.ok(Number.isInteger(t0!.params.x2));

    const told = await call('POST', `/v1/studies/${id}/trials/${t0!.id}/tell`, { values: { loss: 1.25 }, cost: 1 });
    assert.equal(told.body.data.state, 'completed');
    assert.equal((await call('POST', `/v1/studies/${id}/trials/${t1!.id}/fail`, { reason: 'nan' })).body.data.state, 'failed');
    assert.equal((await call('POST', `/v1/studies/${id}/trials/${t2!.id}/heartbeat`)).body.data.state, 'running');

    const enq = await call('POST', `/v1/studies/${id}/trials`, { params: { x1: 1, x2: 2 } });
    assert.equal(enq.body.data.state, 'queued');
    const added = await call('POST', `/v1/studies/${id}/completed-trials`, { trials: [{ params: { x1: 0, x2: 0 }, values: { loss: -3 } }] });
    assert.equal(added.body.data[0].state, 'completed');

    const listed = await call('GET', `/v1/studies/${id}/trials?states=completed,failed`);
    assert.deepEqual(listed.body.data.map((t: { state: string }) => t.state), ['completed', 'failed', 'completed']);
    const repeated = await call('GET', `/v1/studies/${id}/trials?states=queued&states=running`);
    assert.deepEqual(repeated.body.data.map((t: { state: string }) => t.state), ['running', 'queued']);
    assert.equal((await call('GET', `/v1/studies/${id}/trials`)).body.data.length, 5);
    assert.equal((await call('GET', `/v1/studies/${id}/best`)).body.data.values.loss, -3);

    const json = await call('GET', `/v1/studies/${id}/export`);
    assert.equal(json.body.data.format, 'json');
    assert.equal(json.body.data.trials.length, 5);
    const csv = await call('GET', `/v1/studies/${id}/export?format=csv`);
    assert.match(csv.body.data.content, /^number,id,state,x1,x2,loss,cost,created_at,finished_at,fail_reason\r\n/);
    const raw = await fetch(`${server.url}/v1/studies/${id}/export?format=csv&raw=1`);
    assert.match(raw.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal((await raw.text()).split('\r\n').length, 7, 'header + 5 rows + trailing empty');

    const health = await call('GET', '/v1/health');
    assert.equal(health.body.data.storage, storageUrl);
    assert.equal(health.body.data.version, '0.1.0');
    assert.ok(health.body.data.uptimeSeconds >= 0);

    assert.deepEqual((await call('DELETE', `/v1/studies/${id}`)).body, { ok: true, data: { deleted: true } });
    const gone = await call('GET', `/v1/studies/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error?.code, 'NOT_FOUND');
  });

  test('malformed JSON, non-object bodies, oversized bodies and unknown routes', async () => {
    const bad = await call('POST', '/v1/studies', undefined, '{"name": ');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.code, 'INVALID_ARGUMENT');
    assert.equal(bad.body.error?.retryable, false);
    const arr = await call('POST', '/v1/studies', [1, 2]);
    assert.equal(arr.status, 400);
    const big = await call('POST', '/v1/studies', { name: 'x'.repeat(1_100_000) });
    assert.equal(big.status, 413);
    assert.equal(big.body.error?.code, 'INVALID_ARGUMENT');
    assert.match(big.body.error?.message ?? '', /exceeds the limit of 1000000 bytes/);
    const unknown = await call('GET', '/v1/nothing-here');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body.ok, false);
    assert.equal(unknown.body.error?.code, 'NOT_FOUND');
    assert.equal((await call('PUT', '/v1/studies')).status, 404);
  });

  test('wrong types name the offending field', async () => {
    const noName = await call('POST', '/v1/studies', { ...CREATE, name: 5 });
    assert.equal(noName.status, 400);
    assert.deepEqual(noName.body.error?.issues?.[0]?.path, ['name']);
    const extra = await call('POST', '/v1/studies', { ...CREATE, bogus: true });
    assert.equal(extra.status, 400);
    const id = (await call('POST', '/v1/studies', CREATE)).body.data.id as string;
    const count = await call('POST', `/v1/studies/${id}/ask`, { count: 'two' });
    assert.deepEqual(count.body.error?.issues?.[0]?.path, ['count']);
    const limit = await call('GET', '/v1/studies?limit=abc');
    assert.deepEqual(limit.body.error?.issues?.[0]?.path, ['limit']);
    const states = await call('GET', `/v1/studies/${id}/trials?states=done`);
    assert.deepEqual(states.body.error?.issues?.[0]?.path, ['states', 0]);
    const [t] = (await call('POST', `/v1/studies/${id}/ask`, {})).body.data.trials as { id: string }[];
    const value = await call('POST', `/v1/studies/${id}/trials/${t!.id}/tell`, { values: { loss: 'low' } });
    assert.deepEqual(value.body.error?.issues?.[0]?.path, ['values', 'loss']);
    const missing = await call('POST', `/v1/studies/${id}/trials/${t!.id}/tell`, { values: { acc: 1 } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error?.issues?.map((i) => i.path), [['values', 'loss'], ['values', 'acc']]);
    const outside = await call('POST', `/v1/studies/${id}/trials`, { params: { x1: 0, x2: 99 } });
    assert.deepEqual(outside.body.error?.issues?.[0]?.path, ['params', 'x2']);
    await call('POST', `/v1/studies/${id}/trials/${t!.id}/tell`, { values: { loss: 1 } });
    const conflict = await call('POST', `/v1/studies/${id}/trials/${t!.id}/tell`, { values: { loss: 2 } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error?.code, 'CONFLICT');
    const queued = (await call('POST', `/v1/studies/${id}/trials`, { params: { x1: 0, x2: 1 } })).body.data.id as string;
    const precondition = await call('POST', `/v1/studies/${id}/trials/${queued}/tell`, { values: { loss: 2 } });
    assert.equal(precondition.status, 412);
    const noTrial = await call('POST', `/v1/studies/${id}/trials/nope/heartbeat`);
    assert.equal(noTrial.status, 404);
  });
});

describe('REST regressions found by the e2e fuzz test', () => {
  let server: RunningServer;
  let call: ReturnType<typeof client>;
  let id: string;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent' });
    call = client(server.url);
    id = (await call('POST', '/v1/studies', CREATE)).body.data.id as string;
  });
  after(() => server.close());

  test('a malformed percent-encoded path is INVALID_ARGUMENT, not INTERNAL', async () => {
    const r = await call('GET', '/v1/studies/%E0%A4%A');
    assert.equal(r.status, 400);
    assert.equal(r.body.error?.code, 'INVALID_ARGUMENT');
  });

  test("an own '__proto__' key is refused instead of silently dropped by zod", async () => {
    const r = await call('POST', `/v1/studies/${id}/trials`, undefined, '{"params":{"x1":1,"x2":2,"__proto__":{"x1":3}}}');
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error?.issues?.[0]?.path, ['params', '__proto__']);
    const add = await call('POST', `/v1/studies/${id}/completed-trials`, undefined, '{"trials":[{"params":{"x1":1,"x2":2},"values":{"loss":1,"__proto__":{}}}]}');
    assert.deepEqual(add.body.error?.issues?.[0]?.path, ['trials', 0, 'values', '__proto__']);
    assert.equal((await call('GET', `/v1/studies/${id}/trials`)).body.data.length, 0, 'nothing stored');
  });

  test('keys that name Object.prototype members are unknown parameters and objectives', async () => {
    const c = await call('POST', `/v1/studies/${id}/trials`, { params: { x1: 1, x2: 2, constructor: 1 } });
    assert.deepEqual(c.body.error?.issues?.[0]?.path, ['params', 'constructor']);
    const v = await call('POST', `/v1/studies/${id}/completed-trials`, { trials: [{ params: { x1: 1, x2: 2 }, values: { loss: 1, toString: 2 } }] });
    assert.deepEqual(v.body.error?.issues?.[0]?.path, ['trials', 0, 'values', 'toString']);
  });
});

describe('REST with a token', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent', token: 's3cret' });
  });
  after(() => server.close());

  test('every call needs the bearer token', async () => {
    const none = await client(server.url)('GET', '/v1/health');
    assert.equal(none.status, 401);
    assert.equal(none.body.error?.code, 'UNAUTHENTICATED');
    const wrong = await client(server.url, 's3cre')('POST', '/v1/studies', CREATE);
    assert.equal(wrong.status, 401);
    const right = client(server.url, 's3cret');
    assert.equal((await right('GET', '/v1/health')).status, 200);
    assert.equal((await right('POST', '/v1/studies', CREATE)).body.ok, true);
    assert.equal((await client(server.url)('GET', '/v1/unknown')).status, 401, 'no route probing without the token');
  });
});

test('without a token the server refuses a non-loopback host', async () => {
  await assert.rejects(startServer({ port: 0, host: '0.0.0.0', storage: new MemoryStorage(), logLevel: 'silent' }), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION');
  const local = await startServer({ port: 0, host: 'localhost', storage: new MemoryStorage(), logLevel: 'silent' });
  assert.ok(local.port > 0);
  await local.close();
  await local.close();
});

test('the lease sweeper abandons expired trials without any request', async () => {
  const storage = new MemoryStorage();
  const server = await startServer({ port: 0, storage, logLevel: 'silent', leaseSeconds: 0.05, sweepIntervalMs: 20 });
  try {
    const call = client(server.url);
    const id = (await call('POST', '/v1/studies', CREATE)).body.data.id as string;
    assert.equal((await call('GET', `/v1/studies/${id}`)).body.data.leaseSeconds, 0.05);
    await call('POST', `/v1/studies/${id}/ask`, { count: 2 });
    const deadline = Date.now() + 5000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = (await storage.listTrials(id)).map((t) => t.state);
      if (states.every((s) => s === 'abandoned')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(states, ['abandoned', 'abandoned']);
  } finally {
    await server.close();
  }
});
