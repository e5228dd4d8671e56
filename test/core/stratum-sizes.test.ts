/** Stratified allocation (core/stratum-sizes.ts) against its definition: sums to S, at least one draw per positive weight, within one draw of w·S otherwise. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratumSizes } from '../../core/stratum-sizes.js';

test('sizes sum to S, every positive weight gets >= 1, and each is within 1 of w·S when w·S >= 1', () => {
  const cases: number[][] = [[1], [0.5, 0.5], [0.7, 0.2, 0.1], [0.98, 0.01, 0.01], [0.333, 0.333, 0.334], [0.6, 0, 0.4], [0.995, 0.005]];
  for (const w of cases) {
    for (const S of [3, 16, 128, 129]) {
      const s = stratumSizes(w, S);
      assert.equal(s.reduce((a, b) => a + b, 0), S, `${w} S=${S}`);
      w.forEach((wk, k) => {
        if (wk === 0) assert.equal(s[k], 0);
        else assert.ok(s[k] >= 1);
        if (wk * S >= 1) assert.ok(Math.abs(s[k] - wk * S) < 1 + 1e-9 + (w.filter((v) => v > 0 && v * S < 1).length), `${w} S=${S}: ${Array.from(s)}`);
      });
    }
  }
  assert.deepEqual(Array.from(stratumSizes([1], 128)), [128]);
  assert.throws(() => stratumSizes([0.5, 0.5], 1), RangeError);
});
