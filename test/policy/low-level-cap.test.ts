/**
 * The proxy-spend cap (policy/low-level-cap.ts), each case worked by hand from the rule:
 * share s: low + c ≤ s·(total + c) + max(nInit·c, c_T); 'model': spent_l + c_l ≤ ρ_l²·(total + c_l) + A.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cappedLevels } from '../../policy/low-level-cap.js';

// ADMIRE's costs: 0.5B, 3B, 7B (target).
const costs = [0.177, 0.482, 1];
const all = [0, 1, 2];
const spend = (n0: number, n1: number, n2: number) => [
  ...Array.from({ length: n0 }, () => ({ level: 0, cost: 0.177 })),
  ...Array.from({ length: n1 }, () => ({ level: 1, cost: 0.482 })),
  ...Array.from({ length: n2 }, () => ({ level: 2, cost: 1 })),
];

describe('cappedLevels', () => {
  it('share 0.1: the hand-set cap of all lower levels together', () => {
    // 10 at 0.5B (1.77), 1 at 7B: low + c = 1.947; 0.1·(2.77 + 0.177) + max(2·0.177, 1) = 1.2947 → target only.
    assert.deepEqual(cappedLevels(all, 2, costs, spend(10, 0, 1), 0.1, 2), [2]);
    // 2 at 0.5B, 5 at 7B: low + c = 0.531 ≤ 0.1·(5.354 + 0.177) + 1 = 1.553 → all.
    assert.deepEqual(cappedLevels(all, 2, costs, spend(2, 0, 5), 0.1, 2), all);
    assert.deepEqual(cappedLevels(all, 2, costs, spend(100, 0, 0), 1, 2), all);
  });

  it("'model': each level gets ρ² of the spend", () => {
    const rho = [0.3, 0.9, 1];
    // 8 at 0.5B (1.416), 2 at 3B (0.964), 3 at 7B: total 5.38, A = max(0.354, 1) = 1.
    // 0.5B: 1.416 + 0.177 = 1.593 > 0.09·5.557 + 1 = 1.500 → out. 3B: 0.964 + 0.482 = 1.446 ≤ 0.81·5.862 + 1 = 5.748 → in.
    assert.deepEqual(cappedLevels(all, 2, costs, spend(8, 2, 3), 'model', 2, rho), [1, 2]);
    // 5 at 0.5B: 0.885 + 0.177 = 1.062 ≤ 0.09·(0.885 + 3 + 0.177) + 1 = 1.366 → in.
    assert.deepEqual(cappedLevels(all, 2, costs, spend(5, 0, 3), 'model', 2, rho), all);
    // No fitted model yet (no correlations): only the allowance; negative correlation counts as 0.
    assert.deepEqual(cappedLevels(all, 2, costs, spend(6, 0, 0), 'model', 2), [1, 2]);
    assert.deepEqual(cappedLevels(all, 2, costs, spend(6, 0, 0), 'model', 2, [-0.99, 0.5, 1]), [1, 2]);
  });
});
