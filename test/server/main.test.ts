import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli as spawnCli, stopChild, type CliChild } from '../e2e/harness.js';

/** Spawns the CLI and waits for its `listening` log line (the contract the crash-safety test relies on); killed after the file's tests. */
async function startCli(args: string[], env: Record<string, string>): Promise<CliChild> {
  const c = await spawnCli(args, { env });
  children.push(c.child);
  return c;
}

async function post(port: number, path: string, body: unknown, token: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return res.json();
}

const children: ChildProcess[] = [];
after(() => Promise.all(children.map((c) => stopChild(c))));

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

test('a bad flag is one line on stderr and exit code 2, not an INTERNAL log', async () => {
  for (const [args, text] of [
    [['--port', 'abc'], /^invalid --port 'abc': expected an integer 0-65535/],
    [['--port', '70000'], /invalid --port '70000'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--log-level', 'loud'], /invalid --log-level: unknown log level 'loud'/],
    [['--lease-seconds=-1'], /invalid --lease-seconds '-1'/],
    [['--lease-seconds', '-1'], /argument is ambiguous/],
    [['--allow-origin', 'ftp://x'], /invalid --allow-origin: invalid origin 'ftp:\/\/x'/],
  ] as [string[], RegExp][]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, text);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /INTERNAL/);
  }
  const env = await runCli([], { env: { BO_PORT: 'x' } });
  assert.equal(env.code, 2);
  assert.match(env.stderr, /invalid BO_PORT 'x'/);
});

test('an unusable sqlite path fails fast with the path and errno (exit 1), instead of spinning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bo-main-bad-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  const underFile = await runCli(['--port', '0', '--storage', `sqlite:${join(file, 'bo.sqlite')}`]);
  assert.equal(underFile.code, 1);
  assert.match(underFile.stderr, new RegExp(`cannot use storage 'sqlite:${file}/bo.sqlite'.*(ENOTDIR|EEXIST)`));
  mkdirSync(join(dir, 'adir'));
  const isDir = await runCli(['--port', '0', '--storage', `sqlite:${join(dir, 'adir')}`]);
  assert.equal(isDir.code, 1);
  assert.match(isDir.stderr, /EISDIR/);
  assert.equal(isDir.stderr.trim().split('\n').length, 1);
});

test('a public bind with a short token is refused at start-up', async () => {
  const r = await runCli(['--port', '0', '--host', '0.0.0.0', '--token', 'short', '--storage', 'memory:']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /at least 16 characters/);
});
