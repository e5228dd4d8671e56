/**
 * Fuzz of both transports with >= 10,000 seeded hostile messages (fuzz-gen.ts): the server must
 * stay up, answer every message with a well-formed error envelope {ok:false, error:{code, message,
 * retryable}} (issues naming the bad field where one field was bad; HTTP status = the code's),
 * refuse everything before auth, and leave a seeded study's export byte-identical. Issue 14's
 * cases are part of the mix: request ids reused on finished trials, cross-origin and
 * DNS-rebinding requests (both transports), non-JSON writes, free-form fields nested deep or too
 * large, oversized bodies (413) and non-finite numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { connect } from '../../sdk/index.js';
import { createRng, type Rng } from '../../core/rng.js';
import { ERROR_CODES } from '../../protocol/errors.js';
import { restMessage, socketMessage, type Expect, type RestMsg, type SocketMsg, type Target } from './fuzz-gen.js';
import { startTestServer, tempDir } from './harness.js';

const TOKEN = 'fuzz-token';
const SOCKET_MESSAGES = 6500;
const REST_MESSAGES = 3500;

/** Checks one reply against the envelope rules; returns a problem description or null. */
function check(reply: unknown, expect: Expect, status?: number): string | null {
  const r = reply as { ok?: unknown; error?: { code?: unknown; message?: unknown; retryable?: unknown; issues?: unknown } };
  if (typeof r !== 'object' || r === null || r.ok !== false || typeof r.error !== 'object' || r.error === null) return `not an error envelope: ${JSON.stringify(reply)?.slice(0, 200)}`;
  const { code, message, retryable, issues } = r.error;
  if (typeof code !== 'string' || !(code in ERROR_CODES)) return `unknown code ${String(code)}`;
  const spec = ERROR_CODES[code as keyof typeof ERROR_CODES];
  if (typeof message !== 'string' || message.length === 0) return 'no message';
  if (retryable !== spec.retryable) return `retryable=${String(retryable)} for ${code}`;
  if (status !== undefined && status !== (expect.status ?? spec.http)) return `HTTP ${status} for ${code}`;
  if (!expect.codes.includes(code as never)) return `code ${code} (${message.slice(0, 120)}), expected ${expect.codes.join('|')}`;
  if (issues !== undefined && (!Array.isArray(issues) || !issues.every((i) => Array.isArray(i?.path) && typeof i?.message === 'string'))) return 'malformed issues';
  if (expect.path) {
    const want = expect.path;
    const hit = Array.isArray(issues) && issues.some((i: { path: unknown[] }) => want.every((p, k) => i.path[k] === p));
    if (!hit) return `no issue under ${JSON.stringify(want)}: ${JSON.stringify(issues)?.slice(0, 200)}`;
  }
  return null;
}

function openSocket(url: string, token?: string, headers?: Record<string, string>): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], auth: token ? { token } : {}, reconnection: false, forceNew: true, ...(headers ? { extraHeaders: headers } : {}) });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });
}

/** Sends one socket message and resolves with its ack (or a timeout marker). */
function sendSocket(s: Socket, m: SocketMsg): Promise<unknown> {
  return new Promise((resolve) => {
    const ack = (err: Error | null, reply?: unknown) => resolve(err ? { timeout: err.message } : reply);
    if (m.noPayload) s.timeout(5000).emit(m.event, ack);
    else s.timeout(5000).emit(m.event, m.payload, ack);
  });
}

/** Sends one REST request over a keep-alive agent (node:http costs a third of fetch per request here). */
function sendRest(url: string, agent: Agent, m: RestMsg): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    // An explicit length: node sends a DELETE body without one, which the server would read as the next request.
    const headers = m.body === undefined ? m.headers : { ...m.headers, 'content-length': String(Buffer.byteLength(m.body)) };
    const req = request(url + m.path, { method: m.method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode!, body: text.slice(0, 200) });
        }
      });
    });
    // A server may cut an oversized upload short after answering; that is a refusal, not a crash.
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, body: { transportError: e.code ?? e.message } }));
    req.end(m.body);
  });
}

/** Runs `count` jobs with `width` in flight; the first failure stops every lane (no job keeps running after). */
async function pool(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        try {
          await job(next++);
        } catch (e) {
          next = count;
          throw e;
        }
      }
    }),
  );
}

