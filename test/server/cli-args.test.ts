/** parseCli: storage and Redis URLs of a replica, and the compute flags (workers' heap cap), from flags or environment; bad values are FlagErrors. */
import assert from 'node:assert/strict';
import { it, test } from 'node:test';
import { FlagError, parseCli } from '../../server/cli-args.js';

it('takes a postgres storage URL and a Redis URL from flags or env; refuses a Redis URL of another scheme', () => {
  const flags = parseCli(['--storage', 'postgres://bo:pw@db:5432/bo?max=4', '--redis', 'redis://cache:6379'], {});
  assert.ok(!flags.help);
  assert.deepEqual([flags.server.storageUrl, flags.server.redisUrl], ['postgres://bo:pw@db:5432/bo?max=4', 'redis://cache:6379']);
  const env = parseCli([], { BO_STORAGE: 'postgres://db/bo', BO_REDIS: 'rediss://cache:6380' });
  assert.ok(!env.help);
  assert.deepEqual([env.server.storageUrl, env.server.redisUrl], ['postgres://db/bo', 'rediss://cache:6380']);
  const none = parseCli([], {});
  assert.ok(!none.help && !('redisUrl' in none.server));
  assert.throws(() => parseCli(['--redis', 'http://u:secret@cache'], {}), (e: unknown) => e instanceof FlagError && /--redis/.test(e.message) && !e.message.includes('secret'));
});

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

test('--role: all is the default; api and worker need --redis and a postgres:// storage, each error naming the flag', () => {
  const pg = ['--storage', 'postgres://db/bo'];
  const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const c = parseCli(argv, env);
    assert.ok(!c.help);
    return c;
  };
  assert.equal(cli([]).role.role, 'all');
  assert.equal(cli([...pg, '--redis', 'redis://r:6379', '--role', 'api']).role.role, 'api');
  assert.deepEqual(cli([], { BO_ROLE: 'worker', BO_STORAGE: 'postgres://db/bo', BO_REDIS: 'redis://r', BO_COMPUTE_CLASSES: 'tensor', BO_GPU: '1' }).role, { role: 'worker', computeClasses: ['tensor'], gpu: true });
  const refused: [string[], RegExp][] = [
    [['--role', 'boss'], /invalid --role 'boss'/],
    [[...pg, '--role', 'api'], /--role api needs --redis/],
    [['--redis', 'redis://r', '--role', 'worker'], /--role worker needs a shared --storage postgres:\/\//],
    [[...pg, '--redis', 'redis://r', '--role', 'api', '--compute-workers', '2'], /--compute-workers does not apply to --role api/],
    [[...pg, '--redis', 'redis://r', '--role', 'worker', '--token', 'x'.repeat(20)], /--token does not apply to --role worker/],
    [[...pg, '--redis', 'redis://r', '--role', 'worker', '--compute-classes', 'cpu,quantum'], /invalid --compute-classes 'cpu,quantum': unknown class 'quantum'/],
    [['--gpu'], /--gpu does not apply to --role all/],
  ];
  for (const [argv, re] of refused) assert.throws(() => parseCli(argv, {}), (e: unknown) => e instanceof FlagError && re.test(e.message), argv.join(' '));
  // The worker listens (health only) where a port is given, and not by default.
  assert.equal(cli([...pg, '--redis', 'redis://r', '--role', 'worker']).portGiven, false);
  assert.equal(cli([...pg, '--redis', 'redis://r', '--role', 'worker', '--port', '9100']).portGiven, true);
});
