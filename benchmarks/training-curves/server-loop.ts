/**
 * One seed of the learning-curve benchmark through the service, by the SDK: the loop of
 * simulate.ts (trials one at a time, the table's curve reported epoch by epoch) with the service
 * deciding. A `prune: true` answer is followed by `study.prune`, a run that reaches the last epoch
 * is told its final loss, a run cut by the budget fails. Shared by server-run.ts and the test that
 * holds the service's traces to the simulation's (test/e2e/lc-server-trace.test.ts).
 */
import type { Client } from '../../sdk/index.js';
import type { PrunerInput } from '../../protocol/pruner.js';
import type { Params } from '../../protocol/space.js';
import { LC_PRUNER } from './lc-settings.js';
import type { CurveTable } from './table.js';

/** Pruner fields a run may override (the server validates them at create). */
export type LearningCurveOverrides = Partial<Omit<Extract<PrunerInput, { type: 'learning-curve' }>, 'type'>>;

/** One seed's study: the trace of [epochs spent, regret of the best completed trial] after each trial. */
export async function runServerSeed(client: Client, table: CurveTable, seed: number, budget: number, partialRuns: 'forecast' | 'exclude', initialTrials: number, overrides: LearningCurveOverrides) {
  const t0 = performance.now();
  const study = await client.createStudy({
    name: `lc-server-${partialRuns}-${seed}`,
    space: table.spec,
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed, initialTrials, pruner: { ...LC_PRUNER, ...overrides, maxSteps: table.epochs, partialRuns } },
  });
  const trace: [number, number | null][] = [];
  const reasons: string[] = [];
  let [epochs, best, completed, pruned, forecast] = [0, Infinity, 0, 0, 0];
  while (epochs < budget) {
    const [trial] = await study.ask(1);
    const partial = (trial!.diagnostics as { partialRuns?: { forecast: number } } | undefined)?.partialRuns;
    forecast = Math.max(forecast, partial?.forecast ?? 0);
    const entry = table.entries[table.nearest(trial!.params as Params)]!;
    let step = 0;
    let stop = false;
    while (step < table.epochs && epochs < budget && !stop) {
      step++;
      epochs++;
      if (step < table.epochs) {
        const answer = await study.report(trial!.id, step, entry.loss[step - 1]!);
        stop = answer.prune;
        if (stop) reasons.push(answer.reason ?? '');
      }
    }
    if (step === table.epochs) {
      await study.report(trial!.id, step, entry.loss[step - 1]!);
      await study.tell(trial!.id, { loss: entry.loss[step - 1]! });
      completed++;
      best = Math.min(best, entry.loss[step - 1]!);
    } else if (stop) {
      await study.prune(trial!.id);
      pruned++;
    } else await study.fail(trial!.id, 'epoch budget spent');
    trace.push([epochs, Number.isFinite(best) ? best - table.bestFinal : null]);
  }
  return { trace, trials: trace.length, completed, pruned, maxForecastObservations: forecast, pruneReasons: reasons, wallMs: performance.now() - t0 };
}
