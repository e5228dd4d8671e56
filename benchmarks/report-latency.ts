/**
 * Cost of trial:report against the study's size (issue 19): the pruner reads every trial and
 * every curve point of the study per report (server/report.ts). Builds studies of N trials with S
 * points each on a storage, then times M reports of a fresh running trial through StudyService
 * (in process, no transport), per pruner, and prints median and p90 ms.
 *
 *   npx tsx benchmarks/report-latency.ts [--storage sqlite|memory] [--trials 100,1000] [--steps 20] [--reports 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSearchSpace } from '../core/search-space.js';
import { createRng } from '../core/rng.js';
import { Requests } from '../protocol/messages.js';
import { StudyCreate } from '../protocol/study.js';
import type { PrunerInput } from '../protocol/pruner.js';
import { SobolPolicy } from '../policy/sobol-policy.js';
import { openStorage } from '../server/storage/open-storage.js';
import { StudyService } from '../server/study-service.js';

const { values: args } = parseArgs({ options: { storage: { type: 'string', default: 'sqlite' }, trials: { type: 'string', default: '100,1000' }, steps: { type: 'string', default: '20' }, reports: { type: 'string', default: '200' } } });
const sizes = args.trials!.split(',').map(Number);
const steps = Number(args.steps);
const reports = Number(args.reports);
const PRUNERS: PrunerInput[] = [{ type: 'none' }, { type: 'median' }, { type: 'asha' }];

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const dir = mkdtempSync(join(tmpdir(), 'bo-report-bench-'));
console.log(`storage ${args.storage}, ${steps} points per trial, ${reports} timed reports per row`);
console.log('| pruner | trials | median ms | p90 ms |\n|---|---:|---:|---:|');
try {
  for (const n of sizes) {
    for (const pruner of PRUNERS) {
      const storage = await openStorage(args.storage === 'memory' ? 'memory:' : `sqlite:${join(dir, `${pruner.type}-${n}.sqlite`)}`);
      const service = new StudyService({ storage, createPolicy: () => new SobolPolicy(), createSearchSpace });
      const study = await service.createStudy(StudyCreate.parse({ name: 'bench', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'none', seed: 1, pruner } }));
      const rng = createRng(n);
      // History: N trials, each reporting S points then told (pruner 'none' while building, so building is cheap).
      // Inserted directly (one ask of N would give every trial the whole batch's diagnostics, unlike N single asks).
      const lease = new Date(Date.now() + 3600_000).toISOString();
      const trials = await storage.insertTrials(study.id, Array.from({ length: n + 1 }, () => ({ state: 'running' as const, params: { x: rng.uniform() }, leaseExpiresAt: lease })));
      for (const t of trials.slice(0, n)) {
        for (let k = 0; k < steps; k++) await storage.addIntermediate(study.id, t.id, { step: k, value: rng.uniform() / (k + 1), prune: false }, new Date().toISOString());
        await service.tell(Requests['trial:tell'].parse({ studyId: study.id, trialId: t.id, values: { loss: rng.uniform() } }));
      }
      const live = trials[n]!;
      const ms: number[] = [];
      for (let i = 0; i < reports; i++) {
        const t0 = performance.now();
        await service.report(Requests['trial:report'].parse({ studyId: study.id, trialId: live.id, step: i, value: rng.uniform() }));
        ms.push(performance.now() - t0);
      }
      console.log(`| ${pruner.type} | ${n} | ${quantile(ms, 0.5).toFixed(2)} | ${quantile(ms, 0.9).toFixed(2)} |`);
      await service.close();
      await storage.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
