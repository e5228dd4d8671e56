/**
 * A lighter server start: the surrogate registry loads the TensorFlow.js families (dkl, pfn) at
 * their first fit, not at import, and the scale-out clients (BullMQ, ioredis, node-redis,
 * node-postgres) load only for the role or storage that uses them. Checked in a fresh process
 * against the module graph itself (require.cache, where Node's CommonJS loader records each of
 * these packages however it was reached, and tfjs-core's global engine, which it sets on import).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSurrogate } from '../../surrogates/registry.js';
import { LazySurrogate, type LazyFamily } from '../../surrogates/lazy-surrogate.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { PfnSurrogate } from '../../surrogates/pfn/pfn-surrogate.js';
import { DklOptions } from '../../surrogates/dkl/dkl-options.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from '../../surrogates/types.js';
import { createRng } from '../../core/rng.js';
import { BoError } from '../../core/errors.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `body` (an ES module) in a fresh node with tsx; returns its stdout parsed as JSON. A child
 * that hangs (a server that never closes) is killed rather than outliving the test run.
 */
function inFreshProcess(body: string): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL', env: { ...process.env, BO_TENSOR_BACKEND: '', BO_TF_BACKEND: '' } });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** The probe's epilogue: which loaded modules are TensorFlow.js, and whether its engine exists. */
const REPORT = `
const { createRequire } = await import('node:module');
const cache = createRequire(import.meta.url).cache;
const tf = Object.keys(cache).filter((p) => p.includes('@tensorflow'));
const scaleOut = Object.keys(cache).filter((p) => ['bullmq', 'ioredis', 'redis', '@redis', 'pg'].some((m) => p.includes('/node_modules/' + m + '/')));
console.log(JSON.stringify({ tfModules: tf.length, engine: globalThis._tfengine != null, scaleOutModules: scaleOut.length }));`;

test('the server (SQLite), a GP and a Sobol study, and a created (unfitted) dkl/pfn surrogate load neither TensorFlow.js nor the Redis/BullMQ/PostgreSQL clients', () => {
  const seen = inFreshProcess(`
const { startServer } = await import('./server/app.ts');
const { connect } = await import('./sdk/index.ts');
const { createSurrogate } = await import('./surrogates/registry.ts');
const { mkdtempSync } = await import('node:fs');
const { join } = await import('node:path');
const { tmpdir } = await import('node:os');
const s = await startServer({ port: 0, storageUrl: 'sqlite:' + join(mkdtempSync(join(tmpdir(), 'bo-light-')), 'a.sqlite'), logLevel: 'silent', computeWorkers: 0 });
const c = await connect(s.url);
for (const surrogate of ['gp', 'none']) {
  const st = await c.createStudy({ name: surrogate, space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { f: 'minimize' }, algorithm: { surrogate, initialTrials: 2, seed: 1 } });
  for (let i = 0; i < 3; i++) { const [t] = await st.ask(); await st.tell(t.id, { f: t.params.x }); }
}
createSurrogate('dkl', {}); createSurrogate('pfn', {});
c.close(); await s.close();
${REPORT}`) as { tfModules: number; engine: boolean; scaleOutModules: number };
  assert.deepEqual(seen, { tfModules: 0, engine: false, scaleOutModules: 0 });
});

test('the probe itself sees TensorFlow.js once a dkl surrogate is fitted, and the scale-out clients once opened (the check above can fail)', () => {
  const seen = inFreshProcess(`
await import('./server/cluster/queue-plane.ts');
await import('./server/redis-adapter.ts');
await import('./server/storage/postgres-storage.ts');
const { createSurrogate } = await import('./surrogates/registry.ts');
const { createRng } = await import('./core/rng.ts');
const X = { rows: 4, cols: 1, data: new Float64Array([0.1, 0.4, 0.6, 0.9]) };
await createSurrogate('dkl', { steps: 2 }).fit({ X, y: new Float64Array([0, 1, 0.5, -1]) }, { rng: createRng(1) }).catch(() => undefined);
${REPORT}`) as { tfModules: number; engine: boolean; scaleOutModules: number };
  assert.ok(seen.tfModules > 0, 'tfjs modules in require.cache after a dkl fit');
  assert.equal(seen.engine, true);
  assert.ok(seen.scaleOutModules > 0, 'bullmq/redis/pg modules in require.cache once imported');
});

/** The BoError a call throws, as {code, message, issues}. */
function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BoError, `a BoError, got ${String(e)}`);
    return { code: e.code, message: e.message, issues: e.issues };
  }
  assert.fail('expected a throw');
}

test('a bad dkl or pfn option fails at creation with the real constructor\'s code, path and message', () => {
  for (const bad of [{ bogus: 1 }, { steps: -3 }]) assert.deepEqual(errorOf(() => createSurrogate('dkl', bad)), errorOf(() => new DklSurrogate(bad as never)));
  for (const bad of [{ bogus: 1 }, { maxContext: 1 }]) assert.deepEqual(errorOf(() => createSurrogate('pfn', bad)), errorOf(() => new PfnSurrogate(bad as never)));
});

test('LazySurrogate loads once, hands fit its data and options unchanged, and retries a failed load', async () => {
  const calls: { data: TrainingData; options: FitOptions; built: Record<string, unknown> }[] = [];
  let loads = 0;
  let failNext = true;
  const fitted = { kind: 'fake' } as unknown as FittedSurrogate;
  const family: LazyFamily = {
    kind: 'dkl',
    options: DklOptions,
    issuePath: ['surrogateOptions'],
    load: async () => {
      loads += 1;
      if (failNext) {
        failNext = false;
        throw new Error('import failed');
      }
      return (built): Surrogate => ({ kind: 'dkl', fit: async (data, options) => (calls.push({ data, options, built }), fitted) });
    },
  };
  const lazy = new LazySurrogate(family, { steps: 5 });
  assert.equal(lazy.kind, 'dkl');
  assert.equal(loads, 0, 'nothing is imported at creation');
  const data = { X: { rows: 1, cols: 1, data: new Float64Array([0.5]) }, y: new Float64Array([1]) };
  const options = { rng: createRng(3) };
  await assert.rejects(lazy.fit(data, options), /import failed/);
  assert.equal(await lazy.fit(data, options), fitted);
  assert.equal(await lazy.fit(data, options), fitted);
  assert.equal(loads, 2, 'one failed import, then one import for both fits');
  assert.equal(calls.length, 2);
  assert.ok(calls.every((c) => c.data === data && c.options === options));
  assert.deepEqual(calls[0]!.built, { steps: 5 }, 'the real surrogate gets the options as given');
});
