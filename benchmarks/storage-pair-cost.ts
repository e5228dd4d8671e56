/**
 * What the storage calls of one ordinary ask+tell pair cost, without the service or the wire:
 * getRequest, trialClock, commitAsk (one new running trial with its request record),
 * trialClock, flush, getRequest, finishTrial (with its record), flush, as the service makes them
 * (server/ask-request.ts, server/ask.ts, server/trial-finish.ts; without the study lock, so
 * without the commit's staleness basis), `--chains` of them concurrently.
 * Reports CPU per pair of this process's main thread and of all its threads (from /proc), once
 * with the connection on the main thread (connection=inline) and once on its own thread.
 *
 *   npx tsx benchmarks/storage-pair-cost.ts [--pairs 3000] [--chains 16] [--repeat 2]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage } from '../server/storage/open-storage.js';
import type { Storage } from '../server/storage/types.js';

const { values: flags } = parseArgs({ options: { pairs: { type: 'string', default: '3000' }, chains: { type: 'string', default: '16' }, repeat: { type: 'string', default: '2' } } });
const PAIRS = Number(flags.pairs);
const CHAINS = Number(flags.chains);

/** CPU seconds of this process's main thread, or of the whole process (/proc, Linux). */
function cpu(mainOnly: boolean): number {
  const f = readFileSync(mainOnly ? `/proc/self/task/${process.pid}/stat` : '/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function pair(s: Storage, studyId: string, i: number): Promise<void> {
  const ask = { requestId: randomUUID(), kind: 'ask', fingerprint: 'a'.repeat(64), summary: '{"count":1}' };
  await s.getRequest(studyId, ask.requestId);
  const clock = await s.trialClock!(studyId);
  const lease = new Date(Date.now() + 60_000).toISOString();
  const [t] = await s.commitAsk(studyId, {
    trials: [{ state: 'running', params: { x1: (i % 97) / 97, x2: (i % 89) / 89 }, leaseExpiresAt: lease, clientId: 'c', diagnostics: { phase: 'initial', index: clock.trials } }],
    // No basis: the service's study lock keeps other asks out between its clock and its commit, these chains have no lock.
    request: ask,
  });
  await s.trialClock!(studyId);
  await s.flush();
  const tell = { requestId: randomUUID(), kind: 'tell', target: t!.id, fingerprint: 'b'.repeat(64), summary: '{"values":{"loss":0}}' };
  await s.getRequest(studyId, tell.requestId);
  await s.finishTrial(studyId, t!.id, { state: 'completed', values: { loss: i } }, new Date().toISOString(), tell);
  await s.flush();
}

async function measure(connection: 'inline' | 'thread'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bo-pair-cost-'));
  const s = await openStorage(`sqlite:${join(dir, 'p.sqlite')}?connection=${connection}`);
  try {
    await s.createStudy({
      id: 'p', name: 'pair cost', space: { x1: { type: 'float', low: 0, high: 1 }, x2: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' },
      algorithm: { surrogate: 'none', acquisition: 'log-ei', seed: 1 }, leaseSeconds: 60, metadata: {}, createdAt: new Date().toISOString(),
    });
    const chains = async (n: number) => {
      let next = 0;
      await Promise.all(Array.from({ length: CHAINS }, async () => {
        while (next < n) await pair(s, 'p', next++);
      }));
    };
    await chains(Math.min(500, PAIRS)); // warm-up (JIT, the thread's start)
    const main0 = cpu(true);
    const all0 = cpu(false);
    const t0 = performance.now();
    await chains(PAIRS);
    const wall = (performance.now() - t0) / 1000;
    const us = (x: number) => Math.round((1e6 * x) / PAIRS);
    return `| ${connection} | ${PAIRS} | ${CHAINS} | ${us(cpu(true) - main0)} | ${us(cpu(false) - all0)} | ${Math.round(PAIRS / wall)} |`;
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Storage calls of one ask+tell pair (SQLite, group commit), ${CHAINS} concurrent chains, node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
console.log('| connection | pairs | chains | main thread CPU µs/pair | process CPU µs/pair | pairs/s |');
console.log('|---|---:|---:|---:|---:|---:|');
for (let r = 0; r < Number(flags.repeat); r++) for (const c of ['inline', 'thread'] as const) console.log(await measure(c));
