import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  port: number;
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Spawns the CLI and waits for its `listening` log line (the contract the crash-safety test relies on). */
function startCli(args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.stdout!.on('data', (d) => {
      buf += String(d);
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
        buf = buf.slice(i + 1);
        lines.push(line);
        if (line.event === 'listening') resolve({ child, port: line.port as number, lines, exited });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

async function post(port: number, path: string, body: unknown, token: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return res.json();
}

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

test('CLI: env config, JSON logs, graceful SIGTERM, idempotent ask across a restart on sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-main-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // BO_LOG_LEVEL=warn: the listening line is printed whatever the level (tools parse it).
  const env = { BO_PORT: '0', BO_STORAGE: `sqlite:${join(dir, 'sub', 'bo.sqlite')}`, BO_TOKEN: 'tkn', BO_LOG_LEVEL: 'warn' };
  const first = await startCli([], env);
  const listening = first.lines.find((l) => l.event === 'listening')!;
  assert.equal(listening.host, '127.0.0.1');
  assert.equal(listening.storage, `sqlite:${join(dir, 'sub', 'bo.sqlite')}`);
  assert.ok(typeof listening.linalg === 'string' && typeof listening.time === 'string' && listening.level === 'info');
  const study = await post(first.port, '/studies', { name: 'cli', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' } }, 'tkn');
  const id = study.data.id as string;
  const asked = await post(first.port, `/studies/${id}/ask`, { count: 2, requestId: 'same' }, 'tkn');
  assert.equal(asked.data.trials.length, 2);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, 'graceful shutdown exits 0');

  // Restart with flags (flags win over env) and retry the ask: the original trials come back.
  const second = await startCli(['--port', '0', '--log-level', 'info'], env);
  const retried = await post(second.port, `/studies/${id}/ask`, { count: 2, requestId: 'same' }, 'tkn');
  assert.deepEqual(retried.data.trials.map((t: { id: string }) => t.id), asked.data.trials.map((t: { id: string }) => t.id));
  const unauth = await fetch(`http://127.0.0.1:${second.port}/v1/health`);
  assert.equal(unauth.status, 401);
  second.child.kill('SIGINT');
  assert.equal(await second.exited, 0);
});
