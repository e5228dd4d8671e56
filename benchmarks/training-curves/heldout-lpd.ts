/**
 * Held-out predictive log-likelihood of final losses on the table: the freeze-thaw GP against the
 * last-value extrapolator (surrogates/learning-curve/). `train` complete curves and `held`
 * held-out prefixes (a seeded shuffle) are fitted jointly; both models give a Gaussian for
 * log(final validation loss) of each held-out curve, scored by its log density at the truth.
 * Calibration, for both: the share of truths inside the central 90% interval (0.9 when
 * calibrated), and the Brier score of the pruner's own quantity, P(final beats the best training
 * final), against whether it did (lower is better; a forecast that always says the base rate p
 * scores p(1 − p)).
 *
 *   npx tsx benchmarks/training-curves/heldout-lpd.ts
 */
import { normalCdf } from '../../core/normal.js';
import { createRng } from '../../core/rng.js';
import { fitFreezeThaw } from '../../surrogates/learning-curve/freeze-thaw-fit.js';
import { fitLastValueBaseline } from '../../surrogates/learning-curve/last-value-baseline.js';
import type { Curve } from '../../surrogates/learning-curve/types.js';
import { loadCurveTable, type CurveTable } from './table.js';

export interface LpdRow {
  readonly prefix: number;
  /** Mean log density (nats) over the held-out curves. */
  readonly freezeThaw: number;
  readonly lastValue: number;
  /** Share of held-out finals inside each model's central 90% interval. */
  readonly coverage90: { readonly freezeThaw: number; readonly lastValue: number };
  /** Brier score of P(final < the best training final), and the base rate of beating it. */
  readonly brier: { readonly freezeThaw: number; readonly lastValue: number; readonly baseRate: number };
  readonly fitMs: number;
}

/** z of the central 90% interval's upper end. */
const Z90 = 1.6448536269514722;

const logDensity = (y: number, mean: number, variance: number) => -0.5 * Math.log(2 * Math.PI * variance) - (0.5 * (y - mean) ** 2) / variance;

/** Mean held-out log density of both models at each prefix length. */
export function heldOutLpd(table: CurveTable, options: { train: number; held: number; prefixes: readonly number[]; seed: number }): LpdRow[] {
  const T = table.epochs;
  const order = table.entries.map((_, i) => i);
  const rng = createRng(options.seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const train = order.slice(0, options.train);
  const held = order.slice(options.train, options.train + options.held);
  const logCurve = (i: number) => Float64Array.from(table.entries[i].loss, Math.log);
  // Momentum is active only for sgd: an Adam entry's inactive column takes the encoding's fixed value.
  const x = (i: number) => table.space.encode(table.space.activeParams(table.entries[i].params));
  const steps = (n: number) => Float64Array.from({ length: n }, (_, k) => k + 1);
  const baseline = fitLastValueBaseline(train.map(logCurve), T);
  const bestTrain = Math.min(...train.map((i) => logCurve(i)[T - 1]));
  return options.prefixes.map((prefix) => {
    const curves: Curve[] = [
      ...train.map((i) => ({ x: x(i), steps: steps(T), values: logCurve(i) })),
      ...held.map((i) => ({ x: x(i), steps: steps(prefix), values: logCurve(i).slice(0, prefix) })),
    ];
    const t0 = performance.now();
    const model = fitFreezeThaw(curves, { maxSteps: T });
    const fitMs = performance.now() - t0;
    const n = held.length;
    const score = { freezeThaw: 0, lastValue: 0 };
    const coverage90 = { freezeThaw: 0, lastValue: 0 };
    const brier = { freezeThaw: 0, lastValue: 0, baseRate: 0 };
    held.forEach((i, k) => {
      const truth = logCurve(i)[T - 1];
      const beat = truth < bestTrain ? 1 : 0;
      brier.baseRate += beat / n;
      const forecasts = { freezeThaw: model.predict(train.length + k, T), lastValue: baseline.predictFinal(prefix, logCurve(i)[prefix - 1]) };
      for (const name of ['freezeThaw', 'lastValue'] as const) {
        const { mean, variance } = forecasts[name];
        score[name] += logDensity(truth, mean, variance) / n;
        if (Math.abs(truth - mean) <= Z90 * Math.sqrt(variance)) coverage90[name] += 1 / n;
        brier[name] += (normalCdf((bestTrain - mean) / Math.sqrt(variance)) - beat) ** 2 / n;
      }
    });
    return { prefix, ...score, coverage90, brier, fitMs };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = loadCurveTable();
  for (const seed of [7, 8, 9]) {
    for (const r of heldOutLpd(table, { train: 60, held: 40, prefixes: [2, 3, 5, 10, 20], seed })) {
      const c = r.coverage90;
      const b = r.brier;
      console.log(
        `seed ${seed} prefix ${r.prefix}: freeze-thaw ${r.freezeThaw.toFixed(3)} nats, last value ${r.lastValue.toFixed(3)} nats; ` +
          `90% coverage ${c.freezeThaw.toFixed(3)} / ${c.lastValue.toFixed(3)}; Brier of P(beat the best) ${b.freezeThaw.toFixed(4)} / ${b.lastValue.toFixed(4)} (base rate ${b.baseRate.toFixed(3)}); fit ${r.fitMs.toFixed(0)} ms`,
      );
    }
  }
}
