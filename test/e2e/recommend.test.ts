/**
 * Issue 14 item 3: study.best() returned a cheap-fidelity trial over a target-level one. best now
 * ranks target-level trials only; study:recommend (REST, socket.io, SDK) answers the model's
 * posterior-mean optimum at the target fidelity with its prediction and interval.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, SdkError, type Client } from '../../sdk/index.js';
import { startTestServer, type TestServer } from './harness.js';
import { restCaller, socketCaller, type Call } from './wire.js';

const MF = {
  name: 'mf',
  space: { x: { type: 'float', low: 0, high: 1 }, size: { type: 'fidelity', levels: [{ value: '1b', cost: 1 }, { value: '7b', cost: 8 }] } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'none', seed: 9 },
};
const loss = (x: number, size: string) => (x - 0.6) ** 2 + (size === '1b' ? 0.5 : 0);

let server: TestServer;
let sock: Awaited<ReturnType<typeof socketCaller>>;
let client: Client;
before(async () => {
  server = await startTestServer();
  sock = await socketCaller(server.url);
  client = await connect(server.url, { clientId: 'rec' });
});
after(async () => {
  sock.close();
  client.close();
  await server.close();
});

for (const transport of ['rest', 'socket'] as const) describe(`best and recommend over ${transport}`, () => {
  let call: Call;
  before(() => {
    call = transport === 'rest' ? restCaller(server.url) : sock.call;
  });

  test('best ignores cheap-fidelity trials: a better 1b value does not beat a 7b trial', async () => {
    const id = (await call('study:create', MF)).data.id;
    const add = (x: number, size: string, value: number) => call('trial:add', { studyId: id, trials: [{ params: { x, size }, values: { loss: value } }] });
    await add(0.6, '1b', -5);
    const none = await call('trial:best', { studyId: id });
    assert.deepEqual(none, { ok: true, data: null }, 'no target-level trial yet: null, not the 1b trial');
    await add(0.1, '7b', 3);
    await add(0.3, '1b', -9);
    const best = await call('trial:best', { studyId: id });
    assert.deepEqual([best.data.params, best.data.values], [{ x: 0.1, size: '7b' }, { loss: 3 }]);
  });

  test('recommend answers the posterior-mean optimum at the target fidelity with a prediction and interval', async () => {
    const id = (await call('study:create', MF)).data.id;
    const early = await call('study:recommend', { studyId: id });
    assert.equal(early.error?.code, 'FAILED_PRECONDITION');
    const trials = [0, 0.2, 0.4, 0.6, 0.8, 1].flatMap((x) => [{ params: { x, size: '1b' }, values: { loss: loss(x, '1b') } }]);
    trials.push(...[0.1, 0.5, 0.9].map((x) => ({ params: { x, size: '7b' }, values: { loss: loss(x, '7b') } })));
    assert.equal((await call('trial:add', { studyId: id, trials })).ok, true);
    const r = await call('study:recommend', { studyId: id });
    assert.equal(r.ok, true, JSON.stringify(r));
    const rec = r.data;
    assert.equal(rec.params.size, '7b');
    assert.deepEqual(rec.fidelity, { name: 'size', value: '7b' });
    assert.deepEqual([rec.objective, rec.direction, rec.interval.level, rec.model.kind, rec.model.observations], ['loss', 'minimize', 0.95, 'mf-gp', 9]);
    assert.ok(rec.interval.lower <= rec.predicted && rec.predicted <= rec.interval.upper);
    // Tolerance: 3 target points and 6 correlated proxies of a quadratic with optimum 0.6.
    assert.ok(Math.abs(rec.params.x - 0.6) < 0.2, `x = ${rec.params.x}`);
  });
});

test('study.recommend() through the SDK, and its FAILED_PRECONDITION before enough data', async () => {
  const study = await client.createStudy({ name: 'sdk-rec', space: { x: { type: 'float', low: -1, high: 1 } }, objectives: { y: 'maximize' }, algorithm: { surrogate: 'gp', seed: 2 } });
  await assert.rejects(study.recommend(), (e: unknown) => e instanceof SdkError && e.code === 'FAILED_PRECONDITION');
  await study.addTrials([-1, -0.5, 0, 0.5, 1].map((x) => ({ params: { x }, values: { y: 1 - x * x } })));
  const rec = await study.recommend();
  assert.ok(Math.abs(rec.params.x) < 0.15, `x = ${rec.params.x}`);
  assert.ok(rec.interval.lower <= rec.predicted && rec.predicted <= rec.interval.upper);
  assert.ok(Math.abs(rec.predicted - 1) < 0.2, `predicted ${rec.predicted}`);
  assert.equal(rec.fidelity, undefined);
});
