/** parseCli: the storage and Redis URLs of a replica, from flags or environment; a bad Redis URL is a flag error without its password. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
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
