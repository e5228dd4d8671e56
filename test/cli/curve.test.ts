/**
 * `bayesopt curve` and `trials --state pruned` against a real server: the printed curve is the
 * one the SDK reported (same steps and values), by number or id, and a missing trial exits 3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../sdk/index.js';
import { EXIT } from '../../cli/exit-codes.js';
import { startTestServer } from '../e2e/harness.js';
import { runBin } from './run-bin.js';

test('curve prints a trial\'s reported values; trials filters pruned ones', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const client = await connect(server.url);
  t.after(() => client.close());
  const study = await client.createStudy({ name: 'cli-curve', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', seed: 2 } });
  const [a, b] = await study.ask(2);
  const values = [0.75, 0.5, 0.375];
  for (const [step, v] of values.entries()) await study.report(a!.id, step * 2, v);
  await study.prune(a!.id);
  await study.tell(b!.id, 0.1);
  const env = { BO_URL: server.url };
  const [byNumber, byId, json, pruned, missing] = await Promise.all([
    runBin(['curve', 'cli-curve', String(a!.number)], { env }),
    runBin(['curve', study.id, a!.id], { env }),
    runBin(['curve', 'cli-curve', String(a!.number), '--json'], { env }),
    runBin(['trials', 'cli-curve', '--state', 'pruned', '--json'], { env }),
    runBin(['curve', 'cli-curve', '99'], { env }),
  ]);
  assert.equal(byNumber.code, EXIT.ok, byNumber.stderr);
  assert.match(byNumber.stdout, /state:\s+pruned/);
  for (const [step, v] of values.entries()) assert.match(byNumber.stdout, new RegExp(`^\\s*${step * 2}\\s+${v}\\s*$`, 'm'));
  assert.equal(byId.stdout, byNumber.stdout);
  assert.deepEqual(JSON.parse(json.stdout).intermediate, values.map((value, i) => ({ step: i * 2, value })));
  assert.deepEqual(JSON.parse(pruned.stdout).map((x: { id: string }) => x.id), [a!.id]);
  assert.equal(missing.code, EXIT.notFound, missing.stderr);
});
