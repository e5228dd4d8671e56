/**
 * One optimizer run on the learning-curve table: trials run one at a time; each trial's config is
 * answered by its nearest table entry (table.ts), whose validation loss is reported epoch by epoch
 * to a pruner (the service's pruner seam, policy/pruners/) until the pruner stops it or it reaches
 * the last epoch. Cost is counted in epochs. Regret after each trial = the incumbent's final loss
 * − the table's best final loss, where the incumbent is the best COMPLETED trial (a pruned
 * trial's final was never seen).
 */
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import { forecastFinals, type HyperCache } from '../../policy/pruners/curve-forecast.js';
import { curveTrials } from '../../policy/pruners/learning-curve-pruner.js';
import type { Pruner, PrunerTrial } from '../../policy/pruners/types.js';
import type { Observation, Policy, PolicyState } from '../../policy/types.js';
import type { FreezeThawHyper } from '../../surrogates/learning-curve/freeze-thaw-kernels.js';
import { RandomPolicy } from '../random-policy.js';
import type { Params } from '../../protocol/space.js';
import type { CurveTable } from './table.js';

/**
 * What BO learns from a pruned trial: nothing ('ignore'), or the curve model's forecast of its
 * final value with the forecast's variance as known noise ('forecast').
 */
export type PartialRuns = 'ignore' | 'forecast';

export interface SimSettings {
  readonly sampler: 'bo' | 'random';
  readonly pruner: Pruner;
  readonly partialRuns: PartialRuns;
  readonly budgetEpochs: number;
  readonly seed: number;
  readonly initialTrials: number;
  /** The curve model's settings for forecasts (partialRuns 'forecast'). */
  readonly forecast: { readonly scale: 'linear' | 'log'; readonly maxCurves: number };
}

export interface SimResult {
  /** [epochs spent, regret or null before the first completed trial] after each trial. */
  readonly trace: [number, number | null][];
  readonly trials: number;
  readonly completed: number;
  readonly pruned: number;
  /** Pruned trials BO could not forecast (too few finished curves): left out of its data. */
  readonly forecastFallbacks: number;
  /** Pruned trials whose table final would have beaten the best completed trial of then (the pruner's costly mistakes). */
  readonly falsePrunes: number;
  readonly wallMs: number;
}

/** A memo of hyperparameters for one run (curve-forecast.ts HyperCache). */
export function memoryHyperCache(): HyperCache {
  const map = new Map<string, FreezeThawHyper>();
  return { get: (k) => map.get(k), set: (k, h) => void map.set(k, h) };
}

function makePolicy(settings: SimSettings): { policy: Policy; spec: AlgorithmSpec } {
  const spec = AlgorithmSpec.parse({ surrogate: settings.sampler === 'bo' ? 'gp' : 'none', acquisition: 'log-ei', seed: settings.seed, initialTrials: settings.initialTrials });
  return { policy: settings.sampler === 'bo' ? createPolicy(spec) : new RandomPolicy(), spec };
}

type SimTrial = { -readonly [K in keyof PrunerTrial]: PrunerTrial[K] } & { curve: { step: number; value: number }[] };

/** Run one optimizer until `budgetEpochs` epochs are spent; `cache` is shared with the pruner's runner. */
export async function simulate(table: CurveTable, settings: SimSettings, cache: HyperCache = memoryHyperCache()): Promise<SimResult> {
  const t0 = performance.now();
  const { policy, spec } = makePolicy(settings);
  const T = table.epochs;
  const study = { id: 'bench', name: `lc-bench-${settings.seed}` };
  const trials: SimTrial[] = [];
  const observations: Observation[] = [];
  /** Pruned trials BO does not learn from: as the service does, their points are never suggested again. */
  const excluded: Params[] = [];
  const trace: [number, number | null][] = [];
  let state: PolicyState | undefined;
  let epochs = 0;
  let best = Infinity;
  let [completed, pruned, forecastFallbacks, falsePrunes] = [0, 0, 0, 0];
  while (epochs < settings.budgetEpochs) {
    const decision = await policy.suggest({ space: table.space, algorithm: spec, direction: 'minimize', completed: observations, pending: [], excluded, count: 1, state });
    state = decision.state;
    const params = decision.suggestions[0];
    const entry = table.entries[table.nearest(params)];
    const trial: SimTrial = { id: String(trials.length), number: trials.length, state: 'running', curve: [], params };
    const others = trials.slice();
    trials.push(trial);
    let stopped = false;
    for (let step = 1; step <= T && epochs < settings.budgetEpochs; step++) {
      epochs++;
      trial.curve.push({ step, value: entry.loss[step - 1] });
      if (step === T) break;
      const d = await settings.pruner.decide({ study, direction: 'minimize', trial, step, others });
      if (d.prune) {
        stopped = true;
        break;
      }
    }
    if (trial.curve.length === T) {
      trial.state = 'completed';
      trial.value = entry.loss[T - 1];
      observations.push({ params, value: trial.value });
      completed++;
      best = Math.min(best, trial.value);
    } else if (stopped) {
      pruned++;
      if (entry.loss[T - 1] < best) falsePrunes++;
      if (settings.partialRuns === 'forecast') {
        const f = forecastFinals(table.space, curveTrials(trials), [trial.id], { maxSteps: T, direction: 'minimize', ...settings.forecast }, cache);
        if (f.ok) {
          const { value, valueVariance } = f.forecasts.get(trial.id)!;
          observations.push({ params, value, variance: valueVariance });
        } else {
          forecastFallbacks++;
          excluded.push(params);
        }
      } else excluded.push(params);
      trial.state = 'pruned';
      trial.value = trial.curve.at(-1)!.value;
    }
    trace.push([epochs, Number.isFinite(best) ? best - table.bestFinal : null]);
  }
  return { trace, trials: trials.length, completed, pruned, forecastFallbacks, falsePrunes, wallMs: performance.now() - t0 };
}
