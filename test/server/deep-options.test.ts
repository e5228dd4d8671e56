/**
 * Regression tests of issue 14 item 7, "unvalidated nested options poison the socket": with
 * surrogate `none`, a `surrogateOptions` nested 3,000-4,000 deep was stored and afterwards
 * `study:list` / `study:get` timed out for every socket user with nothing logged (the ack failed
 * to encode and the ack wrapper swallowed the throw). Free-form fields are now bounded at the
 * wire, and a reply that cannot be sent is logged and answered INTERNAL on both transports.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import type { StoredStudy } from '../../server/storage/types.js';
import { createLogger } from '../../server/logger.js';
import { jsonBoundsIssue, OPTIONS_BOUNDS } from '../../protocol/json-bounds.js';

type AckBody = { ok: boolean; data?: any; error?: { code: string; message: string; retryable: boolean; issues?: { path: (string | number)[]; message: string }[] } };

/** Objects nested `depth` deep ({a: {a: ...}}), built without recursion. */
function deepObject(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

function open(url: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const SPACE = { x: { type: 'float', low: 0, high: 1 } };
const create = (extra: Record<string, unknown>) => ({ name: 'deep', space: SPACE, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' }, ...extra });

/** JSON text of {a: {a: ... 1}} `depth` deep (JSON.stringify itself overflows near 5,000 levels). */
function deepJson(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{"leaf":1}' + '}'.repeat(depth - 1);
}

async function rest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: AckBody }> {
  const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, body: text });
  return { status: res.status, body: (await res.json()) as AckBody };
}

describe('deep or oversized free-form fields are refused with their path; listing keeps working', () => {
  let server: RunningServer;
  let socket: Socket;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent' });
    socket = await open(server.url);
  });
  after(async () => {
    socket.close();
    await server.close();
  });

  // Beyond about 4,000 levels socket.io-client's own encoder overflows in the sender (the SDK
  // refuses such payloads before sending, test/sdk/preflight.test.ts): those go over REST only.
  const cases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['surrogateOptions 3,500 deep', create({ algorithm: { surrogate: 'none', surrogateOptions: deepObject(3500) } }), ['algorithm', 'surrogateOptions']],
    ['surrogateOptions 5,000 deep', create({ algorithm: { surrogate: 'none', surrogateOptions: '<deep>' } }), ['algorithm', 'surrogateOptions']],
    ['surrogateOptions 9 deep', create({ algorithm: { surrogate: 'none', surrogateOptions: deepObject(9) } }), ['algorithm', 'surrogateOptions', 'a']],
    ['surrogateOptions with 300 keys', create({ algorithm: { surrogate: 'none', surrogateOptions: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) } }), ['algorithm', 'surrogateOptions']],
    ['surrogateOptions over 64 KiB', create({ algorithm: { surrogate: 'none', surrogateOptions: { a: Array.from({ length: 30 }, () => 'x'.repeat(4000)) } } }), ['algorithm', 'surrogateOptions']],
    ['a 5,000-character option string', create({ algorithm: { surrogate: 'none', surrogateOptions: { s: 'x'.repeat(5000) } } }), ['algorithm', 'surrogateOptions', 's']],
  ];

  for (const [what, body, path] of cases) {
    test(`study:create with ${what}: INVALID_ARGUMENT at ${path.join('.')} on both transports`, async () => {
      if (!what.includes('5,000')) {
        const viaSocket = (await socket.timeout(10000).emitWithAck('study:create', body)) as AckBody;
        assert.equal(viaSocket.error?.code, 'INVALID_ARGUMENT', JSON.stringify(viaSocket.error));
        assert.deepEqual(viaSocket.error?.issues?.[0]?.path.slice(0, path.length), path);
      }
      const viaRest = await rest(server.url, 'POST', '/v1/studies', JSON.stringify(body).replace('"<deep>"', deepJson(5000)));
      assert.equal(viaRest.status, 400);
      assert.deepEqual(viaRest.body.error?.issues?.[0]?.path.slice(0, path.length), path);
    });
  }

  test('after deep creates, study:list and study:get still answer on the socket and over REST', async () => {
    // Surrogate 'none' takes only {} (its strict option schema), so the stored study has no free-form options.
    const ok = (await socket.timeout(10000).emitWithAck('study:create', create({ algorithm: { surrogate: 'none' } }))) as AckBody;
    assert.equal(ok.ok, true, JSON.stringify(ok.error));
    const listed = (await socket.timeout(10000).emitWithAck('study:list', {})) as AckBody;
    assert.equal(listed.ok, true);
    assert.equal(listed.data.length, 1, 'only the bounded study was stored');
    assert.equal(((await socket.timeout(10000).emitWithAck('study:get', { studyId: ok.data.id })) as AckBody).ok, true);
    assert.equal((await rest(server.url, 'GET', '/v1/studies')).body.data.length, 1);
  });

  test('deep params, deep metadata and many-keyed values are refused with their path', async () => {
    const id = ((await socket.timeout(10000).emitWithAck('study:create', create({}))) as AckBody).data.id as string;
    const enq = (await socket.timeout(10000).emitWithAck('trial:enqueue', { studyId: id, params: { x: deepObject(4000) } })) as AckBody;
    assert.deepEqual(enq.error?.issues?.[0]?.path.slice(0, 2), ['params', 'x']);
    const add = await rest(server.url, 'POST', `/v1/studies/${id}/completed-trials`, { trials: [{ params: { x: deepObject(4000) }, values: { y: 1 } }] });
    assert.equal(add.status, 400);
    assert.deepEqual(add.body.error?.issues?.[0]?.path.slice(0, 4), ['trials', 0, 'params', 'x']);
    const meta = await rest(server.url, 'POST', '/v1/studies', create({ metadata: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) }));
    assert.deepEqual(meta.body.error?.issues?.[0]?.path, ['metadata']);
  });
});