test('>= 10,000 hostile messages: the server stays up, every reply is a proper error, stored data is unchanged', { timeout: 300_000 }, async (t) => {
  const tmp = tempDir('bo-fuzz-');
  t.after(() => tmp.remove());
  const server = await startTestServer({ storageUrl: `sqlite:${join(tmp.dir, 'fuzz.sqlite')}`, token: TOKEN });
  t.after(() => server.close());
  const sockets: Socket[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  t.after(() => agent.destroy());
  const client = await connect(server.url, { token: TOKEN });
  try {
    // The seeded study: completed trials from addTrials and one failed trial; nothing running.
    const study = await client.createStudy({
      name: 'fuzz-target',
      space: { x: { type: 'float', low: 0, high: 1 }, n: { type: 'int', low: 0, high: 5 }, c: { type: 'categorical', choices: ['a', 'b'] }, m: { type: 'simplex', components: ['p', 'q'] } },
      objectives: { y: 'minimize' },
      algorithm: { surrogate: 'none', seed: 5 },
    });
    const added = await study.addTrials([0.1, 0.5, 0.9].map((x, i) => ({ params: { x, n: i, c: 'a' as const, m: { p: x, q: 1 - x } }, values: { y: x * 2 } })));
    const [asked] = await study.ask();
    await study.fail(asked!.id, 'seeded failure');
    const target: Target = { studyId: study.id, completedTrialId: added[0]!.id, failedTrialId: asked!.id };
    const exportUrl = `${server.url}/v1/studies/${study.id}/export?format=json`;
    const snapshot = async () => (await fetch(exportUrl, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const before = await snapshot();
    const studiesBefore = (await client.listStudies()).map((s) => s.id);

    const problems: string[] = [];
    const note = (kind: string, what: string) => problems.length < 40 && problems.push(`[${kind}] ${what}`);
    const rng: Rng = createRng(20261128);
    const socketMsgs = Array.from({ length: SOCKET_MESSAGES }, () => socketMessage(rng, target));
    const restMsgs = Array.from({ length: REST_MESSAGES }, () => restMessage(rng, target, TOKEN));
    for (let i = 0; i < 4; i++) sockets.push(await openSocket(server.url, TOKEN));

    const t0 = Date.now();
    await Promise.all([
      pool(socketMsgs.length, 64, async (i) => {
        const m = socketMsgs[i]!;
        const s = sockets[i % sockets.length]!;
        const reply = await sendSocket(s, m);
        const p = check(reply, m.expect);
        if (p) note(m.expect.kind, `socket ${m.event.slice(0, 40)} ${JSON.stringify(m.payload)?.slice(0, 160)}: ${p}`);
      }),
      pool(restMsgs.length, 32, async (i) => {
        const m = restMsgs[i]!;
        const { status, body } = await sendRest(server.url, agent, m);
        const cut = status === 0 && m.expect.kind === 'oversized' && /ECONNRESET|EPIPE/.test(String((body as { transportError?: string }).transportError));
        const p = cut ? null : check(body, m.expect, status);
        if (p) note(m.expect.kind, `${m.method} ${m.path.slice(0, 100)} ${m.body?.slice(0, 120) ?? ''}: ${p}`);
      }),
    ]);
    const elapsed = Date.now() - t0;

    // Before auth: sockets without (or with a wrong) token are refused with UNAUTHENTICATED.
    for (let i = 0; i < 20; i++) {
      const err = await openSocket(server.url, i % 2 ? 'wrong' : undefined).then(
        (s) => (s.close(), null),
        (e: Error & { data?: unknown }) => e,
      );
      const p = err ? check({ ok: false, error: err.data }, { codes: ['UNAUTHENTICATED'], kind: 'socket-no-auth' }) : 'connected without a valid token';
      if (p) note('socket-no-auth', p);
    }
    // Cross-origin pages and DNS-rebinding names are refused at the handshake, even with the token.
    for (let i = 0; i < 10; i++) {
      const headers: Record<string, string> = i % 2 ? { origin: 'http://evil.example' } : { host: `evil.example:${server.port}` };
      const err = await openSocket(server.url, TOKEN, headers).then(
        (s) => (s.close(), null),
        (e: Error & { data?: unknown }) => e,
      );
      const p = err ? check({ ok: false, error: err.data }, { codes: ['PERMISSION_DENIED'], kind: 'socket-cross-origin' }) : `connected with ${JSON.stringify(headers)}`;
      if (p) note('socket-cross-origin', p);
    }
    // Oversized socket messages (> 1 MB) drop that connection; the server lives on.
    for (let i = 0; i < 3; i++) {
      const s = await openSocket(server.url, TOKEN);
      const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
      s.emit('trial:ask', { studyId: study.id, pad: 'x'.repeat(1_100_000) }, () => note('oversized', 'an oversized socket message was answered'));
      assert.match(await closed, /transport (close|error)/);
      s.close();
    }

    const health = await client.health();
    assert.equal(typeof health.version, 'string');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
    assert.deepEqual(problems, [], `${problems.length}+ problems`);
    assert.equal(await snapshot(), before, 'the seeded study changed');
    assert.deepEqual((await client.listStudies()).map((s) => s.id), studiesBefore, 'a hostile message created a study');
    const total = SOCKET_MESSAGES + REST_MESSAGES + 33;
    assert.ok(total >= 10000);
    console.log(`# fuzz: ${total} messages in ${elapsed} ms`);
  } finally {
    for (const s of sockets) s.close();
    agent.destroy();
    client.close();
    await server.close();
    tmp.remove();
  }
});
