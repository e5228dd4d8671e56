/**
 * Regression tests of issue 14 item 6, "any web page can drive a local tokenless server": REST
 * writes need application/json, foreign Origins and DNS-rebinding Host headers are refused on
 * both transports, the server's own origin and --allow-origin entries are accepted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { checkOrigin, createOriginPolicy, parseAllowedOrigins } from '../../server/origin.js';

const CREATE = { name: 'o', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' } };
const ALLOWED = 'http://dash.example:5173';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTP request with exactly the given headers (fetch would not let a test set Host). */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const h = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port, method, path, headers: h }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function open(url: string, headers: Record<string, string>): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

const deniedWith = (code: string) => (e: Error & { data?: { code?: string } }) => e.data?.code === code;

describe('cross-origin and DNS-rebinding protection (loopback, no token)', () => {
  let server: RunningServer;
  let port: number;
  before(async () => {
    server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent', allowOrigins: [ALLOWED] });
    port = server.port;
  });
  after(() => server.close());

  const count = async () => (await raw(port, 'GET', '/v1/studies', {})).body.data.length as number;

  test('a text/plain POST (a cross-origin form or fetch without preflight) is 415 and creates nothing', async () => {
    const before = await count();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const r = await raw(port, 'POST', '/v1/studies', type === undefined ? {} : { 'content-type': type }, JSON.stringify(CREATE));
      assert.equal(r.status, 415, String(type));
      assert.equal(r.body.ok, false);
      assert.equal(r.body.error.code, 'INVALID_ARGUMENT');
      assert.equal(r.body.error.retryable, false);
      assert.match(r.body.error.message, /Content-Type: application\/json/);
    }
    assert.equal(await count(), before, 'no study was created');
    const ok = await raw(port, 'POST', '/v1/studies', { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(CREATE));
    assert.equal(ok.status, 200);
  });

  test('REST: a foreign Origin is 403 PERMISSION_DENIED; same-origin, no Origin and --allow-origin pass', async () => {
    const before = await count();
    const evil = await raw(port, 'POST', '/v1/studies', { 'content-type': 'application/json', origin: 'http://evil.example' }, JSON.stringify(CREATE));
    assert.equal(evil.status, 403);
    assert.equal(evil.body.error.code, 'PERMISSION_DENIED');
    assert.equal((await raw(port, 'GET', '/v1/studies', { origin: 'http://evil.example' })).status, 403, 'reads too');
    assert.equal((await raw(port, 'GET', '/v1/studies', { origin: 'null' })).status, 403, 'sandboxed pages and file://');
    assert.equal(await count(), before);
    const same = await raw(port, 'GET', '/v1/health', { origin: `http://127.0.0.1:${port}` });
    assert.equal(same.status, 200, 'the dashboard served at / is same-origin');
    const allowed = await raw(port, 'GET', '/v1/health', { origin: ALLOWED });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED);
    const preflight = await raw(port, 'OPTIONS', '/v1/studies', { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    assert.equal(preflight.status, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);
    const foreignPreflight = await raw(port, 'OPTIONS', '/v1/studies', { origin: 'http://evil.example', 'access-control-request-method': 'POST' });
    assert.equal(foreignPreflight.status, 403);
    assert.equal(foreignPreflight.headers['access-control-allow-origin'], undefined);
  });

  test('REST: a DNS-rebinding Host header is refused on a loopback bind', async () => {
    const rebound = await raw(port, 'GET', '/v1/studies', { host: `evil.example:${port}` });
    assert.equal(rebound.status, 403);
    assert.equal(rebound.body.error.code, 'PERMISSION_DENIED');
    assert.match(rebound.body.error.message, /DNS rebinding/);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', `dash.example:${port}`]) {
      assert.equal((await raw(port, 'GET', '/v1/health', { host })).status, 200, host);
    }
    assert.equal((await raw(port, 'GET', '/v1/health', { host: `localhost:${port + 1}` })).status, 403, 'wrong port');
  });

  test('socket.io: a foreign Origin or rebinding Host is refused at the handshake; same-origin and allowed pass', async () => {
    await assert.rejects(open(server.url, { origin: 'http://evil.example' }), deniedWith('PERMISSION_DENIED'));
    await assert.rejects(open(server.url, { host: `evil.example:${port}` }), deniedWith('PERMISSION_DENIED'));
    for (const headers of [{}, { origin: `http://127.0.0.1:${port}` }, { origin: ALLOWED }] as Record<string, string>[]) {
      const s = await open(server.url, headers);
      const reply = await s.timeout(5000).emitWithAck('study:list', {});
      assert.equal(reply.ok, true);
      s.close();
    }
  });
});

describe('origin policy units', () => {
  test('allow-list parsing normalises and refuses what is not an origin', () => {
    assert.deepEqual(parseAllowedOrigins('http://a.example:80/, https://B.example:8443'), ['http://a.example', 'https://b.example:8443']);
    assert.deepEqual(parseAllowedOrigins(undefined), []);
    assert.throws(() => parseAllowedOrigins('ftp://x'), /invalid origin/);
    assert.throws(() => parseAllowedOrigins('not an origin'), /invalid origin/);
  });

  test('a public bind skips the Host check but still checks Origin', () => {
    const p = createOriginPolicy('0.0.0.0');
    assert.equal(checkOrigin(p, { host: 'bo.example.org:7700' }, 7700), undefined);
    assert.equal(checkOrigin(p, { host: 'bo.example.org:7700', origin: 'http://bo.example.org:7700' }, 7700), undefined);
    assert.equal(checkOrigin(p, { host: 'bo.example.org:7700', origin: 'http://evil.example' }, 7700)?.code, 'PERMISSION_DENIED');
  });
});

test('socket.io with a token: the origin check comes first and names itself', async () => {
  const server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent', token: 'tok' });
  try {
    await assert.rejects(open(server.url, { origin: 'http://evil.example' }), deniedWith('PERMISSION_DENIED'));
  } finally {
    await server.close();
  }
});
