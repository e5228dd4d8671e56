/**
 * Branin with the GP + LogEI policy through the real server and SDK: 4 workers (one connection
 * each, asking concurrently in rounds) and 30 trials reach simple regret < 0.05. While they run, no two running trials ever share
 * params: checked on the server's running list after every ask and on the trial:asked events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type TypedTrial } from '../../sdk/index.js';
import { branin, startTestServer } from './harness.js';

const OPTIMUM = 0.397887357729738;
const TRIALS = 30;
const WORKERS = 4;

test('30 Branin trials with 4 concurrent workers reach regret < 0.05, never duplicating running params', async (t) => {
  const server = await startTestServer();
  // Closed on every path, also when a connect below throws (close is idempotent).
  t.after(() => server.close());
  const opened: Awaited<ReturnType<typeof connect>>[] = [];
  // A client left open would reconnect forever and keep the test process alive.
  t.after(() => opened.forEach((c) => c.close()));
  const admin = await connect(server.url);
  opened.push(admin);
  const clients: typeof opened = [];
  for (let w = 0; w < WORKERS; w++) {
    const c = await connect(server.url, { clientId: `w${w}` });
    clients.push(c);
    opened.push(c);
  }
  try {
    const study = await admin.createStudy({
      name: 'branin-e2e',
      space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
      objectives: { loss: 'minimize' },
      algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 8, seed: 1 },
    });
    type P = { x1: number; x2: number };

    // Event view: running = asked - completed; an asked trial must not repeat a running one's params.
    const running = new Map<string, string>();
    const eventProblems: string[] = [];
    let askedEvents = 0;
    await study.on('trial:asked', (e) => {
      for (const t of e.trials ?? []) {
        askedEvents++;
        const key = JSON.stringify(t.params);
        if ([...running.values()].includes(key)) eventProblems.push(`trial ${t.number} repeats running params ${key}`);
        running.set(t.id, key);
      }
    });
    await study.on('trial:completed', (e) => {
      if (e.trial) running.delete(e.trial.id);
    });

    // Workers run in rounds: all ask at once, evaluate, tell, then meet. The server serialises the
    // asks, so each round's points are fixed whichever worker gets which: the test is deterministic.
    const listProblems: string[] = [];
    const handles = await Promise.all(clients.map((c) => c.getStudy<P>(study.id)));
    for (let done = 0; done < TRIALS; done += WORKERS) {
      const batch = handles.slice(0, Math.min(WORKERS, TRIALS - done));
      const asked = await Promise.all(
        batch.map(async (mine) => {
          const [trial] = (await mine.ask()) as [TypedTrial<P>];
          const live = await mine.trials(['running']);
          const keys = live.map((t) => JSON.stringify(t.params));
          if (new Set(keys).size !== keys.length) listProblems.push(`after asking #${trial.number}: ${keys.join(' ')}`);
          assert.ok(live.some((t) => t.id === trial.id), 'the asked trial is running');
          return trial;
        }),
      );
      await Promise.all(asked.map((trial, w) => batch[w]!.tell(trial.id, { loss: branin(trial.params.x1, trial.params.x2) })));
    }

    assert.deepEqual(listProblems, []);
    assert.deepEqual(eventProblems, []);
    const all = await study.trials();
    assert.equal(all.length, TRIALS);
    assert.ok(all.every((t) => t.state === 'completed'));
    assert.equal(askedEvents, TRIALS);
    const best = await study.best();
    const regret = best!.values!.loss! - OPTIMUM;
    console.log(`# branin: best ${best!.values!.loss} at ${JSON.stringify(best!.params)}, regret ${regret.toExponential(3)}`);
    assert.ok(regret >= -1e-12 && regret < 0.05, `regret ${regret} (best ${best!.values!.loss} at ${JSON.stringify(best!.params)})`);
  } finally {
    for (const c of clients) c.close();
    admin.close();
    await server.close();
  }
});
