/**
 * algorithm.multiFidelity over the wire (real server, SDK and REST): the options are stored and
 * returned with the study, reach the policy (a pool study with lowLevelShare 0 asks only the
 * target level once the proxies' allowance is spent, with lowLevelShare 1 it still asks the cheap
 * level; kernel 'icm' fits the level ICM kernel, also in continuous mode), and a bad value is
 * INVALID_ARGUMENT naming algorithm.multiFidelity.<field> on both transports.
 * Cap arithmetic of the scenario: test/policy/mf-options.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { connect, SdkError } from '../../sdk/index.js';
import { startTestServer } from './harness.js';

const SPACE = {
  mix: { type: 'simplex', components: ['a', 'b', 'c'] },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.1 }, { value: 'L', cost: 1 }], target: 'L' },
} as const;
const rng = createRng(7);
const MIXES = Array.from({ length: 20 }, () => {
  const g = [0, 1, 2].map(() => -Math.log(rng.uniform()));
  const s = g[0] + g[1] + g[2];
  return { a: g[0] / s, b: g[1] / s, c: g[2] / s };
});
const law = (w: { a: number; b: number; c: number }, size: string) => -((w.a - 0.7) ** 2) - 0.5 * (w.c - 0.1) ** 2 + (size === 'S' ? 0.05 * w.b : 0);
/** 10 proxy runs (cost 1.0 in all) and 2 target runs. */
const HISTORY = [...MIXES.slice(0, 10).map((mix) => ({ mix, size: 'S' as const })), { mix: MIXES[0], size: 'L' as const }, { mix: MIXES[1], size: 'L' as const }];

test('multiFidelity options over the wire: stored, applied, validated', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  const client = await connect(server.url, { timeoutMs: 60_000 });
  try {
    const levelsWith = async (multiFidelity: Record<string, unknown>) => {
      const study = await client.createStudy({
        name: 'mf-options',
        space: SPACE,
        objectives: { acc: 'maximize' },
        algorithm: { seed: 5, initialTrials: 2, multiFidelity },
        pool: MIXES.map((mix) => ({ mix })),
      });
      assert.deepEqual(study.info.algorithm.multiFidelity, multiFidelity);
      await study.addTrials(HISTORY.map((p) => ({ params: p, values: law(p.mix, p.size) })));
      const trials = await study.ask(3);
      for (const t of trials) assert.equal(t.diagnostics?.phase, 'model');
      return { sizes: trials.map((t) => t.params.size), kernel: String((trials[0].diagnostics?.model as { kernel?: string }).kernel) };
    };
    const capped = await levelsWith({ lowLevelShare: 0, kernel: 'icm' });
    assert.deepEqual(capped.sizes, ['L', 'L', 'L']);
    assert.match(capped.kernel, /level-icm/);
    const open = await levelsWith({ lowLevelShare: 1 });
    assert.ok(open.sizes.includes('S'), `share 1 asks the cheap level: ${open.sizes}`);
    assert.match(open.kernel, /linear-truncated/);

    // continuous mode (no pool): the space-routed multi-fidelity policy gets the options too
    const cont = await client.createStudy({
      name: 'mf-continuous', space: SPACE, objectives: { acc: 'maximize' },
      algorithm: { seed: 1, initialTrials: 2, multiFidelity: { kernel: 'icm', maxValueSamples: 2 } },
    });
    await cont.addTrials(HISTORY.slice(6).map((p) => ({ params: p, values: law(p.mix, p.size) })));
    const [t] = await cont.ask();
    assert.equal(t.diagnostics?.phase, 'model');
    assert.match(String((t.diagnostics?.model as { kernel?: string }).kernel), /level-icm/);
    assert.equal((t.diagnostics?.maxValues as number[]).length, 2);

    // validation, socket and REST
    await assert.rejects(
      client.createStudy({ name: 'bad', space: SPACE, objectives: { acc: 'maximize' }, algorithm: { multiFidelity: { lowLevelShare: 2 } } }),
      (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues[0]?.path) === '["algorithm","multiFidelity","lowLevelShare"]',
    );
    const res = await fetch(`${server.url}/v1/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bad', space: SPACE, objectives: { acc: 'maximize' }, algorithm: { multiFidelity: { kernel: 'rbf' } } }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; issues: { path: unknown[] }[] } };
    assert.equal(body.error.code, 'INVALID_ARGUMENT');
    assert.deepEqual(body.error.issues[0].path, ['algorithm', 'multiFidelity', 'kernel']);
  } finally {
    client.close();
    await server.close();
  }
});
