/** server/cli-args.ts: the compute flags (workers, worker heap cap) from flags and environment; a bad value is a FlagError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, parseCli } from '../../server/cli-args.js';

function server(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const cli = parseCli(argv, env);
  assert.equal(cli.help, false);
  return (cli as Extract<typeof cli, { help: false }>).server;
}

test('--compute-worker-memory-mb and BO_COMPUTE_WORKER_MEMORY_MB set the worker heap cap; the flag wins; absent leaves the default', () => {
  assert.equal(server(['--compute-worker-memory-mb', '512']).computeWorkerMemoryMb, 512);
  assert.equal(server([], { BO_COMPUTE_WORKER_MEMORY_MB: '1024' }).computeWorkerMemoryMb, 1024);
  assert.equal(server(['--compute-worker-memory-mb', '300'], { BO_COMPUTE_WORKER_MEMORY_MB: '1024' }).computeWorkerMemoryMb, 300);
  assert.equal(server([]).computeWorkerMemoryMb, undefined);
});

test('a worker heap cap that is not an integer of at least 64 MiB is a flag error naming the flag', () => {
  for (const bad of ['0', '12', '1.5', 'lots']) {
    assert.throws(() => parseCli(['--compute-worker-memory-mb', bad], {}), (e: unknown) => e instanceof FlagError && /--compute-worker-memory-mb/.test(e.message));
  }
});
