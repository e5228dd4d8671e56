import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedMutex } from '../../server/keyed-mutex.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('one key runs one task at a time, in arrival order, errors do not jam it', async () => {
  const m = new KeyedMutex();
  const log: string[] = [];
  let inside = 0;
  const task = (name: string, ms: number, fail = false) =>
    m.run('k', async () => {
      inside += 1;
      assert.equal(inside, 1, 'never two at once');
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      inside -= 1;
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([task('a', 20), task('b', 1, true), task('c', 5)]);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal(m.activeKeys, 0, 'idle keys are dropped');
});

test('different keys run concurrently', async () => {
  const m = new KeyedMutex();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const blocked = m.run('a', () => gate);
  assert.equal(await m.run('b', async () => 'b'), 'b');
  release();
  await blocked;
});
