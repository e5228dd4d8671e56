/**
 * A conditional space end to end over the real server and the TypeScript SDK: a BO loop (GP,
 * qLogNEI) whose every asked trial names exactly its active parameters (judged by the recursive
 * reference in test/core/conditional-fixture.ts); trial:add and trial:enqueue refusing an inactive
 * parameter or a missing active one with the field path; create refusing bad conditions and the
 * unsupported combinations (a fidelity parameter, a candidate pool) with paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SdkError } from '../../sdk/index.js';
import type { Params } from '../../protocol/space.js';
import { isActive } from '../core/conditional-fixture.js';
import { serverAndClientPerFile } from './harness.js';

const SPACE = {
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  momentum: { type: 'float', low: 0, high: 0.99, when: { opt: ['sgd'] } },
  nesterov: { type: 'categorical', choices: [true, false], when: { opt: ['sgd'] } },
  beta2: { type: 'float', low: 0.9, high: 0.9999, when: { opt: ['adam'] } },
  warmup: { type: 'int', low: 0, high: 3 },
  warmup_shape: { type: 'categorical', choices: ['linear', 'cosine'], when: { warmup: [1, 2, 3] } },
} as const;

/** Minimized; each optimizer branch has its own best region. */
function loss(p: Params): number {
  const lr = Math.log10(p.lr as number) + 2;
  const branch = p.opt === 'sgd' ? ((p.momentum as number) - 0.9) ** 2 + (p.nesterov ? 0 : 0.05) : ((p.beta2 as number) - 0.999) ** 2 * 100 + 0.02;
  return lr ** 2 + branch + ((p.warmup as number) === 0 ? 0.1 : p.warmup_shape === 'cosine' ? 0 : 0.03);
}

function activeNames(p: Params): string[] {
  const full: Params = { ...p };
  for (const n of Object.keys(SPACE)) if (!(n in full)) full[n] = '__absent__';
  return Object.keys(SPACE).filter((n) => isActive(SPACE as never, n, full)).sort();
}

const env = serverAndClientPerFile();

async function rejects(p: Promise<unknown>, path: (string | number)[], message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SdkError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT', e.message);
    assert.deepEqual(e.issues[0]?.path, path, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test('a BO loop over a conditional space asks only active params and improves on its design', async () => {
  const study = await env.client.createStudy({
    name: 'conditional-e2e',
    space: SPACE,
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'qlognei', initialTrials: 8, seed: 2 },
  });
  const seen: Params[] = [];
  await study.optimize(async (p) => {
    assert.deepEqual(Object.keys(p).sort(), activeNames(p), JSON.stringify(p));
    seen.push(p);
    return { loss: loss(p) };
  }, { trials: 20, concurrency: 2 });
  const trials = await study.trials(['completed']);
  assert.equal(trials.length, 20);
  assert.ok(trials.some((t) => t.diagnostics?.phase === 'model'), 'model asks ran');
  assert.deepEqual(new Set(seen.map((p) => p.opt)), new Set(['adam', 'sgd']));
  const best = await study.best();
  const designBest = Math.min(...trials.filter((t) => t.number < 8).map((t) => t.values!.loss!));
  assert.ok(best!.values!.loss! <= designBest, `best ${best!.values!.loss} vs design best ${designBest}`);
  // The model's recommendation is a point of the space too: only its active params.
  const rec = await study.recommend();
  assert.deepEqual(Object.keys(rec.params).sort(), activeNames(rec.params as Params));
});

test('trial:add and trial:enqueue refuse an inactive parameter and a missing active one, with its path', async () => {
  const study = await env.client.createStudy({ name: 'conditional-add', space: SPACE, objectives: { loss: 'minimize' }, algorithm: { seed: 1 } });
  const good = { opt: 'adam', lr: 0.01, beta2: 0.99, warmup: 0 } as const;
  const [added] = await study.addTrials([{ params: good, values: { loss: 1 } }]);
  assert.deepEqual(added!.params, good);
  await rejects(study.addTrials([{ params: good, values: { loss: 1 } }, { params: { ...good, momentum: 0.5 }, values: { loss: 1 } }]), ['trials', 1, 'params', 'momentum'], /inactive/);
  await rejects(study.addTrials([{ params: { opt: 'sgd', lr: 0.01, momentum: 0.5, warmup: 0 }, values: { loss: 1 } }]), ['trials', 0, 'params', 'nesterov'], /missing parameter/);
  await rejects(study.enqueue({ ...good, warmup: 2 }), ['params', 'warmup_shape'], /missing parameter/);
  await rejects(study.enqueue({ ...good, warmup_shape: 'linear' }), ['params', 'warmup_shape'], /inactive/);
  const queued = await study.enqueue({ opt: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, warmup: 1, warmup_shape: 'cosine' });
  const [asked] = await study.ask();
  assert.equal(asked!.id, queued.id);
  assert.deepEqual(asked!.params, queued.params);
});

test('create refuses bad conditions and conditional spaces with a fidelity parameter or a pool, with paths', async () => {
  const create = (space: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    env.client.createStudy({ name: 'bad', space: space as never, objectives: { loss: 'minimize' }, ...extra });
  await rejects(create({ a: { type: 'float', low: 0, high: 1, when: { nope: ['x'] } } }), ['space', 'a', 'when', 'nope'], /unknown parent/);
  await rejects(create({ o: SPACE.opt, a: { type: 'float', low: 0, high: 1, when: { o: ['rmsprop'] } } }), ['space', 'a', 'when', 'o', 0], /not a value of 'o'/);
  await rejects(
    create({ o: SPACE.opt, a: { type: 'float', low: 0, high: 1, when: { o: ['sgd'] } }, size: { type: 'fidelity', levels: [{ value: 's', cost: 1 }, { value: 'l', cost: 4 }] } }),
    ['space', 'a', 'when'],
    /not supported with a fidelity parameter/,
  );
  await rejects(
    create({ o: SPACE.opt, a: { type: 'int', low: 0, high: 2, when: { o: ['sgd'] } } }, { pool: [{ o: 'adam' }, { o: 'sgd', a: 1 }] }),
    ['space', 'a', 'when'],
    /not supported with a candidate pool/,
  );
});
