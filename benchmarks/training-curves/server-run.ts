/**
 * The learning-curve benchmark through the service: a real server (child process, memory storage,
 * one compute worker) driven by the SDK, one study per seed with the `learning-curve` pruner on the
 * table's conditional space. Every epoch is a `trial:report`; a `prune: true` answer is followed by
 * `study.prune`, a run that reaches the last epoch is told its final loss. Compares what BO learns
 * from pruned trials (`algorithm.pruner.partialRuns`: 'forecast' or 'exclude'); writes run.ts's
 * JSON format (method `server-lc-<partialRuns>`), so report.ts reads both.
 *
 *   nice -n 10 npx tsx benchmarks/training-curves/server-run.ts --partial-runs forecast,exclude \
 *     --seeds 10 --budget 1000 --out benchmarks/training-curves/results
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../../sdk/index.js';
import { startChildServer } from '../child-server.js';
import { LC_PRUNER } from './lc-settings.js';
import { runServerSeed, type LearningCurveOverrides } from './server-loop.js';
import { loadCurveTable } from './table.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'partial-runs': { type: 'string', default: 'forecast,exclude' },
      seeds: { type: 'string', default: '10' },
      'first-seed': { type: 'string', default: '1' },
      budget: { type: 'string', default: '1000' },
      'initial-trials': { type: 'string', default: '10' },
      out: { type: 'string', default: 'benchmarks/training-curves/results' },
      /** JSON of pruner fields over lc-settings.ts, e.g. '{"startupTrials":0}' (the server validates them). */
      lc: { type: 'string', default: '{}' },
      /** Suffix of the output file names. */
      tag: { type: 'string', default: '' },
    },
  });
  const overrides = JSON.parse(values.lc!) as LearningCurveOverrides;
  const table = loadCurveTable();
  const budget = Number(values.budget);
  const first = Number(values['first-seed']);
  mkdirSync(values.out!, { recursive: true });
  const server = await startChildServer(ROOT, ['--storage', 'memory:', '--log-level', 'error', '--compute-workers', '1']);
  const client = await connect(server.url, { clientId: 'lc-bench' });
  try {
    for (const mode of values['partial-runs']!.split(',')) {
      if (mode !== 'forecast' && mode !== 'exclude') throw new Error(`--partial-runs: '${mode}' is neither forecast nor exclude`);
      const method = `server-lc-${mode}${values.tag}`;
      const runs = [];
      for (let seed = first; seed < first + Number(values.seeds); seed++) {
        const { pruneReasons: _reasons, ...r } = await runServerSeed(client, table, seed, budget, mode, Number(values['initial-trials']), overrides);
        console.log(`${method} seed ${seed}: ${r.trials} trials (${r.completed} completed, ${r.pruned} pruned, up to ${r.maxForecastObservations} forecast observations), final regret ${r.trace.at(-1)?.[1]?.toPrecision(4) ?? '-'}, ${(r.wallMs / 1000).toFixed(1)} s`);
        runs.push({ seed, ...r });
        writeFileSync(join(values.out!, `${method}.json`), JSON.stringify({ algorithm: method, budget, table: table.description, pruner: { ...LC_PRUNER, ...overrides }, runs }));
      }
    }
  } finally {
    client.close();
    await server.stop();
  }
}

await main();
