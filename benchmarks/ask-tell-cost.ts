/**
 * Server CPU of one Sobol-phase ask+tell pair against the number of trials in the study, with no
 * transport and no clients (benchmarks/load.ts measures the whole service; this isolates what grows
 * with n): a StudyService in this process, one study pre-filled with N completed trials by
 * trial:add, then sequential ask -> tell pairs with a study:updated listener (as a subscribed SDK
 * client causes). Prints a markdown table of CPU µs per pair (this process's user + system time,
so fsync waits do not count) and wall µs, medians of --reps blocks.
 *
 *   npx tsx benchmarks/ask-tell-cost.ts [--trials 100,10000,100000] [--pairs 2000] [--reps 3] [--storage sqlite|sqlite-normal|memory|postgres://...] [--running 16]
 *
 * A postgres:// URL is used as given (use an empty schema, '?schema=NAME'): the database's CPU is
 * another process's, so read the wall column there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSearchSpace } from '../core/search-space.js';
import { createPolicy } from '../policy/create-policy.js';
import { openStorage } from '../server/storage/open-storage.js';
import { StudyService } from '../server/study-service.js';

const { values: flags } = parseArgs({
  options: {
    trials: { type: 'string', default: '100,10000,100000' },
    pairs: { type: 'string', default: '2000' },
    reps: { type: 'string', default: '3' },
    storage: { type: 'string', default: 'sqlite' },
    /** Trials kept running (as N clients would hold): each pair tells the oldest and asks one more. */
    running: { type: 'string', default: '1' },
  },
});
const RUNNING = Math.max(1, Number(flags.running));

const dir = mkdtempSync(join(tmpdir(), 'bo-ask-tell-'));
const file = join(dir, 'cost.sqlite');
const named: Record<string, string> = { memory: 'memory:', sqlite: `sqlite:${file}`, 'sqlite-normal': `sqlite:${file}?synchronous=normal` };
const storage = await openStorage(/^postgres(ql)?:\/\//.test(flags.storage!) ? flags.storage! : (named[flags.storage!] ?? `sqlite:${file}`));
const service = new StudyService({ storage, createPolicy, createSearchSpace, emit: () => undefined, hasListeners: () => true });
const lines = ['| trials before | CPU µs per ask+tell | wall µs per ask+tell | CPU µs of each block |', '|---:|---:|---:|---|'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  for (const n of flags.trials!.split(',').map(Number)) {
    const study = await service.createStudy({
      name: `cost-${n}`,
      space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 }, k: { type: 'int', low: 0, high: 10 } },
      objectives: { f: 'minimize' },
      algorithm: { surrogate: 'none', seed: 1 },
    } as never);
    for (let done = 0; done < n; done += 5000) {
      const trials = Array.from({ length: Math.min(5000, n - done) }, (_, i) => {
        const u = (k: number) => (((done + i) * 2654435761 + k * 40503) % 1000003) / 1000003;
        return { params: { x: -5 + 10 * u(1), y: -5 + 10 * u(2), k: Math.floor(11 * u(3)) }, values: { f: u(4) } };
      });
      await service.addCompleted({ studyId: study.id, trials } as never);
    }
    const blocks: number[] = [];
    const walls: number[] = [];
    let r = 0;
    // RUNNING - 1 trials stay running throughout (untimed), so every ask sees RUNNING pending points.
    const held: string[] = [];
    for (let i = 1; i < RUNNING; i++, r++) held.push((await service.ask({ studyId: study.id, count: 1, clientId: 'c', requestId: `a-${n}-${r}` } as never)).trials[0]!.id);
    for (let rep = 0; rep < Number(flags.reps); rep++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < Number(flags.pairs); i++, r++) {
        const { trials } = await service.ask({ studyId: study.id, count: 1, clientId: 'c', requestId: `a-${n}-${r}` } as never);
        held.push(trials[0]!.id);
        await service.tell({ studyId: study.id, trialId: held.shift()!, values: { f: 1 }, requestId: `t-${n}-${r}` } as never);
      }
      const c = process.cpuUsage(c0);
      blocks.push((c.user + c.system) / Number(flags.pairs));
      walls.push((1000 * (performance.now() - t0)) / Number(flags.pairs));
    }
    lines.push(`| ${n} | ${median(blocks).toFixed(0)} | ${median(walls).toFixed(0)} | ${blocks.map((b) => b.toFixed(0)).join(', ')} |`);
  }
  console.log(`Ask+tell cost in process, storage ${flags.storage!.replace(/\/\/[^@]*@/, '//')}, ${flags.pairs} pairs per block, ${RUNNING} trials running at each ask, node ${process.version}.\n`);
  console.log(lines.join('\n'));
} finally {
  await service.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
