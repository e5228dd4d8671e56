/**
 * server/dashboard.ts and the study:slices route over REST: the page is served at `/` without a
 * token (public code, with a CSP), every data route still needs the token, a foreign Origin gets
 * nothing, and GET /v1/studies/:id/slices answers the model's slices (here in-thread, compute
 * workers off; the compute-plane path runs in test/e2e/dashboard.test.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../e2e/harness.js';

const TOKEN = 'route-test-token-0123456';
let server: TestServer;
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

before(async () => {
  server = await startTestServer({ token: TOKEN, server: { computeWorkers: 0 } });
});
after(() => server.close());

test('GET / and the script are served without a token, byte for byte the committed build, with a CSP', async () => {
  const page = await fetch(server.url + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
  assert.equal(await page.text(), readFileSync('dashboard/dist/index.html', 'utf8'));
  const js = await fetch(server.url + '/app.js');
  assert.match(js.headers.get('content-type')!, /javascript/);
  assert.ok(Buffer.from(await js.arrayBuffer()).equals(readFileSync('dashboard/dist/app.js')));
});

test('data routes still need the token; a foreign Origin gets nothing, not even the page', async () => {
  assert.equal((await fetch(server.url + '/v1/studies')).status, 401);
  assert.equal((await fetch(server.url + '/v1/studies/x/slices', { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await fetch(server.url + '/', { headers: { origin: 'http://evil.example' } })).status, 403);
  assert.equal((await fetch(server.url + '/nope.js')).status, 401, 'only the dashboard files are public');
});

test('GET /v1/studies/:id/slices: FAILED_PRECONDITION without data, then slices through the best trial', async () => {
  const create = await fetch(server.url + '/v1/studies', { method: 'POST', headers: auth, body: JSON.stringify({ name: 's', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'gp', seed: 1 } }) });
  const id = ((await create.json()) as { data: { id: string } }).data.id;
  const early = await fetch(`${server.url}/v1/studies/${id}/slices`, { headers: auth });
  assert.equal(early.status, 412);
  const xs = [0, 0.25, 0.5, 0.75, 1];
  await fetch(`${server.url}/v1/studies/${id}/completed-trials`, { method: 'POST', headers: auth, body: JSON.stringify({ trials: xs.map((x) => ({ params: { x }, values: { y: (x - 0.6) ** 2 } })) }) });
  const r = await fetch(`${server.url}/v1/studies/${id}/slices`, { headers: auth });
  assert.equal(r.status, 200);
  const data = ((await r.json()) as { data: import('../../protocol/slices.js').StudySlices }).data;
  assert.deepEqual(data.incumbent.params, { x: 0.5 }, 'the best observed trial (closest to 0.6)');
  assert.equal(data.incumbent.value, (0.5 - 0.6) ** 2);
  assert.ok(data.atIncumbent.lower - 1e-3 <= data.incumbent.value && data.incumbent.value <= data.atIncumbent.upper + 1e-3);
  assert.deepEqual(data.slices.map((s) => s.param), ['x']);
  assert.deepEqual(data.importance, [{ param: 'x', value: data.importance[0]!.value }]);
  assert.ok(data.importance[0]!.value > 0.9, 'the only parameter carries the variance');
});
