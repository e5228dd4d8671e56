/**
 * Issue 14 items 2 and 7 over both transports: what cannot run is refused at study:create with the
 * field path (REST and socket.io via the SDK), what runs as a named variant says so in the study
 * view, older studies still load, and every fallback reaches the SDK as a 'warning'.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import type { StoredStudy } from '../../server/storage/types.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { connect, SdkError, type Client, type SdkWarning } from '../../sdk/index.js';
import { tempDir } from './harness.js';

interface Reply {
  status: number;
  body: { ok: boolean; data?: any; error?: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };
}

async function post(base: string, path: string, body: unknown): Promise<Reply> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

const PLAIN = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } as const;
/** 9 encoded dimensions (a categorical counts one per choice): over the PFN's trained 8. */
const NINE = { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } } as const;
const FIDELITY = {
  mix: { type: 'simplex', components: ['a', 'b', 'c'] },
  size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'large', cost: 1 }] },
} as const;

function create(space: unknown, algorithm: unknown) {
  return { name: 'eff', space, objectives: { loss: 'minimize' }, algorithm };
}

describe('effective algorithm over REST and socket.io', () => {
  let server: RunningServer;
  let client: Client;
  const storage = new MemoryStorage();
  /** Refused over REST (status, code, path) and over the SDK (SdkError with the same code and path). */
  async function refusedBoth(body: ReturnType<typeof create>, code: string, path: (string | number)[], status = 400, on: { server: RunningServer; client: typeof client } = { server, client }): Promise<string> {
    const rest = await post(on.server.url, '/v1/studies', body);
    assert.equal(rest.status, status, JSON.stringify(rest.body));
    assert.equal(rest.body.error?.code, code);
    assert.deepEqual(rest.body.error?.issues?.[0]?.path, path);
    await assert.rejects(on.client.createStudy(body as never), (e: unknown) => {
      assert.ok(e instanceof SdkError, String(e));
      assert.equal(e.code, code, e.message);
      assert.deepEqual(e.issues[0]?.path, path);
      return true;
    });
    return rest.body.error!.message;
  }

  before(async () => {
    server = await startServer({ port: 0, storage, logLevel: 'silent' });
    client = await connect(server.url);
  });
  after(async () => {
    client.close();
    await server.close();
  });

  test('a pfn study over 8 dimensions is refused at create, not Sobol forever', async () => {
    const message = await refusedBoth(create(NINE, { surrogate: 'pfn' }), 'INVALID_ARGUMENT', ['algorithm', 'surrogate']);
    assert.match(message, /at most 8 encoded dimensions/);
    assert.equal((await client.listStudies()).length, 0, 'nothing stored');
    const ok = await client.createStudy({ ...create(PLAIN, { surrogate: 'pfn' }) } as never);
    assert.deepEqual({ ...ok.info.effectiveAlgorithm, backend: undefined }, { policy: 'bo', surrogate: 'pfn', acquisition: 'log-ei', backend: undefined, trustRegion: 'off', outputTransform: 'yeo-johnson', limits: { maxDim: 8 } });
    assert.equal(typeof ok.info.effectiveAlgorithm?.backend, 'string', 'the tensor backend that loaded is named');
    await ok.delete();
  });

  test('ucb on a space with a fidelity parameter is refused at create, not run as MF-MES', async () => {
    const message = await refusedBoth(create(FIDELITY, { acquisition: 'ucb' }), 'INVALID_ARGUMENT', ['algorithm', 'acquisition']);
    assert.match(message, /ucb is not available with a fidelity parameter; use mf-mes or cost-ei/);
    await refusedBoth(create(FIDELITY, { surrogate: 'dkl' }), 'INVALID_ARGUMENT', ['algorithm', 'surrogate']);
  });

  test('qlognei on the pfn is refused at create, not silently run as LogEI', async () => {
    await refusedBoth(create(PLAIN, { surrogate: 'pfn', acquisition: 'qlognei' }), 'INVALID_ARGUMENT', ['algorithm', 'acquisition']);
  });

  test('gp with a fidelity parameter is created as the named variant mf-gp, shown by create, get and list', async () => {
    const study = await client.createStudy(create(FIDELITY, { surrogate: 'gp', seed: 2 }) as never);
    const eff = study.info.effectiveAlgorithm!;
    assert.equal(eff.policy, 'multi-fidelity');
    assert.equal(eff.surrogate, 'mf-gp');
    assert.equal(eff.acquisition, 'mf-mes');
    assert.ok(eff.notes?.some((n) => /mf-gp/.test(n)));
    assert.deepEqual((await study.refresh()).effectiveAlgorithm, eff);
    const listed = await fetch(`${server.url}/v1/studies`).then((r) => r.json() as Promise<Reply['body']>);
    assert.deepEqual(listed.data.find((s: { id: string }) => s.id === study.id).effectiveAlgorithm, eff);
    await study.delete();
  });

  test('unknown surrogateOptions are refused at create with their path, for every surrogate; none accepts only {}', async () => {
    for (const surrogate of ['gp', 'nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'pfn', 'deep-ensemble', 'bnn-sghmc', 'none']) {
      const rest = await post(server.url, '/v1/studies', create(PLAIN, { surrogate, surrogateOptions: { bogus: 1 } }));
      assert.equal(rest.status, 400, surrogate);
      assert.deepEqual(rest.body.error?.issues?.[0]?.path, ['algorithm', 'surrogateOptions', 'bogus'], surrogate);
    }
    await refusedBoth(create(PLAIN, { surrogate: 'none', surrogateOptions: { a: { a: { a: 1 } } } }), 'INVALID_ARGUMENT', ['algorithm', 'surrogateOptions', 'a']);
    await refusedBoth(create(PLAIN, { surrogate: 'gp', surrogateOptions: { kernel: 'cosine' } }), 'INVALID_ARGUMENT', ['algorithm', 'surrogateOptions', 'kernel']);
    const none = await client.createStudy(create(PLAIN, { surrogate: 'none', surrogateOptions: {} }) as never);
    assert.equal(none.info.effectiveAlgorithm?.policy, 'space-filling');
    await none.delete();
  });

  test('a dkl study with a BO_TF_BACKEND that cannot load is refused at create (FAILED_PRECONDITION), not Sobol on every ask', async () => {
    const saved = process.env.BO_TF_BACKEND;
    process.env.BO_TF_BACKEND = 'no-such-backend';
    // A server of its own: the probe runs in its compute workers, which take the environment when they start.
    const own = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent' });
    const ownClient = await connect(own.url);
    try {
      const message = await refusedBoth(create(PLAIN, { surrogate: 'dkl' }), 'FAILED_PRECONDITION', ['algorithm', 'surrogate'], 412, { server: own, client: ownClient });
      assert.match(message, /TensorFlow\.js backend/);
      // The float64 engine needs no backend: it is created.
      const js = await ownClient.createStudy(create(PLAIN, { surrogate: 'dkl', surrogateOptions: { engine: 'js' } }) as never);
      assert.equal(js.info.effectiveAlgorithm?.backend, undefined);
      await js.delete();
    } finally {
      ownClient.close();
      await own.close();
      if (saved === undefined) delete process.env.BO_TF_BACKEND;
      else process.env.BO_TF_BACKEND = saved;
    }
  });

  test('a study stored before the effective algorithm still loads; when it cannot run its asks fall back, and the SDK warns with the reason', async () => {
    const legacy = (id: string, space: StoredStudy['space'], algorithm: unknown): StoredStudy => ({
      id,
      name: id,
      space,
      objectives: { loss: 'minimize' },
      algorithm: AlgorithmSpec.parse(algorithm),
      leaseSeconds: 60,
      metadata: {},
      createdAt: new Date(0).toISOString(),
    });
    // Never ran: mf-mes without a fidelity parameter (every model ask fell back before).
    await storage.createStudy(legacy('legacy-broken', { x: { type: 'float', low: 0, high: 1 } }, { acquisition: 'mf-mes', seed: 1 }));
    // Ran as the MF-GP with MF-MES all along: still does, now named.
    await storage.createStudy(legacy('legacy-mf', FIDELITY as never, { surrogate: 'dkl', acquisition: 'ucb', seed: 1 }));

    const mf = await client.getStudy('legacy-mf');
    assert.equal(mf.info.effectiveAlgorithm?.surrogate, 'mf-gp');
    assert.equal(mf.info.effectiveAlgorithm?.acquisition, 'mf-mes');
    assert.ok((mf.info.effectiveAlgorithm?.notes?.length ?? 0) >= 2, 'the old substitutions are named');

    const broken = await client.getStudy('legacy-broken');
    assert.equal(broken.info.effectiveAlgorithm, undefined, 'no effective algorithm: it cannot run');
    const onStudy: SdkWarning[] = [];
    const onClient: SdkWarning[] = [];
    await broken.on('warning', (w) => onStudy.push(w));
    const off = client.on('warning', (w) => onClient.push(w));
    const trials = await broken.ask(2);
    off();
    assert.deepEqual(trials.map((t) => t.diagnostics?.phase), ['fallback', 'fallback']);
    assert.equal(onStudy.length, 2);
    assert.equal(onClient.length, 2);
    assert.equal(onStudy[0]!.kind, 'fallback');
    assert.match(onStudy[0]!.reason, /mf-mes needs a fidelity parameter/);
    const rest = await post(server.url, '/v1/studies/legacy-broken/ask', { count: 1 });
    assert.equal(rest.body.data.trials[0].diagnostics.phase, 'fallback');
    assert.match(rest.body.data.trials[0].diagnostics.fallbackReason, /mf-mes needs a fidelity parameter/);
  });
});

test('the effective algorithm is stored with the study and survives a restart (sqlite)', async () => {
  const tmp = tempDir('bo-eff-');
  try {
    const storageUrl = `sqlite:${tmp.dir}/bo.sqlite`;
    let server = await startServer({ port: 0, storageUrl, logLevel: 'silent' });
    const created = await post(server.url, '/v1/studies', create(FIDELITY, { seed: 4 }));
    assert.equal(created.status, 200);
    const eff = created.body.data.effectiveAlgorithm;
    assert.equal(eff.surrogate, 'mf-gp');
    assert.equal(created.body.data.algorithm.$effective, undefined, 'the algorithm spec is shown as given');
    await server.close();
    server = await startServer({ port: 0, storageUrl, logLevel: 'silent' });
    try {
      const got = (await fetch(`${server.url}/v1/studies/${created.body.data.id}`).then((r) => r.json())) as Reply['body'];
      assert.deepEqual(got.data.effectiveAlgorithm, eff);
      assert.deepEqual(got.data.algorithm, created.body.data.algorithm);
    } finally {
      await server.close();
    }
  } finally {
    tmp.remove();
  }
});
