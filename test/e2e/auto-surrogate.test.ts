/**
 * Surrogate 'auto' end to end: the real server on port 0 (fits on its compute worker threads),
 * the real SDK. Every model ask's diagnostics carry each candidate's score and the choice, the
 * acquisition that ran is the chosen family's default, the study view shows 'auto', and
 * `bayesopt show` prints the current choice. The scores are checked for consistency with the
 * choice (argmax) here; their values against brute-force LOO in test/surrogates/auto/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { show } from '../../cli/commands.js';
import { defaultAcquisition, type SurrogateKind } from '../../protocol/algorithm.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { connect, type Client } from '../../sdk/index.js';

let server: RunningServer;
let client: Client;

before(async () => {
  server = await startServer({ port: 0, storage: new MemoryStorage(), logLevel: 'silent' });
  client = await connect(server.url);
});
after(async () => {
  client.close();
  await server.close();
});

interface Selection {
  choice: string;
  kind: string;
  n: number;
  scores: { candidate: string; score?: number; method?: string; skipped?: string }[];
  reference: string;
  challenger?: { candidate: string; advantage: number; standardError: number };
  rule: string;
  against: string;
  streak?: { candidate: string; asks: number };
  reason: string;
}

test("auto with combine 'switch' through the SDK: each model ask's diagnostics carry every candidate's score and the choice; show prints it", async () => {
  const study = await client.createStudy({
    name: 'auto-e2e',
    space: { a: { type: 'float', low: -2, high: 2 }, b: { type: 'float', low: -2, high: 2 } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'auto', initialTrials: 4, seed: 5, surrogateOptions: { candidates: ['gp', 'nngp', 'stp'], combine: 'switch' } },
  });
  assert.equal(study.info.effectiveAlgorithm?.surrogate, 'auto');
  assert.equal(study.info.effectiveAlgorithm?.acquisition, 'auto');
  const selections: Selection[] = [];
  for (let t = 0; t < 8; t++) {
    const [trial] = await study.ask();
    const d = trial!.diagnostics ?? {};
    if (t < 4) assert.equal(d.phase, 'initial-design');
    else {
      assert.equal(d.phase, 'model', JSON.stringify(d));
      const s = d.auto as Selection;
      assert.deepEqual(s.scores.map((c) => c.candidate), ['gp', 'nngp', 'stp']);
      assert.equal(s.n, t);
      for (const c of s.scores) assert.ok(Number.isFinite(c.score) && c.method === 'loo', JSON.stringify(c));
      const best = s.scores.reduce((a, c) => (c.score! > a.score! ? c : a));
      // Rule 'persistent' (the default): measured against the family the previous ask ran (first the reference,
      // 'gp'), read back from the stored state; it switches only when the best beats it by more than one
      // standard error on the third ask in a row, so a running streak keeps it.
      assert.equal(s.reference, 'gp');
      assert.equal(s.rule, 'persistent');
      assert.equal(s.against, selections.at(-1)?.choice ?? 'gp', JSON.stringify(s));
      const clears = s.challenger !== undefined && s.challenger.candidate === best.candidate && s.challenger.advantage > s.challenger.standardError;
      const previousStreak = selections.at(-1)?.streak;
      const asks = clears ? (previousStreak?.candidate === best.candidate ? previousStreak.asks + 1 : 1) : 0;
      assert.equal(s.choice, asks >= 3 ? best.candidate : s.against, JSON.stringify(s));
      assert.deepEqual(s.streak, clears && asks < 3 ? { candidate: best.candidate, asks } : undefined, JSON.stringify(s));
      assert.ok(s.reason.length > 0);
      assert.equal(d.acquisition, defaultAcquisition(s.kind as SurrogateKind), 'the chosen family default acquisition ran');
      selections.push(s);
    }
    const { a, b } = trial!.params as { a: number; b: number };
    await study.tell(trial!.id, { loss: (a - 0.5) ** 2 + (b + 0.3) ** 2 + 0.1 * Math.sin(5 * a) });
  }
  assert.equal(selections.length, 4);
  const out = await show(client, { command: 'show', args: [study.id], flags: {}, url: server.url, json: false, help: false });
  const last = selections.at(-1)!;
  assert.match(out.text, new RegExp(`surrogate choice: +${last.choice} \\(trial #7, 7 observations; mean LOO log-likelihood: gp `));
});

test("auto's default (combine 'stack' since session 14; gp-robust, nngp, stp with stackMargin 1 since session 23) through the SDK: each model ask carries every candidate's LOO elpd and stacking weight, the weights sum to 1, the acquisition is the heaviest member's default, and show prints the mixture", async () => {
  const study = await client.createStudy({
    name: 'auto-stack-e2e',
    space: { a: { type: 'float', low: -2, high: 2 }, b: { type: 'float', low: -2, high: 2 } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'auto', initialTrials: 4, seed: 5 },
  });
  assert.equal(study.info.effectiveAlgorithm?.autoCombine, 'stack');
  assert.equal(study.info.effectiveAlgorithm?.autoRule, undefined);
  assert.deepEqual([study.info.effectiveAlgorithm?.autoCandidates, study.info.effectiveAlgorithm?.autoStackMargin], [['gp-robust', 'nngp', 'stp'], 1]);
  let last: { weights: Record<string, number>; n: number } | undefined;
  for (let t = 0; t < 8; t++) {
    const [trial] = await study.ask();
    const d = trial!.diagnostics ?? {};
    if (t >= 4 && d.phase === 'model') {
      const s = d.auto as { combine: string; kind: string; n: number; weights: Record<string, number>; scores: { candidate: string; score?: number; elpd?: number; weight?: number }[] };
      assert.equal(s.combine, 'stack', JSON.stringify(s));
      assert.equal(s.n, t);
      assert.deepEqual(s.scores.map((c) => c.candidate), ['gp-robust', 'nngp', 'stp']);
      for (const c of s.scores) assert.ok(Number.isFinite(c.elpd) && Number.isFinite(c.weight), JSON.stringify(c));
      const total = Object.values(s.weights).reduce((a, w) => a + w, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, JSON.stringify(s.weights));
      const heaviest = Object.entries(s.weights).sort((x, y) => y[1] - x[1])[0][0];
      const kinds: Record<string, SurrogateKind> = { 'gp-robust': 'gp', nngp: 'nngp', stp: 'stp' };
      assert.equal(d.acquisition, defaultAcquisition(kinds[heaviest]), JSON.stringify({ weights: s.weights, acquisition: d.acquisition }));
      last = { weights: s.weights, n: s.n };
    }
    const { a, b } = trial!.params as { a: number; b: number };
    await study.tell(trial!.id, { loss: (a - 0.5) ** 2 + (b + 0.3) ** 2 + 0.1 * Math.sin(5 * a) });
  }
  assert.ok(last, 'at least one model ask');
  const out = await show(client, { command: 'show', args: [study.id], flags: {}, url: server.url, json: false, help: false });
  const members = Object.keys(last.weights);
  assert.match(out.text, members.length === 1 ? new RegExp(`surrogate choice: +${members[0]} alone \\(weight 1`) : /surrogate choice: +mixture /);
});
