/**
 * Durability under SIGKILL: a child-process server on SQLite is killed at seeded random moments
 * (5 kills over ~15 s) and restarted on the same file and port while 8 SDK workers ask and tell.
 * Every acknowledged tell must be stored exactly once with its values, every acknowledged ask's
 * trials must exist, trial numbers stay unique, and the study goes on afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type Client, type StudyHandle } from '../../sdk/index.js';
import { createRng } from '../../core/rng.js';
import { tempDir } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KILLS = 5;
const WORKERS = 8;

/** Starts `server/main.ts` and resolves with the child and the port from its listening line. */
function startChild(dbPath: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', '127.0.0.1', '--storage', `sqlite:${dbPath}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s; stderr: ${stderr}`)), 20000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; port?: number };
        if (msg.event === 'listening' && typeof msg.port === 'number') {
          clearTimeout(timer);
          resolve({ child, port: msg.port });
        }
      } catch {
        // not a JSON log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
}

function killNow(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test('acknowledged tells survive SIGKILL + restart exactly once; the study continues', { timeout: 90000 }, async () => {
  const tmp = tempDir('bo-crash-');
  const db = join(tmp.dir, 'bo.sqlite');
  let { child, port } = await startChild(db, 0);
  const url = `http://127.0.0.1:${port}`;
  const clients: Client[] = [];
  try {
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
    let stop = false;
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
      await killNow(child);
      ({ child } = await startChild(db, port));
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
    for (const c of clients) c.close();
    await killNow(child);
    tmp.remove();
  }
});