test('json bounds: nested 500,000 deep is one iterative pass, not a stack overflow', () => {
  let v: unknown = 1;
  for (let i = 0; i < 500_000; i++) v = [v];
  assert.match(jsonBoundsIssue(v, OPTIONS_BOUNDS)?.message ?? '', /deeper than 8/);
  assert.equal(jsonBoundsIssue({ a: [1, { b: 'c' }] }, OPTIONS_BOUNDS), undefined);
  assert.deepEqual(jsonBoundsIssue({ a: [1, { b: NaN }] }, OPTIONS_BOUNDS)?.path, ['a', 1, 'b']);
});

/** A storage whose stored study cannot be encoded (as an old database with a poisoned row would be). */
class PoisonedStorage extends MemoryStorage {
  override async listStudies(limit?: number): Promise<StoredStudy[]> {
    return (await super.listStudies(limit)).map((s) => ({ ...s, metadata: { bad: 1n as unknown as number } }));
  }
}

test('a reply that cannot be encoded is logged and answered INTERNAL (socket and REST), never swallowed', async () => {
  const lines: string[] = [];
  const server = await startServer({ port: 0, storage: new PoisonedStorage(), logger: createLogger('error', (l) => lines.push(l)) });
  const socket = await open(server.url);
  try {
    const id = ((await socket.timeout(10000).emitWithAck('study:create', create({}))) as AckBody).data.id as string;
    assert.equal(typeof id, 'string');
    const viaSocket = (await socket.timeout(10000).emitWithAck('study:list', {})) as AckBody;
    assert.equal(viaSocket.ok, false);
    assert.equal(viaSocket.error?.code, 'INTERNAL');
    assert.ok(lines.some((l) => /"event":"ack_failed"/.test(l)), 'the failed ack is logged');
    const viaRest = await rest(server.url, 'GET', '/v1/studies');
    assert.equal(viaRest.status, 500);
    assert.equal(viaRest.body.error?.code, 'INTERNAL');
    assert.ok(lines.some((l) => /"event":"reply_not_serialisable"/.test(l)), 'the failed REST reply is logged');
    assert.equal(((await socket.timeout(10000).emitWithAck('health', {})) as AckBody).ok, true, 'the socket still serves');
  } finally {
    socket.close();
    await server.close();
  }
});
