/** study.optimize against a stand-in server that hands out trials and records tells/fails. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, SdkError } from '../../sdk/index.js';
import { createRng } from '../../core/rng.js';
import { startFake, type FakeServer } from './fake-server.js';

const study = { id: 's1', name: 'n', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: {}, leaseSeconds: 60, metadata: {}, createdAt: '', trialCounts: {} };

/** A minimal in-memory ask/tell service on the fake (seeded x values). */
function serveTrials(fake: FakeServer, seed: number) {
  const rng = createRng(seed);
  const trials = new Map<string, any>();
  fake.handle('study:get', (_p, ack) => ack({ ok: true, data: study }));
  fake.handle('trial:ask', (p, ack) => {
    const out = [];
    for (let i = 0; i < p.count; i++) {
      const t = { id: `t${trials.size}`, studyId: 's1', number: trials.size, state: 'running', params: { x: rng.uniform() }, createdAt: '' };
      trials.set(t.id, t);
      out.push(t);
    }
    ack({ ok: true, data: { trials: out } });
  });
  fake.handle('trial:tell', (p, ack) => {
    const t = trials.get(p.trialId);
    Object.assign(t, { state: 'completed', values: p.values });
    ack({ ok: true, data: t });
  });
  fake.handle('trial:fail', (p, ack) => {
    const t = trials.get(p.trialId);
    Object.assign(t, { state: 'failed', failReason: p.reason });
    ack({ ok: true, data: t });
  });
  fake.handle('trial:best', (_p, ack) => {
    const done = [...trials.values()].filter((t) => t.state === 'completed');
    done.sort((a, b) => a.values.y - b.values.y);
    ack({ ok: true, data: done[0] ?? null });
  });
  return trials;
}

test('optimize finishes exactly `trials` trials with at most `concurrency` in flight and returns the best', async () => {
  const fake = await startFake();
  const trials = serveTrials(fake, 3);
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy<{ x: number }>('s1');
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const best = await s.optimize(
      async ({ x }) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (x > 0.9) throw new Error(`too big: ${x}`);
        return (x - 0.3) ** 2;
      },
      { trials: 40, concurrency: 4, onTrial: (t) => seen.push(t.id) },
    );
    assert.equal(trials.size, 40);
    assert.equal(seen.length, 40);
    assert.equal(peak, 4);
    const all = [...trials.values()];
    assert.ok(all.every((t) => t.state === 'completed' || t.state === 'failed'));
    for (const t of all.filter((t) => t.state === 'failed')) assert.match(t.failReason, /^too big: 0\.9/);
    const ys = all.filter((t) => t.state === 'completed').map((t) => t.values.y);
    assert.equal(best!.values!.y, Math.min(...ys));
  } finally {
    client.close();
    await fake.close();
  }
});

test('an abort signal stops new asks; trials in flight are still told', async () => {
  const fake = await startFake();
  const trials = serveTrials(fake, 4);
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy<{ x: number }>('s1');
    const ctl = new AbortController();
    let n = 0;
    await s.optimize(
      async ({ x }) => {
        if (++n === 5) ctl.abort();
        await new Promise((r) => setTimeout(r, 5));
        return x;
      },
      { trials: 100, concurrency: 2, signal: ctl.signal },
    );
    assert.ok(trials.size >= 5 && trials.size <= 6, `asked ${trials.size}`);
    assert.ok([...trials.values()].every((t) => t.state === 'completed'));
  } finally {
    client.close();
    await fake.close();
  }
});

test('a non-retryable tell error stops the workers and rejects optimize', async () => {
  const fake = await startFake();
  serveTrials(fake, 5);
  fake.handle('trial:tell', (_p, ack) => ack({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'values must name the objective', retryable: false } }));
  const client = await connect(fake.url);
  try {
    const s = await client.getStudy('s1');
    await assert.rejects(s.optimize(() => ({ wrong: 1 }), { trials: 10, concurrency: 3 }), (e: unknown) => e instanceof SdkError && e.code === 'INVALID_ARGUMENT');
    assert.ok(fake.received.filter((r) => r.event === 'trial:ask').length <= 3);
  } finally {
    client.close();
    await fake.close();
  }
});
