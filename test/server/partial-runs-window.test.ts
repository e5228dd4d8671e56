/**
 * Which finished trials an ask reads curves for (server/partial-runs-input.ts forecastWindow),
 * against a hand-picked study: the last maxCurves finished, the best floor(maxCurves/4) completed by
 * value (direction-aware), and the pruned ones up to 4·maxCurves most recent, in trial order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastWindow } from '../../server/partial-runs-input.js';
import type { StoredTrial } from '../../server/storage/types.js';

/** Trial n: completed with loss `value`, or pruned (value undefined). */
const trial = (n: number, value?: number) => ({ id: `t${n}`, number: n, state: value === undefined ? 'pruned' : 'completed', params: { x: n }, values: value === undefined ? undefined : { loss: value } }) as unknown as StoredTrial;

test('the last maxCurves, the best quarter of completed, and recent pruned trials up to 4·maxCurves', () => {
  // 30 trials: even numbers completed (loss = 1 + n/100, except t2 at 0.1: the best), odd numbers pruned.
  const finished = Array.from({ length: 30 }, (_, n) => (n % 2 === 1 ? trial(n) : trial(n, n === 2 ? 0.1 : 1 + n / 100)));
  const ids = (ts: StoredTrial[]) => ts.map((t) => t.number);
  // maxCurves 4: last 4 (26..29), best 1 completed (t2), pruned up to 16 most recent (all 15 odd ones).
  const odd = Array.from({ length: 15 }, (_, i) => 2 * i + 1);
  assert.deepEqual(ids(forecastWindow(finished, 'loss', 'minimize', 4)), [...new Set([2, ...odd, 26, 27, 28, 29])].sort((a, b) => a - b));
  // Maximizing: the best completed is t28 (1.28), already among the last 4.
  assert.deepEqual(ids(forecastWindow(finished, 'loss', 'maximize', 4)), [...new Set([...odd, 26, 27, 28, 29])].sort((a, b) => a - b));
  // The pruned bound: with 40 pruned trials and maxCurves 4, only the 16 most recent pruned are read.
  const many = Array.from({ length: 44 }, (_, n) => (n < 40 ? trial(n) : trial(n, 1)));
  const window = forecastWindow(many, 'loss', 'minimize', 4);
  assert.deepEqual(ids(window.filter((t) => t.state === 'pruned')), Array.from({ length: 16 }, (_, i) => 24 + i));
});
