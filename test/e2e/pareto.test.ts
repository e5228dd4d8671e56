/**
 * Several objectives and outcome constraints through the real server (port 0) and the real SDK:
 * create-time refusals by field path, tells that must carry every constraint metric, the Pareto
 * front over REST and the socket against a brute-force front computed here (dominance by
 * definition, hypervolume of two objectives by the staircase sum), `best` counting feasible
 * trials only, and a study with only infeasible trials reporting so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, SdkError } from '../../sdk/index.js';
import { startTestServer } from './harness.js';

const SPACE = { x: { type: 'float' as const, low: 0, high: 1 } };

/** Brute force: the feasible told points no other feasible point dominates (acc maximized, latency minimized). */
function bruteFront(rows: { acc: number; latency: number; mem: number }[]): number[] {
  const feasible = rows.map((r, i) => ({ ...r, i })).filter((r) => r.mem <= 16);
  return feasible
    .filter((a) => !feasible.some((b) => b.acc >= a.acc && b.latency <= a.latency && (b.acc > a.acc || b.latency < a.latency)))
    .map((r) => r.i);
}

test('multi-objective study: Pareto front, hypervolume and best over the SDK and REST', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const client = await connect(server.url);
  t.after(() => client.close());

  // Refusals at create, each with its field path.
  const refused = async (spec: Record<string, unknown>, path: (string | number)[]) => {
    await assert.rejects(
      client.createStudy({ name: 'bad', space: SPACE, objectives: { acc: 'maximize', latency: 'minimize' }, ...spec } as never),
      (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(path),
    );
  };
  await refused({ algorithm: { referencePoint: { acc: 0 } } }, ['algorithm', 'referencePoint', 'latency']);
  await refused({ algorithm: { surrogate: 'pfn' } }, ['algorithm', 'surrogate']);
  await refused({ constraints: { acc: { max: 1 } } }, ['constraints', 'acc']);
  await refused({ constraints: { mem: {} } }, ['constraints', 'mem']);

  const study = await client.createStudy({
    name: 'mo',
    space: SPACE,
    objectives: { acc: 'maximize', latency: 'minimize' },
    constraints: { mem: { max: 16 } },
    algorithm: { initialTrials: 3, seed: 2, referencePoint: { acc: 0, latency: 10 } },
  });
  assert.equal(study.info.effectiveAlgorithm?.policy, 'multi-outcome');
  assert.equal(study.info.effectiveAlgorithm?.acquisition, 'qlognehvi');
  assert.deepEqual(study.info.constraints, { mem: { max: 16 } });

  // A tell must carry every objective and constraint metric.
  const [first] = await study.ask();
  await assert.rejects(study.tell(first.id, { acc: 0.5, latency: 3 }), (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(['values', 'mem']));

  const told = [
    { acc: 0.5, latency: 3, mem: 8 },
    { acc: 0.9, latency: 6, mem: 12 },
    { acc: 0.95, latency: 2, mem: 20 }, // infeasible: dominates everything but must not count
    { acc: 0.7, latency: 2, mem: 16 }, // feasible (bound inclusive), dominates the first
    { acc: 0.6, latency: 7, mem: 4 }, // dominated by the second
  ];
  const ids = [first.id];
  await study.tell(first.id, told[0]);
  for (let i = 1; i < told.length; i++) {
    const [trial] = await study.ask();
    ids.push(trial.id);
    await study.tell(trial.id, told[i]);
  }

  const front = await study.paretoFront();
  const expected = bruteFront(told).map((i) => ids[i]);
  assert.deepEqual(front.trials.map((tr) => tr.id).sort(), expected.sort());
  assert.equal(front.feasible, 4);
  assert.equal(front.completed, 5);
  assert.deepEqual(front.referencePoint, { acc: 0, latency: 10 });
  // Staircase by hand for the front {(0.7, 2), (0.9, 6)} above (acc 0, latency 10): 0.7·(10−2) + (0.9−0.7)·(10−6).
  assert.ok(Math.abs(front.hypervolume - (0.7 * 8 + 0.2 * 4)) < 1e-12, `hypervolume ${front.hypervolume}`);

  // REST answers the same front.
  const rest = (await (await fetch(`${server.url}/v1/studies/${study.id}/pareto`)).json()) as { ok: boolean; data: { hypervolume: number; trials: { id: string }[] } };
  assert.ok(rest.ok);
  assert.equal(rest.data.hypervolume, front.hypervolume);
  assert.deepEqual(rest.data.trials.map((tr) => tr.id).sort(), expected.sort());

  // best: the feasible trial best by the first objective (acc 0.9), not the infeasible 0.95.
  const best = await study.best();
  assert.equal(best?.id, ids[1]);

  // The asks after the initial design were model asks of qLogNEHVI reporting the reference point.
  const trials = await study.trials();
  const model = trials.filter((tr) => tr.diagnostics?.phase === 'model');
  assert.ok(model.length >= 1, `phases: ${trials.map((tr) => tr.diagnostics?.phase).join(',')}`);
  assert.deepEqual(model[0].diagnostics?.referencePoint, { acc: 0, latency: 10 });
});

test('a study whose trials are all infeasible says so: empty front, best null, the least infeasible named', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const client = await connect(server.url);
  t.after(() => client.close());
  const study = await client.createStudy({ name: 'infeasible', space: SPACE, objectives: { loss: 'minimize' }, constraints: { mem: { max: 1 }, acc: { min: 0.5 } }, algorithm: { initialTrials: 2 } });
  assert.equal(study.info.effectiveAlgorithm?.acquisition, 'qlognei');
  const rows = [
    { loss: 1, mem: 3, acc: 0.6 }, // violation (3 − 1)/1 = 2
    { loss: 2, mem: 1.5, acc: 0.4 }, // 0.5/1 + 0.1/1 = 0.6: the least infeasible
  ];
  const ids: string[] = [];
  for (const r of rows) {
    const [trial] = await study.ask();
    ids.push(trial.id);
    await study.tell(trial.id, r);
  }
  const front = await study.paretoFront();
  assert.equal(front.trials.length, 0);
  assert.equal(front.feasible, 0);
  assert.equal(front.leastInfeasible?.id, ids[1]);
  assert.match(front.note ?? '', /no completed trial meets every outcome constraint/);
  assert.equal(await study.best(), null);
  await assert.rejects(study.recommend(), (e: unknown) => e instanceof SdkError && e.code === 'FAILED_PRECONDITION');
});
