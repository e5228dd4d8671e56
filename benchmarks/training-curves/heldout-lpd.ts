/**
 * Held-out predictive log-likelihood of final losses on the table: the freeze-thaw GP against the
 * last-value extrapolator (surrogates/learning-curve/). `train` complete curves and `held`
 * held-out prefixes (a seeded shuffle) are fitted jointly; both models give a Gaussian for
 * log(final validation loss) of each held-out curve, scored by its log density at the truth.
 *
 *   npx tsx benchmarks/training-curves/heldout-lpd.ts
 */
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
  readonly fitMs: number;
}

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
  return options.prefixes.map((prefix) => {
    const curves: Curve[] = [
      ...train.map((i) => ({ x: x(i), steps: steps(T), values: logCurve(i) })),
      ...held.map((i) => ({ x: x(i), steps: steps(prefix), values: logCurve(i).slice(0, prefix) })),
    ];
    const t0 = performance.now();
    const model = fitFreezeThaw(curves, { maxSteps: T });
    const fitMs = performance.now() - t0;
    let freezeThaw = 0;
    let lastValue = 0;
    held.forEach((i, k) => {
      const truth = logCurve(i)[T - 1];
      const p = model.predict(train.length + k, T);
      freezeThaw += logDensity(truth, p.mean, p.variance) / held.length;
      const q = baseline.predictFinal(prefix, logCurve(i)[prefix - 1]);
      lastValue += logDensity(truth, q.mean, q.variance) / held.length;
    });
    return { prefix, freezeThaw, lastValue, fitMs };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = loadCurveTable();
  for (const seed of [7, 8, 9]) {
    for (const r of heldOutLpd(table, { train: 60, held: 40, prefixes: [2, 5, 10, 20], seed })) {
      console.log(`seed ${seed} prefix ${r.prefix}: freeze-thaw ${r.freezeThaw.toFixed(3)} nats, last value ${r.lastValue.toFixed(3)} nats, fit ${r.fitMs.toFixed(0)} ms`);
    }
  }
}
