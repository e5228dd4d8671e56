/**
 * Regression tests of issue 14 item 8 and "NaN/Infinity arrive as null": the SDK refuses, before
 * sending, a value JSON cannot carry (naming the field) and a message over MAX_PAYLOAD_BYTES
 * (naming the limit), with a non-retryable INVALID_ARGUMENT; the connection stays usable.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, SdkError, type Client } from '../../sdk/index.js';
import { MAX_PAYLOAD_BYTES } from '../../protocol/messages.js';
import { startTestServer, type TestServer } from '../e2e/harness.js';

const invalid = (path: (string | number)[] | null, text: RegExp) => (err: unknown) => {
  assert.ok(err instanceof SdkError, String(err));
  assert.equal(err.code, 'INVALID_ARGUMENT');
  assert.equal(err.retryable, false);
  assert.match(err.message, text);
  if (path) assert.deepEqual(err.issues[0]?.path, path);
  return true;
};

describe('SDK preflight against the real server', () => {
  let server: TestServer;
  let client: Client;
  before(async () => {
    server = await startTestServer();
    client = await connect(server.url, { retries: 2 });
  });
  after(async () => {
    client.close();
    await server.close();
  });

  const spec = { name: 'pre', space: { x: { type: 'float' as const, low: 0, high: 1 } }, objectives: { y: 'minimize' as const }, algorithm: { surrogate: 'none' as const } };

  test('NaN and Infinity told through the SDK are refused naming the field (they arrived as null before)', async () => {
    const study = await client.createStudy(spec);
    const [t] = await study.ask();
    await assert.rejects(study.tell(t!.id, { y: NaN }), invalid(['values', 'y'], /values\.y: must be a finite number, not NaN/));
    await assert.rejects(study.tell(t!.id, Infinity), invalid(['values', 'y'], /not Infinity/));
    await assert.rejects(study.tell(t!.id, 1, { cost: -Infinity }), invalid(['cost'], /finite/));
    await assert.rejects(study.addTrials([{ params: { x: NaN }, values: 1 }]), invalid(['trials', 0, 'params', 'x'], /finite/));
    assert.equal((await study.tell(t!.id, 0.5)).state, 'completed', 'nothing was sent, the trial is still open');
  });

  test('an oversized message is INVALID_ARGUMENT naming the limit, not a retryable disconnect', async () => {
    await assert.rejects(client.createStudy({ ...spec, name: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) }), invalid([], new RegExp(`limit of ${MAX_PAYLOAD_BYTES} bytes`)));
    assert.equal(client.socket.connected, true, 'the connection was not dropped');
    assert.equal(typeof (await client.health()).version, 'string');
  });

  test('a payload nested past what socket.io can encode is refused with its path, not a RangeError', async () => {
    const study = await client.createStudy(spec);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    await assert.rejects(study.enqueue({ x: deep as number }), invalid(null, /nested deeper than 64 levels/));
  });
});
