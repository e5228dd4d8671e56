/**
 * Regression test of issue 14 "study listing order contradicts the SDK doc": studies are listed
 * oldest first (creation order) by every storage, over REST, socket.io and the SDK, and `limit`
 * keeps the oldest ones, as protocol/messages.ts and the SDK document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { startServer } from '../../server/app.js';
import { connect } from '../../sdk/index.js';

for (const storageUrl of ['memory:', 'sqlite::memory:']) {
  test(`studies are listed oldest first on every transport (${storageUrl})`, async () => {
    const server = await startServer({ port: 0, storageUrl, logLevel: 'silent' });
    const client = await connect(server.url);
    let socket: Socket | undefined;
    try {
      const names = ['first', 'second', 'third'];
      for (const name of names) await client.createStudy({ name, space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' } });
      assert.deepEqual((await client.listStudies()).map((s) => s.info.name), names, 'SDK');
      assert.deepEqual((await client.listStudies(2)).map((s) => s.info.name), ['first', 'second'], 'SDK with a limit');
      const rest = (await (await fetch(`${server.url}/v1/studies`)).json()) as { data: { name: string }[] };
      assert.deepEqual(rest.data.map((s) => s.name), names, 'REST');
      socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      const listed = (await socket.timeout(5000).emitWithAck('study:list', { limit: 1 })) as { data: { name: string }[] };
      assert.deepEqual(listed.data.map((s) => s.name), ['first'], 'socket with a limit');
    } finally {
      socket?.close();
      client.close();
      await server.close();
    }
  });
}
