/**
 * The `bayesopt` CLI run as a child process against a real server on port 0: tables and --json
 * agree with what the SDK reads, export -> import round-trips completed trials, every command has
 * --help, and the exit statuses mean what cli/exit-codes.ts says.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Client } from '../../sdk/index.js';
import { EXIT } from '../../cli/exit-codes.js';
import { COMMANDS } from '../../cli/args.js';
import { startTestServer, stopChild, tempDir, type TestServer } from '../e2e/harness.js';
import { runBin, serveBin } from './run-bin.js';

const SPACE = {
  x: { type: 'float', low: 0, high: 1 },
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
  w: { type: 'simplex', components: ['a', 'b'] },
} as const;

/** A server on port 0, an SDK client and a temporary directory, all closed or removed after the test. */
async function setup(t: TestContext): Promise<{ server: TestServer; client: Client; dir: string }> {
  const server = await startTestServer();
  t.after(() => server.close());
  const client = await connect(server.url);
  t.after(() => client.close());
  const { dir, remove } = tempDir('bayesopt-cli-');
  t.after(remove);
  return { server, client, dir };
}

/** A study with 5 completed trials (loss = (x - 0.3)^2, +1 for sgd) and one failed. */
async function seededStudy(client: Client, name: string) {
  const study = await client.createStudy({ name, space: SPACE, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', seed: 4 } });
  for (const t of await study.ask(5)) await study.tell(t.id, { loss: (t.params.x - 0.3) ** 2 + (t.params.opt === 'sgd' ? 1 : 0) });
  const [f] = await study.ask();
  await study.fail(f!.id, 'diverged');
  return study;
}

test('--help on every command exits 0; unknown commands, flags and missing arguments exit 2', async () => {
  const helps = await Promise.all(['--help', ...Object.keys(COMMANDS).map((c) => `${c} --help`), 'serve --help'].map((a) => runBin(a.split(' '))));
  for (const r of helps) {
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stdout, /usage: /);
  }
  const [unknown, badFlag, missing, badFormat] = await Promise.all([runBin(['frobnicate']), runBin(['studies', '--nope']), runBin(['show']), runBin(['export', 'x', '--format', 'xml'])]);
  for (const r of [unknown, badFlag, missing]) assert.equal(r.code, EXIT.usage, r.stderr);
  assert.match(missing.stderr, /takes STUDY/);
  // --format is checked before the server is asked (no server listens at the default URL here).
  assert.equal(badFormat.code, EXIT.usage, badFormat.stderr);
});

test('studies, show, trials, best and export agree with the SDK; export -> import round-trips completed trials', async (t) => {
  const { server, client, dir } = await setup(t);
  const study = await seededStudy(client, 'cli-demo');
  const target = await client.createStudy({ name: 'cli-target', space: SPACE, objectives: { loss: 'minimize' } });
  const env = { BO_URL: server.url };
  const best = (await study.best())!;

  const list = await runBin(['studies'], { env });
  assert.equal(list.code, 0, list.stderr);
  const row = list.stdout.split('\n').find((l) => l.startsWith('cli-demo'))!;
  assert.match(row, new RegExp(`${study.id}\\s+completed 5, failed 1`));
  const listJson = JSON.parse((await runBin(['studies', '--json'], { env })).stdout) as { id: string; best: { id: string } | null }[];
  assert.equal(listJson.find((s) => s.id === study.id)!.best!.id, best.id);

  const [show, failed, bestJson, byName] = await Promise.all([
    runBin(['show', study.id, '--last', '2'], { env }),
    runBin(['trials', study.id, '--state', 'failed', '--json'], { env }),
    runBin(['best', study.id, '--json'], { env }),
    runBin(['best', 'cli-demo'], { env }),
  ]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /algorithm: +\{"policy":"[^"]+","surrogate":"none"/);
  assert.match(show.stdout, /last 2 trials:/);
  const failedTrials = JSON.parse(failed.stdout) as { state: string; failReason: string }[];
  assert.deepEqual(failedTrials.map((x) => [x.state, x.failReason]), [['failed', 'diverged']]);
  assert.deepEqual(JSON.parse(bestJson.stdout), best);
  assert.match(byName.stdout, new RegExp(`id: +${best.id}`), 'a unique name works as STUDY');

  const csv = await runBin(['export', study.id, '--format', 'csv'], { env });
  assert.equal(csv.code, 0, csv.stderr);
  const file = join(dir, 'trials.csv');
  writeFileSync(file, csv.stdout);
  const imported = await runBin(['import', target.id, file, '--json'], { env });
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(JSON.parse(imported.stdout), { imported: 5, skipped: 1, studyId: target.id });
  const key = (x: { params: unknown; values?: unknown }) => JSON.stringify([x.params, x.values]);
  const source = (await study.trials(['completed'])).map(key).sort();
  const copied = (await target.trials()).map(key).sort();
  assert.deepEqual(copied, source, 'the same params and values, categorical and simplex included');

  const del = await runBin(['delete', 'cli-demo'], { env });
  assert.equal(del.code, 0, del.stderr);
  assert.equal((await client.listStudies()).some((s) => s.id === study.id), false);
});

test('import refuses a bad file naming line and column, and sends nothing', async (t) => {
  const { server, client, dir } = await setup(t);
  const study = await client.createStudy({ name: 'cli-import', space: SPACE, objectives: { loss: 'minimize' } });
  const env = { BO_URL: server.url };
  const cases: [string, RegExp][] = [
    ['x,opt,w.a,w.b,loss\n0.5,adam,0.5,0.5,1\n0.2,rmsprop,0.5,0.5,2\n', /line 3, column opt: 'rmsprop' is not one of "adam", "sgd"/],
    ['x,opt,w.a,w.b,loss\n0.5,adam,0.5,0.5,NaN\n', /line 2, column loss: 'NaN' is not a finite number/],
    ['x,opt,w.a,w.b,loss,lr\n', /unknown column\(s\) lr/],
    ['x,opt,loss\n', /missing column\(s\) w.a, w.b/],
  ];
  for (const [i, [content, message]] of cases.entries()) {
    const file = join(dir, `bad-${i}.csv`);
    writeFileSync(file, content);
    const r = await runBin(['import', study.id, file], { env });
    assert.equal(r.code, EXIT.refused, r.stderr);
    assert.match(r.stderr, message);
  }
  // A row the CSV check passes but the server refuses (outside the space): exit 6 with the server's field path.
  const outside = join(dir, 'outside.csv');
  writeFileSync(outside, 'x,opt,w.a,w.b,loss\n7,adam,0.5,0.5,1\n');
  const r = await runBin(['import', study.id, outside], { env });
  assert.equal(r.code, EXIT.refused, r.stderr);
  assert.match(r.stderr, /INVALID_ARGUMENT/);
  assert.equal((await study.trials()).length, 0);
});

test('exit statuses: not found 3, unauthenticated 4 (--token and BO_TOKEN work), unreachable 5', async (t) => {
  const token = 'cli-test-token-0123456789abcdef';
  const server = await startTestServer({ token });
  t.after(() => server.close());
  const [missing, noToken, withFlag, withEnv, unreachable] = await Promise.all([
    runBin(['show', 'no-such-study', '--url', server.url, '--token', token]),
    runBin(['studies', '--url', server.url]),
    runBin(['studies', '--url', server.url, '--token', token, '--json']),
    runBin(['studies', '--json'], { env: { BO_URL: server.url, BO_TOKEN: token } }),
    runBin(['studies', '--url', 'http://127.0.0.1:9']),
  ]);
  assert.equal(missing.code, EXIT.notFound, missing.stderr);
  assert.equal(noToken.code, EXIT.auth, noToken.stderr);
  assert.match(noToken.stderr, /UNAUTHENTICATED/);
  assert.equal(withFlag.code, 0, withFlag.stderr);
  assert.deepEqual(JSON.parse(withFlag.stdout), []);
  assert.equal(withEnv.code, 0, withEnv.stderr);
  assert.equal(unreachable.code, EXIT.unavailable, unreachable.stderr);
});

test('bayesopt serve takes the flags of npm start: listens on port 0, stops on SIGTERM; a bad flag exits 2', async (t) => {
  const { child, port } = await serveBin(['--port', '0', '--storage', 'memory:', '--log-level', 'warn']);
  t.after(() => stopChild(child));
  const client = await connect(`http://127.0.0.1:${port}`);
  try {
    assert.equal((await client.health()).storage, 'memory:');
  } finally {
    client.close();
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  const bad = await runBin(['serve', '--port', 'x']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --port 'x'/);
});
