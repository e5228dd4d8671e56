/**
 * A mixture study with a natural token distribution over the real server and the SDK: the first
 * ask is the natural mixture, the design's later points are other feasible mixtures, a bad
 * `natural` is INVALID_ARGUMENT with its field path, and a multi-fidelity mixture study with
 * `multiFidelity.prior: 'mixing-law'` reports it (diagnostics.mixingLaw) once lower-level runs exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SdkError } from '../../sdk/index.js';
import { serverAndClientPerFile } from './harness.js';

const comps = ['web', 'code', 'books', 'wiki'];
const natural = { web: 0.55, code: 0.25, books: 0.15, wiki: 0.05 };

const env = serverAndClientPerFile();

test('the design starts at the natural mixture; a bad natural distribution is refused with its path', async () => {
  const study = await env.client.createStudy({ name: 'natural', space: { mix: { type: 'simplex', components: comps, natural } }, objectives: { loss: 'minimize' }, algorithm: { initialTrials: 4, seed: 3 } });
  const trials = await study.ask(3);
  assert.deepEqual(trials[0].params.mix, natural);
  for (const t of trials.slice(1)) {
    const w = t.params.mix as Record<string, number>;
    assert.notDeepEqual(w, natural);
    assert.ok(Math.abs(Object.values(w).reduce((s, v) => s + v, 0) - 1) < 1e-9);
  }
  for (const [bad, path] of [[{ web: 0.5, nope: 0.5 }, /space\.mix\.natural\.nope/], [{ web: 0.5 }, /space\.mix\.natural/], [{ web: 'x' }, /space\.mix\.natural\.web/]] as const) {
    await assert.rejects(env.client.createStudy({ name: 'bad', space: { mix: { type: 'simplex', components: comps, natural: bad as never } }, objectives: { loss: 'minimize' } }), (e: unknown) => {
      assert.ok(e instanceof SdkError && e.code === 'INVALID_ARGUMENT', String(e));
      assert.match(`${e.message} ${e.issues.map((i) => i.path.join('.')).join(' ')}`, path);
      return true;
    });
  }
});

test('a multi-fidelity mixture study asked for the mixing-law prior runs it and says so', async () => {
  const study = await env.client.createStudy({
    name: 'mf-law',
    space: { mix: { type: 'simplex', components: comps, natural }, size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'big', cost: 1 }], target: 'big' } },
    objectives: { loss: 'minimize' },
    algorithm: { seed: 5, initialTrials: 4, multiFidelity: { lowLevelShare: 1, prior: 'mixing-law' } },
  });
  const loss = (w: Record<string, number>, size: unknown) => 2 + Math.exp(-2 * w.web + w.code) + (size === 'small' ? 0.3 : 0);
  let diagnostics: Record<string, unknown> = {};
  for (let i = 0; i < 7; i++) {
    const [t] = await study.ask();
    diagnostics = (t as unknown as { diagnostics?: Record<string, unknown> }).diagnostics ?? {};
    await study.tell(t.id, { loss: loss(t.params.mix as Record<string, number>, t.params.size) });
  }
  assert.equal(diagnostics.phase, 'model', JSON.stringify(diagnostics).slice(0, 300));
  assert.ok((diagnostics.mixingLaw as { runs: number }).runs >= 3, JSON.stringify(diagnostics.mixingLaw));
});
