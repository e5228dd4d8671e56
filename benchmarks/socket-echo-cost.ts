/**
 * The floor of socket.io on this machine (not a test): a bare socket.io server (child process)
 * that acknowledges every `trial:tell` at once with a trial-shaped reply, N websocket clients in
 * this process each sending M requests in turn. Prints messages/s and the server's and clients'
 * CPU µs per request+ack, to set against benchmarks/load.ts's CPU per pair (two such messages).
 *
 *   npx tsx benchmarks/socket-echo-cost.ts [--clients 16] [--messages 1000]
 */
import { createServer } from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io as connectIo, type Socket } from 'socket.io-client';
import { cpuSeconds } from './child-server.js';

const { values: flags, positionals } = parseArgs({ options: { clients: { type: 'string', default: '16' }, messages: { type: 'string', default: '1000' } }, allowPositionals: true });

if (positionals[0] === 'server') {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (s) =>
    s.on('trial:tell', (_payload: unknown, ack: (x: unknown) => void) =>
      ack({ ok: true, data: { id: 'tr_0123456789abcdef0123', number: 1, state: 'completed', params: { x: 1.2345, y: 2.3456, k: 3 }, values: { f: 1.5 }, createdAt: new Date().toISOString(), finishedAt: new Date().toISOString(), diagnostics: { phase: 'sobol', index: 3 } } }),
    ),
  );
  http.listen(0, '127.0.0.1', () => process.send!((http.address() as { port: number }).port));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const n = Number(flags.clients);
  const m = Number(flags.messages);
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<Socket>((resolve) => {
      const s = connectIo(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
      s.once('connect', () => resolve(s));
    })),
  );
  const server0 = cpuSeconds(child.pid);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const payload = { studyId: 'st_0123456789abcdef', trialId: 'tr_0123456789abcdef0123', values: { f: 1.5 }, requestId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' };
  await Promise.all(sockets.map(async (s) => {
    for (let i = 0; i < m; i++) await s.emitWithAck('trial:tell', payload);
  }));
  const seconds = (performance.now() - t0) / 1000;
  const server = cpuSeconds(child.pid) - server0;
  const client = process.cpuUsage(client0);
  const total = n * m;
  console.log(`| clients | messages | messages/s | server CPU µs/message | client CPU µs/message |\n|---:|---:|---:|---:|---:|\n| ${n} | ${total} | ${Math.round(total / seconds)} | ${Math.round((1e6 * server) / total)} | ${Math.round((client.user + client.system) / total)} |`);
  for (const s of sockets) s.close();
  child.kill();
}
