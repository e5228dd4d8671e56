import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../../server/app.js';
import { MemoryStorage } from '../../../server/storage/memory-storage.js';

test('REST: a full compute queue answers 503 UNAVAILABLE retryable with a Retry-After header', async (t) => {
  // computeQueue 0: no job may wait, so the first model-phase ask already finds the queue full.
  const server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent', computeWorkers: 1, computeQueue: 0 });
  t.after(() => server.close());
  const post = (path: string, body: unknown) => fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const created = (await (await post('/v1/studies', { name: 'q', space: { a: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'gp', initialTrials: 2 } })).json()) as { data: { id: string } };
  const id = created.data.id;
  await post(`/v1/studies/${id}/completed-trials`, { trials: [0.1, 0.5, 0.9].map((a) => ({ params: { a }, values: { y: a * a } })) });
  const res = await post(`/v1/studies/${id}/ask`, {});
  assert.equal(res.status, 503);
  const body = (await res.json()) as { ok: boolean; error: { code: string; retryable: boolean; retryAfterMs: number } };
  assert.equal(body.error.code, 'UNAVAILABLE');
  assert.equal(body.error.retryable, true);
  assert.ok(body.error.retryAfterMs > 0);
  assert.equal(res.headers.get('retry-after'), String(Math.ceil(body.error.retryAfterMs / 1000)));
  const trials = (await (await fetch(`${server.url}/v1/studies/${id}/trials?states=running`)).json()) as { data: unknown[] };
  assert.deepEqual(trials.data, [], 'a refused ask commits nothing');
});
