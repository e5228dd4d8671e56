/**
 * Regression test of issue 14 item 8, CSV export: formula prefixes in string cells are
 * neutralised (OWASP CSV injection) and strings and numbers stay apart (numbers bare, strings
 * quoted), over the REST raw CSV and the socket export alike (both use studyCsv).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, studyCsv } from '../../server/csv-export.js';
import type { Study, Trial } from '../../protocol/study.js';
import { startTestServer } from '../e2e/harness.js';

test('csv cells: numbers bare, strings quoted, formula starts neutralised with a quote', () => {
  assert.equal(csvField(1.5), '1.5');
  assert.equal(csvField(-2), '-2', 'a negative number is a number, not a formula');
  assert.equal(csvField('-2'), `"'-2"`, 'the string "-2" stays a string');
  assert.equal(csvField('adam'), '"adam"');
  assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  for (const s of ['+1', '@SUM(A1)', '\tcmd', '\rcmd', '=1+1']) assert.equal(csvField(s), `"'${s}"`, JSON.stringify(s));
  assert.equal(csvField(true), 'true');
  assert.equal(csvField(null), '');
  assert.equal(csvField({ p: 0.5 }), '"{""p"":0.5}"');
});

test('a study with hostile categorical values and fail reasons exports neutralised cells', () => {
  const study = {
    id: 's', name: 'n', objectives: { loss: 'minimize' }, leaseSeconds: 60, metadata: {}, createdAt: '2026-01-01T00:00:00.000Z',
    space: { x: { type: 'float', low: -5, high: 5 }, c: { type: 'categorical', choices: ['=cmd|calc', '-1'] } },
    algorithm: { surrogate: 'none', acquisition: 'log-ei', seed: 0 },
    trialCounts: { queued: 0, running: 0, completed: 1, failed: 1, abandoned: 0, pruned: 0 },
  } as unknown as Study;
  const trials = [
    { id: 't0', studyId: 's', number: 0, state: 'completed', params: { x: -1.25, c: '=cmd|calc' }, values: { loss: -3 }, createdAt: 'a', finishedAt: 'b' },
    { id: 't1', studyId: 's', number: 1, state: 'failed', params: { x: 2, c: '-1' }, failReason: '@evil', createdAt: 'a', finishedAt: 'b' },
  ] as Trial[];
  const csv = studyCsv(study, trials);
  assert.ok(csv.endsWith('\r\n'), 'ends with a line break');
  const [header, r0, r1] = csv.split('\r\n');
  assert.equal(header, 'number,id,state,x,c,loss,cost,created_at,finished_at,fail_reason');
  assert.equal(r0, `0,"t0","completed",-1.25,"'=cmd|calc",-3,,"a","b",`);
  assert.equal(r1, `1,"t1","failed",2,"'-1",,,"a","b","'@evil"`);
});

test('REST raw CSV and JSON replies end with a newline', async () => {
  const server = await startTestServer();
  try {
    const post = (path: string, body: unknown) => fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post('/v1/studies', { name: 'csv', space: { c: { type: 'categorical', choices: ['=1+1'] } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' } });
    const text = await created.text();
    assert.ok(text.endsWith('}\n'), 'JSON reply ends with a newline');
    const id = (JSON.parse(text) as { data: { id: string } }).data.id;
    await post(`/v1/studies/${id}/completed-trials`, { trials: [{ params: { c: '=1+1' }, values: { y: 1 } }] });
    const raw = await (await fetch(`${server.url}/v1/studies/${id}/export?format=csv&raw=1`)).text();
    assert.ok(raw.endsWith('\r\n'));
    assert.match(raw.split('\r\n')[1]!, /^0,"[^"]+","completed","'=1\+1",1,/);
  } finally {
    await server.close();
  }
});

test('a pruned trial exports its kept value and every trial its curve, as JSON [[step, value], ...], only when some curve exists', () => {
  const study = {
    id: 's', name: 'n', objectives: { loss: 'minimize' }, leaseSeconds: 60, metadata: {}, createdAt: 'c',
    space: { x: { type: 'float', low: 0, high: 1 } }, algorithm: { surrogate: 'none', acquisition: 'log-ei', seed: 0 },
    trialCounts: { queued: 0, running: 0, completed: 1, failed: 0, abandoned: 0, pruned: 1 },
  } as unknown as Study;
  const trials = [
    { id: 't0', studyId: 's', number: 0, state: 'pruned', params: { x: 0.5 }, values: { loss: 0.25 }, createdAt: 'a', finishedAt: 'b', intermediate: [{ step: 0, value: 1 }, { step: 3, value: 0.25 }] },
    { id: 't1', studyId: 's', number: 1, state: 'completed', params: { x: 1 }, values: { loss: 2 }, createdAt: 'a', finishedAt: 'b' },
  ] as Trial[];
  const [header, r0, r1] = studyCsv(study, trials).split('\r\n');
  assert.equal(header, 'number,id,state,x,loss,cost,created_at,finished_at,fail_reason,intermediate');
  assert.equal(r0, `0,"t0","pruned",0.5,0.25,,"a","b",,"[[0,1],[3,0.25]]"`);
  assert.equal(r1, `1,"t1","completed",1,2,,"a","b",,`);
  assert.equal(studyCsv(study, [trials[1]!]).split('\r\n')[0], 'number,id,state,x,loss,cost,created_at,finished_at,fail_reason');
});

test('constraint metrics get their own columns after the objectives', () => {
  const study = {
    id: 's', name: 'n', objectives: { acc: 'maximize', latency: 'minimize' }, constraints: { mem: { max: 16 } }, leaseSeconds: 60, metadata: {}, createdAt: 'c',
    space: { x: { type: 'float', low: 0, high: 1 } }, algorithm: { surrogate: 'gp', acquisition: 'qlognei', seed: 0 },
    trialCounts: { queued: 0, running: 0, completed: 1, failed: 0, abandoned: 0 },
  } as unknown as Study;
  const trials = [{ id: 't0', studyId: 's', number: 0, state: 'completed', params: { x: 0.5 }, values: { acc: 0.9, latency: 3, mem: 12 }, createdAt: 'a', finishedAt: 'b' }] as Trial[];
  const [header, r0] = studyCsv(study, trials).split('\r\n');
  assert.equal(header, 'number,id,state,x,acc,latency,mem,cost,created_at,finished_at,fail_reason');
  assert.equal(r0, '0,"t0","completed",0.5,0.9,3,12,,"a","b",');
});
