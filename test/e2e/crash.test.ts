/**
 * Durability under SIGKILL: a child-process server on SQLite is killed at seeded random moments
 * (5 kills over ~15 s) and restarted on the same file and port while 8 SDK workers ask and tell.
 * Every acknowledged tell must be stored exactly once with its values, every acknowledged ask's
 * trials must exist, trial numbers stay unique, and the study goes on afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connect, type Client, type StudyHandle } from '../../sdk/index.js';
import { createRng } from '../../core/rng.js';
import { startCli, stopChild, tempDir } from './harness.js';

const KILLS = 5;
const WORKERS = 8;

/**
 * Starts `server/main.ts` on the file and port; every child is recorded in `children` before it
 * can fail, so the test's cleanup kills it on every path (a start-up that never logs `listening`
 * is killed by startCli itself). Regression: a start-up over 20 s left the child running and
 * `npm test` hung forever with a leaked temp dir.
 */
async function startChild(dbPath: string, port: number, children: ChildProcess[]): Promise<{ child: ChildProcess; port: number }> {
  const c = await startCli(['--port', String(port), '--host', '127.0.0.1', '--storage', `sqlite:${dbPath}`]);
  children.push(c.child);
  return { child: c.child, port: c.port };
}

test('acknowledged tells survive SIGKILL + restart exactly once; the study continues', { timeout: 300_000 }, async () => {
  const tmp = tempDir('bo-crash-');
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  let stop = false;
  try {
    const db = join(tmp.dir, 'bo.sqlite');
    let { child, port } = await startChild(db, 0, children);
    const url = `http://127.0.0.1:${port}`;
    // Retries must outlast a restart (tsx start-up is ~1 s): up to 40 tries with backoff <= 2 s.
    const opts = { timeoutMs: 4000, retries: 40 };
    const admin = await connect(url, opts);
    clients.push(admin);
    const study = await admin.createStudy({
      name: 'crash',
      space: { x: { type: 'float', low: -1, high: 1 }, n: { type: 'int', low: 0, high: 9 } },
      objectives: { y: 'minimize' },
      algorithm: { surrogate: 'none', seed: 11 },
    });

    const acknowledgedTells = new Map<string, number>();
    const acknowledgedAsks = new Set<string>();
    const errors: string[] = [];
    const worker = async (w: number) => {
      const client = await connect(url, { ...opts, clientId: `crash-w${w}` });
      clients.push(client);
      const mine: StudyHandle<{ x: number; n: number }> = await client.getStudy(study.id);
      while (!stop) {
        try {
          const [t] = await mine.ask();
          acknowledgedAsks.add(t!.id);
          const y = t!.params.x * t!.params.x + t!.params.n;
          await mine.tell(t!.id, { y });
          acknowledgedTells.set(t!.id, y);
        } catch (err) {
          errors.push(`w${w}: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w));

    const rng = createRng(2024);
    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 500 + 2000 * rng.uniform()));
      await stopChild(child);
      ({ child } = await startChild(db, port, children));
    }
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(running);

    const trials = await study.trials();
    const byId = new Map(trials.map((t) => [t.id, t]));
    assert.equal(byId.size, trials.length, 'trial ids are unique');
    assert.equal(new Set(trials.map((t) => t.number)).size, trials.length, 'trial numbers are unique');
    assert.ok(acknowledgedTells.size >= 50, `only ${acknowledgedTells.size} tells were acknowledged`);
    for (const [id, y] of acknowledgedTells) {
      const t = byId.get(id);
      assert.ok(t, `acknowledged trial ${id} is missing`);
      assert.equal(t.state, 'completed', `trial ${id}`);
      assert.deepEqual(t.values, { y });
    }
    for (const id of acknowledgedAsks) assert.ok(byId.has(id), `acknowledged ask ${id} is missing`);
    // The SDK's retries (same requestId) ride out every restart: no request may fail for good.
    assert.deepEqual(errors, []);

    console.log(`# crash: ${KILLS} kills, ${acknowledgedTells.size} acknowledged tells, ${trials.length} trials stored`);
    const [more] = await study.ask();
    await study.tell(more!.id, { y: 0 });
    assert.equal((await study.trials()).length, trials.length + 1);
  } finally {
    stop = true;
    for (const c of clients) c.close();
    await Promise.all(children.map((c) => stopChild(c)));
    tmp.remove();
  }
});
