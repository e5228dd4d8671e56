/**
 * The freeze-thaw GP against the simple extrapolator (last-value-baseline.ts: y_T ~ N(y_t, σ_t²),
 * σ_t fitted on the same complete curves) on REAL learning curves: the shipped table
 * (benchmarks/training-curves/table.json.gz, sklearn MLPs on digits), 60 complete curves and 40
 * held-out prefixes (benchmarks/training-curves/heldout-lpd.ts), two seeded splits. The model must
 * beat the baseline on average over the splits in held-out log density of log(final loss), at each
 * prefix length (not on every split: on one split at 10 epochs it loses, RESULTS.md 2026-12-05).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOutLpd } from '../../../benchmarks/training-curves/heldout-lpd.js';
import { loadCurveTable } from '../../../benchmarks/training-curves/table.js';

test('freeze-thaw GP beats the last-value extrapolator in held-out log-likelihood of final losses (real curves)', () => {
  const table = loadCurveTable();
  const splits = [7, 8].map((seed) => heldOutLpd(table, { train: 60, held: 40, prefixes: [2, 10], seed }));
  for (let p = 0; p < 2; p++) {
    const model = (splits[0][p].freezeThaw + splits[1][p].freezeThaw) / 2;
    const baseline = (splits[0][p].lastValue + splits[1][p].lastValue) / 2;
    assert.ok(model > baseline, `prefix ${splits[0][p].prefix}: freeze-thaw ${model.toFixed(3)} vs last value ${baseline.toFixed(3)} nats`);
  }
});
