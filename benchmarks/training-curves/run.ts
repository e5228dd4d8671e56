/**
 * The learning-curve benchmark: regret against total epochs spent, per method and seed, on the
 * shipped table. Writes one JSON per method (the format optuna_peer.py writes) to --out.
 *
 *   nice -n 10 npx tsx benchmarks/training-curves/run.ts --methods bo,bo-lc --seeds 10 --budget 2400 \
 *     --out benchmarks/training-curves/results
 *   npx tsx benchmarks/training-curves/report.ts benchmarks/training-curves/results
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HyperCache } from '../../policy/pruners/curve-forecast.js';
import { AshaPruner } from '../../policy/pruners/asha-pruner.js';
import { HyperbandPruner } from '../../policy/pruners/hyperband-pruner.js';
import { inProcessRunner, LearningCurvePruner } from '../../policy/pruners/learning-curve-pruner.js';
import { NonePruner } from '../../policy/pruners/none-pruner.js';
import { LearningCurvePruner as LearningCurveSpec } from '../../protocol/pruner.js';
import { LC_PRUNER } from './lc-settings.js';
import { memoryHyperCache, simulate, type SimSettings } from './simulate.js';
import { loadCurveTable, type CurveTable } from './table.js';

/** The curve model's settings in every run (lc-settings.ts): log-scale losses, at most 48 curves per decision. */
const FORECAST = { scale: LC_PRUNER.scale, maxCurves: LC_PRUNER.maxCurves };

/** Learning-curve pruner settings that --lc overrides (tuning runs on seeds that are then not reported). */
let lcOverrides: Record<string, unknown> = {};

/** The learning-curve pruner as a user would configure it for 40-epoch runs of a loss. */
function learningCurvePruner(table: CurveTable, cache: HyperCache): LearningCurvePruner {
  const spec = LearningCurveSpec.parse({ ...LC_PRUNER, maxSteps: table.epochs, ...lcOverrides });
  return new LearningCurvePruner(spec, inProcessRunner(table.space, cache));
}

type MethodFactory = (table: CurveTable, cache: HyperCache) => Pick<SimSettings, 'sampler' | 'pruner' | 'partialRuns'>;

/** Optuna's defaults for both (min resource 1 epoch, reduction factor 3). */
const asha = () => new AshaPruner({ type: 'asha', minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 });
const hyperband = (t: CurveTable) => new HyperbandPruner({ type: 'hyperband', minResource: 1, maxResource: t.epochs, reductionFactor: 3 });

/** Method name -> sampler, pruner and what BO learns from pruned trials. */
export const METHODS: Record<string, MethodFactory> = {
  random: () => ({ sampler: 'random', pruner: new NonePruner(), partialRuns: 'ignore' }),
  bo: () => ({ sampler: 'bo', pruner: new NonePruner(), partialRuns: 'ignore' }),
  'bo-lc': (t, c) => ({ sampler: 'bo', pruner: learningCurvePruner(t, c), partialRuns: 'forecast' }),
  'bo-lc-ignore': (t, c) => ({ sampler: 'bo', pruner: learningCurvePruner(t, c), partialRuns: 'ignore' }),
  'bo-asha': () => ({ sampler: 'bo', pruner: asha(), partialRuns: 'forecast' }),
  'bo-asha-ignore': () => ({ sampler: 'bo', pruner: asha(), partialRuns: 'ignore' }),
  'random-hyperband': (t) => ({ sampler: 'random', pruner: hyperband(t), partialRuns: 'ignore' }),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      methods: { type: 'string', default: 'bo,bo-lc' },
      seeds: { type: 'string', default: '10' },
      'first-seed': { type: 'string', default: '1' },
      budget: { type: 'string', default: '2400' },
      'initial-trials': { type: 'string', default: '10' },
      out: { type: 'string', default: 'benchmarks/training-curves/results' },
      /** JSON of learning-curve pruner fields to override, e.g. '{"threshold":0.2}' (tuning). */
      lc: { type: 'string', default: '{}' },
      /** Suffix of the output file names (several tunings of one method side by side). */
      tag: { type: 'string', default: '' },
    },
  });
  lcOverrides = JSON.parse(values.lc!) as Record<string, unknown>;
  const table = loadCurveTable();
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  mkdirSync(values.out!, { recursive: true });
  for (const method of values.methods!.split(',')) {
    const factory = METHODS[method];
    if (!factory) throw new Error(`unknown method '${method}'; known: ${Object.keys(METHODS).join(', ')}`);
    const runs = [];
    const first = Number(values['first-seed']);
    for (let seed = first; seed < first + seeds; seed++) {
      const cache = memoryHyperCache();
      const r = await simulate(table, { ...factory(table, cache), budgetEpochs: budget, seed, initialTrials: Number(values['initial-trials']), forecast: FORECAST }, cache);
      const final = r.trace.at(-1)?.[1];
      console.log(`${method} seed ${seed}: ${r.trials} trials (${r.completed} completed, ${r.pruned} pruned, ${r.forecastFallbacks} not forecast, ${r.falsePrunes} would have beaten the best), final regret ${final?.toPrecision(4) ?? '-'}, ${(r.wallMs / 1000).toFixed(1)} s`);
      runs.push({ seed, ...r });
      // Written after every seed, so an interrupted run keeps the seeds it finished.
      writeFileSync(join(values.out!, `${method}${values.tag}.json`), JSON.stringify({ algorithm: `${method}${values.tag}`, lc: lcOverrides, budget, table: table.description, runs }));
    }
  }
}

await main();
