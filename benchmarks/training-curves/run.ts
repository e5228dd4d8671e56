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
import { decideLearningCurve, type LearningCurveSettings } from '../../policy/pruners/learning-curve-decide.js';
import { memoryHyperCache, simulate, type SimPruner, type SimSettings } from './simulate.js';
import { loadCurveTable, type CurveTable } from './table.js';

/** The curve model's settings in every run: log-scale losses, at most 64 curves per decision. */
const FORECAST = { scale: 'log', maxCurves: 64 } as const;

/** The learning-curve pruner's settings (threshold 0.05, no decision before epoch 3). */
function lcSettings(table: CurveTable): LearningCurveSettings {
  return { threshold: 0.05, minSteps: 3, maxSteps: table.epochs, ...FORECAST };
}

type MethodFactory = (table: CurveTable) => Pick<SimSettings, 'sampler' | 'pruner' | 'partialRuns'>;

const NEVER: SimPruner = { shouldPrune: () => false };

function learningCurvePruner(table: CurveTable): SimPruner {
  const cache = memoryHyperCache();
  const settings = lcSettings(table);
  return { shouldPrune: (trials, id) => decideLearningCurve(table.space, 'minimize', trials, id, settings, cache).prune };
}

/** Method name -> sampler, pruner and what BO learns from pruned trials. */
export const METHODS: Record<string, MethodFactory> = {
  random: () => ({ sampler: 'random', pruner: NEVER, partialRuns: 'ignore' }),
  bo: () => ({ sampler: 'bo', pruner: NEVER, partialRuns: 'ignore' }),
  'bo-lc': (t) => ({ sampler: 'bo', pruner: learningCurvePruner(t), partialRuns: 'forecast' }),
  'bo-lc-ignore': (t) => ({ sampler: 'bo', pruner: learningCurvePruner(t), partialRuns: 'ignore' }),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      methods: { type: 'string', default: 'bo,bo-lc' },
      seeds: { type: 'string', default: '10' },
      budget: { type: 'string', default: '2400' },
      'initial-trials': { type: 'string', default: '10' },
      out: { type: 'string', default: 'benchmarks/training-curves/results' },
    },
  });
  const table = loadCurveTable();
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  mkdirSync(values.out!, { recursive: true });
  for (const method of values.methods!.split(',')) {
    const factory = METHODS[method];
    if (!factory) throw new Error(`unknown method '${method}'; known: ${Object.keys(METHODS).join(', ')}`);
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await simulate(table, { ...factory(table), budgetEpochs: budget, seed, initialTrials: Number(values['initial-trials']), forecast: FORECAST });
      const final = r.trace.at(-1)?.[1];
      console.log(`${method} seed ${seed}: ${r.trials} trials (${r.completed} completed, ${r.pruned} pruned, ${r.forecastFallbacks} not forecast), final regret ${final?.toPrecision(4) ?? '-'}, ${(r.wallMs / 1000).toFixed(1)} s`);
      runs.push({ seed, ...r });
    }
    writeFileSync(join(values.out!, `${method}.json`), JSON.stringify({ algorithm: method, budget, table: table.description, runs }));
  }
}

await main();
