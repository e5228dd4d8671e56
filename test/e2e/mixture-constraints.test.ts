/**
 * A constrained 30-component mixture study end to end over the real server and the SDK: every
 * asked point (Sobol design and GP + qLogNEI) meets its constraints, judged from the spec's own
 * fields (min, max, tokens × epochs / total, minWeight), not from the server's bounds; an
 * infeasible spec is refused at create and a violating add/enqueue with the field path; the
 * recommendation exports as a mixture file PyYAML reads back, also through `bayesopt recommend`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mixtureFile, SdkError } from '../../sdk/index.js';
import { EXIT } from '../../cli/exit-codes.js';
import { runBin } from '../cli/run-bin.js';
import { parseWithPyyaml, pyyamlAvailable } from '../support/pyyaml.js';
import { serverAndClientPerFile, tempDir } from './harness.js';

const K = 30;
const comps = Array.from({ length: K }, (_, i) => `d${i}`);
// Token counts (billions): a few big domains, many small ones; 100B tokens trained, 4 epochs allowed.
const available = Object.fromEntries(comps.map((c, i) => [c, i < 3 ? 60 : 1 + (i % 7)]));
const MIX = {
  type: 'simplex',
  components: comps,
  min: { d0: 0.1, d1: 0.05 },
  max: { d2: 0.2, d3: 0.04 },
  tokens: { available, totalTokens: 100, maxEpochs: 4 },
  minWeight: 0.02,
} as const;

function violations(w: Record<string, number>): string[] {
  const out: string[] = [];
  const sum = Object.values(w).reduce((s, v) => s + v, 0);
  if (Math.abs(sum - 1) > 1e-9) out.push(`sum ${sum}`);
  for (const c of comps) {
    const v = w[c]!;
    const cap = Math.min((MIX.max as Record<string, number>)[c] ?? 1, (available[c]! * MIX.tokens.maxEpochs) / MIX.tokens.totalTokens);
    if (v < ((MIX.min as Record<string, number>)[c] ?? 0) - 1e-9) out.push(`${c} = ${v} < min`);
    if (v > cap + 1e-9) out.push(`${c} = ${v} > cap ${cap}`);
    if (v > 1e-12 && v < MIX.minWeight - 1e-9) out.push(`${c} = ${v} non-zero below minWeight`);
  }
  return out;
}

/** Minimized: squared distance to a target mixture that itself breaks the caps (so the optimum is on the boundary). */
const target = Object.fromEntries(comps.map((c, i) => [c, i === 3 ? 0.2 : i === 2 ? 0.3 : 0.5 / (K - 2)]));
const loss = (w: Record<string, number>): number => comps.reduce((s, c) => s + (w[c]! - target[c]!) ** 2, 0);

const env = serverAndClientPerFile();

test('every asked point of a 30-component constrained study meets its constraints; the recommendation exports', async () => {
  const study = await env.client.createStudy({ name: 'mix30', space: { mix: MIX }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'gp', initialTrials: 6, seed: 7 } });
  const asked: Record<string, number>[] = [];
  for (let round = 0; round < 4; round++) {
    for (const t of await study.ask(3)) {
      const w = t.params.mix as Record<string, number>;
      asked.push(w);
      await study.tell(t.id, { loss: loss(w) });
    }
  }
  assert.equal(asked.length, 12);
  for (const [i, w] of asked.entries()) assert.deepEqual(violations(w), [], `trial ${i}`);
  assert.ok(asked.some((w) => Object.values(w).some((v) => v === 0)), 'minWeight snapped some weight to exactly 0');

  const rec = await study.recommend();
  assert.deepEqual(violations(rec.params.mix as Record<string, number>), [], 'the recommendation');
  if (pyyamlAvailable()) assert.deepEqual(parseWithPyyaml(mixtureFile(rec, { format: 'yaml' })), rec.params.mix);

  const { dir, remove } = tempDir('bayesopt-mix-');
  try {
    const file = join(dir, 'mixture.json');
    const r = await runBin(['recommend', study.id, '--export', file, '--json'], { env: { BO_URL: env.server.url } });
    assert.equal(r.code, EXIT.ok, r.stderr);
    const printed = JSON.parse(r.stdout).recommendation.params.mix;
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), printed);
    assert.deepEqual(violations(printed), []);
    const bad = await runBin(['recommend', study.id, '--export', join(dir, 'mixture.txt')], { env: { BO_URL: env.server.url } });
    assert.equal(bad.code, EXIT.usage, bad.stderr);
  } finally {
    remove();
  }
});

test('infeasible specs and violating points are INVALID_ARGUMENT with the field path', async () => {
  const refuse = async (p: Promise<unknown>, path: RegExp) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof SdkError && e.code === 'INVALID_ARGUMENT', String(e));
      assert.match(`${e.message} ${e.issues.map((i) => i.path.join('.')).join(' ')}`, path);
      return true;
    });
  };
  await refuse(env.client.createStudy({ name: 'bad', space: { mix: { ...MIX, min: { d0: 0.6, d1: 0.5 } } }, objectives: { loss: 'minimize' } }), /space\.mix\.min/);
  await refuse(env.client.createStudy({ name: 'bad', space: { mix: { ...MIX, tokens: { ...MIX.tokens, totalTokens: 1e6 } } }, objectives: { loss: 'minimize' } }), /space\.mix\.(tokens|min\.d0)/);
  const study = await env.client.createStudy({ name: 'mix30-add', space: { mix: MIX }, objectives: { loss: 'minimize' } });
  const w = Object.fromEntries(comps.map((c) => [c, 0]));
  Object.assign(w, { d0: 0.5, d1: 0.1, d3: 0.1, d4: 0.3 }); // d3 above its max 0.04
  await refuse(study.addTrials([{ params: { mix: w }, values: { loss: 1 } }]), /trials\.0\.params\.mix\.d3/);
  await refuse(study.enqueue({ mix: w }), /params\.mix\.d3/);
});
