/**
 * GET /metrics on the real server (port 0, one compute worker, the test policies): fallbacks by
 * reason (a hard-limit termination, a stand-in model), worker restarts, and the ask histogram by
 * surrogate and phase. Parses the Prometheus text; asserts counts, never durations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './harness.js';
import { restCaller } from './wire.js';
import { SPIN_SEED, STAND_IN_SEED } from '../server/compute/test-policies.js';

const TEST_POLICIES = new URL('../server/compute/test-policies.ts', import.meta.url);
const SPACE = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } };

/** One sample of the exposition format: `name{k="v",...} value`. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses Prometheus text exposition (comments skipped; label values here hold no escaped quotes). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the sample with this name and (at least) these labels; 0 when absent (a counter never incremented). */
function value(samples: Sample[], name: string, labels: Record<string, string>): number {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

test('GET /metrics: fallbacks by reason (hard-limit, model-fallback), worker restarts, asks by surrogate and phase', async (t) => {
  const server = await startTestServer({ server: { computeWorkers: 1, computePolicyModule: TEST_POLICIES, suggestHardLimitMs: 5000 } });
  t.after(() => server.close());
  const rest = restCaller(server.url);
  const study = async (seed: number, told: number): Promise<string> => {
    const id = (await rest('study:create', { name: `s${seed}`, space: SPACE, objectives: { y: 'minimize' }, algorithm: { surrogate: 'gp', initialTrials: 2, seed } })).data.id as string;
    if (told > 0) await rest('trial:add', { studyId: id, trials: Array.from({ length: told }, (_, i) => ({ params: { a: (i + 0.5) / told, b: 0.5 }, values: { y: i } })) });
    return id;
  };
  const phases: string[] = [];
  const ask = async (studyId: string) => {
    const r = await rest('trial:ask', { studyId });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const d = r.data.trials[0].diagnostics as { phase: string; fallbackClass?: string; modelFallback?: string };
    phases.push(d.phase);
    return d;
  };
  assert.equal((await ask(await study(1, 0))).phase, 'initial-design');
  const spun = await ask(await study(SPIN_SEED, 3));
  assert.deepEqual([spun.phase, spun.fallbackClass], ['fallback', 'hard-limit']);
  const standIn = await ask(await study(STAND_IN_SEED, 3));
  assert.deepEqual([standIn.phase, standIn.modelFallback], ['model', 'gp']);

  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
  const samples = parse(await res.text());
  assert.equal(value(samples, 'bo_fallbacks_total', { surrogate: 'gp', reason: 'hard-limit' }), 1);
  assert.equal(value(samples, 'bo_fallbacks_total', { surrogate: 'gp', reason: 'model-fallback' }), 1);
  assert.equal(value(samples, 'bo_compute_worker_restarts_total', { reason: 'hard-limit' }), 1);
  assert.equal(value(samples, 'bo_compute_worker_restarts_total', { reason: 'worker-crash' }), 0);
  for (const phase of ['initial-design', 'fallback', 'model']) {
    const n = phases.filter((p) => p === phase).length;
    assert.equal(value(samples, 'bo_ask_duration_seconds_count', { surrogate: 'gp', phase }), n, `asks of phase ${phase}`);
    assert.equal(value(samples, 'bo_ask_duration_seconds_bucket', { surrogate: 'gp', phase, le: '+Inf' }), n);
  }
  assert.equal(value(samples, 'bo_compute_busy_workers', {}), 0);
  assert.equal(value(samples, 'bo_compute_queue_depth', {}), 0);
});
