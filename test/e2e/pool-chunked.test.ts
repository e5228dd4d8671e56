/**
 * Pools larger than one 1 MB message, end to end through the SDK and the real server on SQLite:
 * a 30,000-row × 19-weight pool (about 4 MB of JSON) is uploaded by createStudy in chunks
 * (create with the first rows and totalRows, then pool:append), every row lands in the stored pool
 * (rows of the last chunk can be enqueued and are handed out as themselves), non-pool params are
 * refused on enqueue, and a restarted server keeps the whole pool.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { MAX_PAYLOAD_BYTES } from '../../protocol/messages.js';
import { connect, SdkError } from '../../sdk/index.js';
import { poolChunks } from '../../sdk/client.js';
import { startTestServer, tempDir } from './harness.js';

const K = 19;
const N = 30_000;
const comps = Array.from({ length: K }, (_, i) => `d${i}`);
const LEVELS = [{ value: 'S', cost: 0.1 }, { value: 'M', cost: 0.4 }, { value: 'L', cost: 1 }] as const;

/** N random mixtures rounded to 1e-4 (as a CSV would hold them), each at one level. */
function makeRows(): unknown[][] {
  const rng = createRng(29);
  const rows: unknown[][] = [];
  for (let i = 0; i < N; i++) {
    const g = comps.map(() => -Math.log(rng.uniform()));
    const s = g.reduce((a, b) => a + b, 0);
    rows.push([g.map((v) => Math.round((v / s) * 1e4) / 1e4), LEVELS[i % 3].value]);
  }
  return rows;
}

/** The pool row's weights as {component: weight}, renormalised like the server's canonical form. */
function weightsOf(row: unknown[]): Record<string, number> {
  const w = row[0] as number[];
  const s = w.reduce((a, b) => a + b, 0);
  return Object.fromEntries(comps.map((c, k) => [c, w[k] / s]));
}

function assertSameMix(got: unknown, row: unknown[], what: string): void {
  const want = weightsOf(row);
  const g = got as Record<string, number>;
  for (const c of comps) assert.ok(Math.abs(g[c] - want[c]) <= 1e-12, `${what}: ${c} ${g[c]} vs ${want[c]}`);
}

test('poolChunks: consecutive chunks covering every row, each within the byte budget', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => [i, 'x'.repeat(i % 50)]);
  const chunks = poolChunks(rows, 4000);
  assert.equal(chunks[0].start, 0);
  assert.equal(chunks.at(-1)!.end, rows.length);
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0) assert.equal(chunks[i].start, chunks[i - 1].end);
    const bytes = rows.slice(chunks[i].start, chunks[i].end).reduce((a, r) => a + JSON.stringify(r).length + 1, 0);
    assert.ok(bytes <= 4000, `chunk ${i}: ${bytes} bytes`);
  }
  assert.deepEqual(poolChunks([[1]], 10), [{ start: 0, end: 1 }]);
  // from a given row on (resuming an upload)
  const tail = poolChunks(rows, 4000, 995);
  assert.equal(tail[0].start, 995);
  assert.equal(tail.at(-1)!.end, 1000);
});

