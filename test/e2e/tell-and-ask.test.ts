/**
 * trial:tell with `next` (one round trip: tell, then ask) against the real server and the TS SDK.
 * The reference is the ordinary loop: the same study (same seed, same objective) driven by
 * separate ask and tell calls must end with the same stored trials (numbers, params, values,
 * states, phases), for Sobol and for a GP (model phase). Also: a retried pair (same request ids,
 * over REST) answers the same trials and stores the tell once; a bad `next` is INVALID_ARGUMENT at
 * its path and stores nothing; an ask half that fails answers its error in `next` with the tell stored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Client } from '../../sdk/index.js';
import { startTestServer, type TestServer } from './harness.js';

type P = { x: number; y: number };
const objective = (p: P) => (p.x - 0.3) ** 2 + 2 * (p.y + 0.1) ** 2;
const space = { x: { type: 'float' as const, low: -1, high: 1 }, y: { type: 'float' as const, low: -1, high: 1 } };

describe('tell-and-ask', () => {
  let server: TestServer;
  let client: Client;
  before(async () => {
    server = await startTestServer({ storageUrl: 'memory:' });
    client = await connect(server.url, { clientId: 'tell-and-ask' });
  });
  after(async () => {
    client?.close();
    await server?.close();
  });

  /** The stored trials' comparable content, in number order. */
  async function stored(studyId: string) {
    const h = await client.getStudy<P>(studyId);
    return (await h.trials()).map((t) => ({ number: t.number, state: t.state, params: t.params, values: t.values, phase: t.diagnostics?.phase }));
  }

  for (const [label, algorithm, n] of [
    ['sobol', { surrogate: 'none' as const, seed: 3 }, 12],
    ['gp', { surrogate: 'gp' as const, acquisition: 'log-ei' as const, initialTrials: 4, seed: 3 }, 7],
  ] as const) {
    it(`${label}: the one-round-trip loop stores the same trials as separate ask and tell`, async () => {
      const separate = await client.createStudy({ name: `sep-${label}`, space, objectives: { f: 'minimize' }, algorithm });
      for (let i = 0; i < n; i++) {
        const [t] = await separate.ask();
        await separate.tell(t!.id, { f: objective(t!.params) });
      }
      const paired = await client.createStudy({ name: `pair-${label}`, space, objectives: { f: 'minimize' }, algorithm });
      let [t] = await paired.ask();
      for (let i = 1; i < n; i++) {
        const { told, next } = await paired.tellAndAsk(t!.id, { f: objective(t!.params) });
        assert.equal(told.id, t!.id);
        assert.equal(told.state, 'completed');
        assert.equal(next.length, 1);
        t = next[0];
      }
      await paired.tell(t!.id, { f: objective(t!.params) });
      const a = await stored(separate.id);
      const b = await stored(paired.id);
      assert.equal(a.length, n);
      assert.deepEqual(b, a);
      if (label === 'gp') assert.ok(a.some((x) => x.phase === 'model'), 'the GP reached its model phase');
    });
  }

  it('a retried pair answers the same trials and stores the tell once (REST)', async () => {
    const study = await client.createStudy({ name: 'retry', space, objectives: { f: 'minimize' }, algorithm: { surrogate: 'none', seed: 1 } });
    const [t] = await study.ask();
    const body = { values: { f: 1.5 }, requestId: 'tell-1', next: { count: 2, requestId: 'ask-1', clientId: 'c1' } };
    const post = async () => (await fetch(`${server.url}/v1/studies/${study.id}/trials/${t!.id}/tell`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ ok: boolean; data: { id: string; state: string; next: { trials: { id: string }[] } } }>;
    const first = await post();
    const second = await post();
    assert.equal(first.ok, true);
    assert.equal(first.data.state, 'completed');
    assert.equal(first.data.next.trials.length, 2);
    assert.deepEqual(second.data.next.trials.map((x) => x.id), first.data.next.trials.map((x) => x.id));
    const trials = await study.trials();
    assert.equal(trials.length, 3, 'one told trial and the two asked ones, nothing twice');
    assert.deepEqual(trials.map((x) => x.state), ['completed', 'running', 'running']);
  });

  it('a bad next is INVALID_ARGUMENT at its path and stores nothing; a failed ask half answers its error with the tell stored', async () => {
    const study = await client.createStudy({ name: 'errors', space: { k: { type: 'int', low: 0, high: 1 } }, objectives: { f: 'minimize' }, algorithm: { surrogate: 'none', seed: 1 } });
    const [a, b] = await study.ask(2);
    const bad = (await (await fetch(`${server.url}/v1/studies/${study.id}/trials/${a!.id}/tell`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ values: { f: 1 }, next: { count: 0, requestId: 'r' } }) })).json()) as { ok: boolean; error: { code: string; issues: { path: (string | number)[] }[] } };
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, 'INVALID_ARGUMENT');
    assert.deepEqual(bad.error.issues[0]!.path, ['next', 'count']);
    assert.equal((await study.trials()).find((x) => x.id === a!.id)!.state, 'running', 'the refused request stored nothing');
    // Both points of the finite space are taken (one completed, one running): the ask half fails, the tell holds.
    await assert.rejects(study.tellAndAsk(a!.id, { f: 1 }), (e: unknown) => (e as { code?: string }).code === 'FAILED_PRECONDITION' && /was told/.test((e as Error).message));
    const after = await study.trials();
    assert.equal(after.find((x) => x.id === a!.id)!.state, 'completed');
    assert.equal(after.find((x) => x.id === b!.id)!.state, 'running');
    assert.equal(after.length, 2);
  });
});
