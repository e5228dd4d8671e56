/**
 * `npm start` runs the compiled tree (tools/build-server.mjs -> dist/): the built server answers
 * health, a GP ask reaches the model phase (so the compute worker thread booted from compiled
 * JavaScript and loaded the policy), and the lazily loaded pieces still load from dist/: a DKL
 * study's create-time probe loads a tensor backend in the worker (health stops saying
 * 'not loaded') and its first model ask imports the DKL module there.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../../sdk/index.js';
import { startCli, stopChild } from '../e2e/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the compiled server (dist/) answers health, a GP ask in the model phase and loads DKL lazily', async (t) => {
  const built = spawnSync(process.execPath, ['tools/build-server.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  assert.ok(existsSync(join(ROOT, 'dist/server/main.js')) && existsSync(join(ROOT, 'dist/server/compute/worker.js')));
  // What the build emits has no keepNames wrappers (the reason it exists; tsx adds `__name(...)`).
  assert.doesNotMatch(readFileSync(join(ROOT, 'dist/server/study-service.js'), 'utf8'), /__name\(/);

  const dir = mkdtempSync(join(tmpdir(), 'bo-compiled-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const server = await startCli(['--port', '0', '--storage', `sqlite:${join(dir, 'bo.sqlite')}`, '--log-level', 'warn'], { compiled: true, startupMs: 120_000 });
  t.after(() => stopChild(server.child));
  const cmdline = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
  assert.ok(cmdline.includes('dist/server/main.js'), `runs the compiled entry: ${cmdline.join(' ')}`);

  const url = `http://127.0.0.1:${server.port}`;
  const health = (await (await fetch(`${url}/v1/health`)).json()) as { ok: boolean; data: { version: string; linalg: string; tensorBackend: string } };
  assert.equal(health.ok, true);
  // dist/package.json is generated from the root one; health reads the version through it.
  assert.equal(health.data.version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  assert.equal(health.data.tensorBackend, 'not loaded');

  const client = await connect(url);
  t.after(() => client.close());
  const gp = await client.createStudy({
    name: 'compiled-gp',
    space: { x: { type: 'float', low: -2, high: 2 } },
    objectives: { y: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 3, seed: 1, exploration: { mode: 'off' } },
  });
  for (let i = 0; i < 3; i++) {
    const [trial] = await gp.ask();
    await gp.tell(trial!.id, { y: (trial!.params.x - 0.5) ** 2 });
  }
  const [modelTrial] = await gp.ask();
  assert.equal(modelTrial!.diagnostics?.phase, 'model', JSON.stringify(modelTrial!.diagnostics));

  const dkl = await client.createStudy({
    name: 'compiled-dkl',
    space: { x: { type: 'float', low: -2, high: 2 } },
    objectives: { y: 'minimize' },
    // Small training so the test stays cheap: what is checked is that the modules load, not the fit.
    algorithm: { surrogate: 'dkl', acquisition: 'log-ei', initialTrials: 3, seed: 1, surrogateOptions: { widths: [4], steps: 5, pretrainSteps: 5, restarts: 0 } },
  });
  const healthAfter = (await (await fetch(`${url}/v1/health`)).json()) as { data: { tensorBackend: string } };
  assert.notEqual(healthAfter.data.tensorBackend, 'not loaded', 'the DKL probe loaded a tensor backend in a compiled worker');
  for (let i = 0; i < 3; i++) {
    const [trial] = await dkl.ask();
    await dkl.tell(trial!.id, { y: (trial!.params.x - 0.5) ** 2 });
  }
  const [dklTrial] = await dkl.ask();
  assert.equal(dklTrial!.diagnostics?.phase, 'model', JSON.stringify(dklTrial!.diagnostics));
});