test('createStudy with a requestId resumes an interrupted upload from the rows the server holds', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  const client = await connect(server.url, { timeoutMs: 60_000 });
  try {
    const rows = makeRows().slice(0, 5000);
    const spec = {
      name: 'resumed',
      space: { mix: { type: 'simplex', components: comps }, size: { type: 'fidelity', levels: LEVELS, target: 'L' } },
      objectives: { acc: 'maximize' },
      algorithm: { surrogate: 'none', seed: 2 },
      requestId: 'upload-7',
    } as const;
    // a first attempt stored the create (1,000 rows, totalRows 5,000) and died before appending
    const res = await fetch(`${server.url}/v1/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...spec, pool: { columns: ['mix', 'size'], rows: rows.slice(0, 1000), totalRows: 5000 } }),
    });
    const first = (await res.json()) as { data: { id: string; pool: unknown } };
    assert.deepEqual(first.data.pool, { rows: 1000, totalRows: 5000 });
    await assert.rejects(client.getStudy(first.data.id).then((s) => s.ask()), (e: unknown) => e instanceof SdkError && e.code === 'FAILED_PRECONDITION' && /still being uploaded/.test(e.message));
    // the retry with the same requestId finds the study and sends the remaining rows
    const study = await client.createStudy({ ...spec, pool: { columns: ['mix', 'size'], rows } });
    assert.equal(study.id, first.data.id);
    assert.deepEqual(study.info.pool, { rows: 5000, totalRows: 5000 });
    const [t] = await study.ask();
    assertSameMix(t.params.mix, rows[t.diagnostics?.poolRow as number], 'asked row');
  } finally {
    client.close();
    await server.close();
  }
});

test('a 30,000-row pool of 19 weights goes through the SDK in chunks and survives a restart', async (t) => {
  const tmp = tempDir('bo-pool-chunked-');
  const storageUrl = `sqlite:${join(tmp.dir, 'bo.sqlite')}`;
  t.after(() => tmp.remove());
  let server = await startTestServer({ storageUrl });
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  let client = await connect(server.url, { timeoutMs: 60_000 });
  try {
    const rows = makeRows();
    const json = JSON.stringify(rows).length;
    assert.ok(json > 3 * MAX_PAYLOAD_BYTES, `the pool (${json} bytes) needs several messages`);
    const t0 = performance.now();
    const study = await client.createStudy({
      name: 'admire-scale',
      space: { mix: { type: 'simplex', components: comps }, size: { type: 'fidelity', levels: LEVELS, target: 'L' } },
      objectives: { acc: 'maximize' },
      algorithm: { seed: 2, initialTrials: 3 },
      pool: { columns: ['mix', 'size'], rows },
    });
    const uploadMs = performance.now() - t0;
    assert.deepEqual(study.info.pool, { rows: N, totalRows: N });

    // rows of the last chunk are in the pool: enqueue one, the next ask hands it out as given
    const last = rows[N - 1];
    const queued = await study.enqueue({ mix: weightsOf(last), size: last[1] } as never);
    assert.equal(queued.diagnostics?.poolRow, N - 1);
    const t1 = performance.now();
    const asked = await study.ask(3);
    const askMs = performance.now() - t1;
    assert.equal(asked[0].id, queued.id);
    for (const t of asked) {
      const row = t.diagnostics?.poolRow as number;
      assert.ok(Number.isInteger(row) && row >= 0 && row < N, `poolRow ${row}`);
      assertSameMix(t.params.mix, rows[row], `trial ${t.number}`);
      assert.equal(t.params.size, rows[row][1]);
    }
    // a mixture that is not a pool row is refused with the field path
    await assert.rejects(
      study.enqueue({ mix: Object.fromEntries(comps.map((c) => [c, 1 / K])), size: 'L' } as never),
      (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues[0]?.path) === '["params"]',
    );

    // restart on the same file: the whole pool is still there
    client.close();
    await server.close();
    server = await startTestServer({ storageUrl });
    client = await connect(server.url, { timeoutMs: 60_000 });
    const again = await client.getStudy(study.id);
    assert.deepEqual(again.info.pool, { rows: N, totalRows: N });
    const mid = rows[N - 2];
    const t2 = performance.now();
    const q2 = await again.enqueue({ mix: weightsOf(mid), size: mid[1] } as never);
    const reloadMs = performance.now() - t2;
    assert.equal(q2.diagnostics?.poolRow, N - 2);
    // the row handed out before the restart is still taken
    await assert.rejects(
      again.enqueue({ mix: weightsOf(last), size: last[1] } as never),
      (e: unknown) => e instanceof SdkError && e.code === 'FAILED_PRECONDITION' && /already running/.test(e.message),
    );
    console.log(`30,000-row pool: ${(json / 1e6).toFixed(1)} MB JSON uploaded in ${uploadMs.toFixed(0)} ms; first ask (3 trials) ${askMs.toFixed(0)} ms; enqueue after restart (pool reload) ${reloadMs.toFixed(0)} ms`);
  } finally {
    client.close();
    await server.close();
    tmp.remove();
  }
});
