/** server/hard-limit.ts: the in-process timer releases the caller with the limit's error and aborts the job; a parent abort reaches the job. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../core/errors.js';
import { withHardLimit } from '../../server/hard-limit.js';

test('a job past its hard limit: the caller gets the limit error, the job its aborted signal', async () => {
  let signal: AbortSignal | undefined;
  const limit = () => new BoError('DEADLINE_EXCEEDED', 'too slow');
  const p = withHardLimit(new AbortController().signal, 20, limit, (s) => {
    signal = s;
    return new Promise<never>(() => undefined);
  });
  await assert.rejects(p, (e: unknown) => e instanceof BoError && e.code === 'DEADLINE_EXCEEDED');
  assert.equal(signal?.aborted, true);
});

test("the parent's abort reaches the job's signal; a job that ends in time returns its value", async () => {
  const parent = new AbortController();
  const seen = withHardLimit(parent.signal, 60_000, () => new Error('limit'), (s) => new Promise<string>((resolve) => s.addEventListener('abort', () => resolve(String(s.reason)))));
  parent.abort('gone');
  assert.equal(await seen, 'gone');
  assert.equal(await withHardLimit(new AbortController().signal, 60_000, () => new Error('limit'), async () => 42), 42);
});
