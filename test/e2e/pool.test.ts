/**
 * Pool mode through the real server and SDK: a study created with a pool (rows as params objects,
 * sent column-wise by the SDK) hands out only pool rows, never one completed or pending at the
 * same level, with the pool row number in each trial's diagnostics; an exhausted pool answers
 * FAILED_PRECONDITION (HTTP 412 on REST), a bad pool INVALID_ARGUMENT naming the cell; a
 * 2,000-row pool with 19 weights keeps model asks fast (the pool is parsed once per study).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { connect, SdkError } from '../../sdk/index.js';
import { startTestServer } from './harness.js';

const SIZES = [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }] as const;

test('pool study over the wire: pool rows only, no repeats, 412 when exhausted, bad cells named', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  const client = await connect(server.url);
  try {
    const mixes = [
      { a: 0.7, b: 0.2, c: 0.1 },
      { a: 0.1, b: 0.7, c: 0.2 },
      { a: 0.2, b: 0.1, c: 0.7 },
    ];
    const study = await client.createStudy({
      name: 'pool-e2e',
      space: { mix: { type: 'simplex', components: ['a', 'b', 'c'] }, size: { type: 'fidelity', levels: SIZES, target: 'L' } },
      objectives: { acc: 'maximize' },
      algorithm: { seed: 5, initialTrials: 2 },
      // two rows at every level (no size) and one at S only: 5 candidates
      pool: [{ mix: mixes[0] }, { mix: mixes[1] }, { mix: mixes[2], size: 'S' }],
    });
    assert.deepEqual(study.info.pool, { rows: 3 });
    const seen = new Set<string>();
    const batch = await study.ask(2);
    const rest: typeof batch = [];
    for (let i = 0; i < 3; i++) {
      const [t] = await study.ask();
      rest.push(t);
    }
    for (const t of [...batch, ...rest]) {
      const row = t.diagnostics?.poolRow as number;
      assert.deepEqual(t.params.mix, mixes[row], 'the params are the pool row the trial names');
      const key = JSON.stringify(t.params);
      assert.ok(!seen.has(key), `repeated ${key}`);
      seen.add(key);
      if (row === 2) assert.equal(t.params.size, 'S');
    }
    assert.equal(seen.size, 5);
    // all 5 are running (pending): the next ask is refused, on both transports
    await assert.rejects(study.ask(), (e: unknown) => e instanceof SdkError && e.code === 'FAILED_PRECONDITION' && /exhausted/.test(e.message));
    const res = await fetch(`${server.url}/v1/studies/${study.id}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 412);
    const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(body.error.code, 'FAILED_PRECONDITION');
    // telling one and failing another frees only the failed row
    await study.tell(batch[0].id, 0.5);
    await study.fail(batch[1].id, 'oom');
    const [again] = await study.ask();
    assert.deepEqual(again.params, batch[1].params);

    // validation errors name the cell
    await assert.rejects(
      client.createStudy({
        name: 'bad',
        space: { mix: { type: 'simplex', components: ['a', 'b'] } },
        objectives: { acc: 'maximize' },
        pool: { columns: ['mix'], rows: [[[0.5, 0.5]], [[0.5, 0.6]]] },
      }),
      (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues[0].path) === '["pool","rows",1,0]',
    );
    await assert.rejects(
      client.createStudy({ name: 'bad', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, pool: { columns: ['x'], rows: [[0.5], []] } }),
      (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues[0].path) === '["pool","rows",1]',
    );
  } finally {
    client.close();
    await server.close();
  }
});

test('a 2,000-row pool over 19 weights: create once, model asks stay fast', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  const client = await connect(server.url, { timeoutMs: 60_000 });
  try {
    const K = 19;
    const comps = Array.from({ length: K }, (_, i) => `d${i}`);
    const rng = createRng(11);
    const rows: unknown[][] = [];
    for (let i = 0; i < 2000; i++) {
      const g = comps.map(() => -Math.log(rng.uniform()));
      const s = g.reduce((a, b) => a + b, 0);
      rows.push([g.map((v) => Math.round((v / s) * 1e4) / 1e4), ['S', 'M', 'L'][i % 3]]);
    }
    const t0 = performance.now();
    const study = await client.createStudy({
      name: 'big-pool',
      space: { mix: { type: 'simplex', components: comps }, size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.1 }, { value: 'M', cost: 0.4 }, { value: 'L', cost: 1 }], target: 'L' } },
      objectives: { acc: 'maximize' },
      // The joint MF-GP named: its model phase is what this checks (the pool default is 'proxy-mean' since session 11).
      algorithm: { seed: 1, initialTrials: 4, multiFidelity: { model: 'joint' } },
      pool: { columns: ['mix', 'size'], rows },
    });
    const createMs = performance.now() - t0;
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t1 = performance.now();
      const [t] = await study.ask();
      const ms = performance.now() - t1;
      if (t.diagnostics?.phase === 'model') latencies.push(ms);
      const w = t.params.mix as Record<string, number>;
      await study.tell(t.id, w.d0 - (w.d1 - 0.1) ** 2 + (t.params.size === 'L' ? 0.1 : 0));
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)];
    console.log(`2,000-row pool: create ${createMs.toFixed(0)} ms; model ask latency median ${median.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms over ${latencies.length} asks`);
    assert.ok(latencies.length >= 6, 'the model phase was reached');
    assert.ok(median < 5000, `median model ask ${median} ms`);
  } finally {
    client.close();
    await server.close();
  }
});
