/**
 * The acquisition optimizer on a conditional space (acquisitions/branch-relaxation.ts): every row
 * it scores, raw samples, L-BFGS-B iterates and finite-difference probes included, holds the
 * inactive columns at their fixed values (no effort spent on columns the model sees as constant),
 * and it finds the maximum found by brute force over a grid of every branch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Params } from '../../protocol/space.js';
import { optimizeAcquisition } from '../../acquisitions/optimize.js';

const space = createSearchSpace({
  b: { type: 'categorical', choices: ['left', 'right'] },
  u: { type: 'float', low: 0, high: 1, when: { b: ['left'] } },
  v: { type: 'float', low: 0, high: 1, when: { b: ['right'] } },
  k: { type: 'int', low: 1, high: 5 },
  w: { type: 'float', low: 0, high: 1, when: { k: [4, 5] } },
});

/** Smooth in each branch's active floats; the maximum 1.2 + 0.5 = 1.7 is at b=right, v=0.7, k=5, w=0.3. */
function f(p: Params): number {
  const branch = p.b === 'left' ? 1 - ((p.u as number) - 0.2) ** 2 : 1.2 - ((p.v as number) - 0.7) ** 2;
  const k = p.k as number;
  return branch + 0.1 * k + (k >= 4 ? -(((p.w as number) - 0.3) ** 2) : 0);
}

test('the optimizer scores only rows whose inactive columns hold their fixed values, and finds the brute-force maximum', () => {
  let scored = 0;
  let strayRows = 0;
  const values = (X: Matrix): Float64Array => {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      const x = X.data.subarray(i * X.cols, (i + 1) * X.cols);
      scored++;
      // A row whose own parents make a column inactive must hold that column's fixed value.
      if (space.inactiveCoordinates(x).some((c) => x[c.index] !== c.value)) strayRows++;
      out[i] = f(space.decode(x));
    }
    return out;
  };
  const r = optimizeAcquisition({ values }, space, { rng: createRng(3), rawSamples: 512, restarts: 8 });
  assert.equal(strayRows, 0, `${strayRows} of ${scored} scored rows varied an inactive column`);

  // Brute force: every branch, k, and the active floats on a 0.001 grid.
  let best = -Infinity;
  const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
  for (const b of ['left', 'right']) {
    for (let k = 1; k <= 5; k++) {
      let bestBranch = -Infinity;
      for (const t of grid) bestBranch = Math.max(bestBranch, f({ b, u: t, v: t, k, w: 0.3 }));
      best = Math.max(best, bestBranch);
    }
  }
  assert.ok(Math.abs(best - 1.7) < 1e-12, `brute force ${best}`);
  assert.ok(r.value > best - 1e-6, `optimizer ${r.value} vs brute force ${best}`);
  const p = space.decode(r.x);
  assert.deepEqual(Object.keys(p).sort(), ['b', 'k', 'v', 'w']);
  assert.equal(p.b, 'right');
  assert.equal(p.k, 5);
});
