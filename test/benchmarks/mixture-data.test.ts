/**
 * The loaders reproduce seed-specs §3.5's check values (computed there from the CSVs). The data are
 * read from ../shared/data (or $MIXTURE_DATA_DIR) and never copied; the tests skip when absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAdmireIft, mixtureDataAvailable } from '../../benchmarks/mixture/data.js';
import { admireIft, regmixPile } from '../../benchmarks/mixture/problems.js';
import { createSearchSpace } from '../../core/search-space.js';

const skip = mixtureDataAvailable() ? false : 'data-mixture datasets not found (set MIXTURE_DATA_DIR or provide ../shared/data)';

/** Spearman rank correlation (no ties in these data). */
function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const r = new Array<number>(v.length);
    [...v.keys()].sort((i, j) => v[i] - v[j]).forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

test('admire-ift: counts, best 7B of the 60-pool, pool mean/median, costs, best 3B/0.5B', { skip }, () => {
  const d = loadAdmireIft();
  assert.deepEqual(d.runs.map((r) => r.length), [256, 128, 76]);
  assert.equal(d.components.length, 19);
  const pool7 = d.runs[2].slice(0, 60).map((r) => r.value);
  const best = Math.max(...pool7);
  assert.ok(Math.abs(best - 0.5938) < 5e-5);
  assert.equal(pool7.indexOf(best), 31);
  const mean = pool7.reduce((a, b) => a + b, 0) / 60;
  const sorted = [...pool7].sort((a, b) => a - b);
  assert.ok(Math.abs(mean - 0.5876) < 5e-5 && Math.abs((sorted[29] + sorted[30]) / 2 - 0.5881) < 5e-5);
  assert.ok(Math.abs(Math.max(...d.runs[2].slice(60).map((r) => r.value)) - 0.5922) < 5e-5);
  assert.ok(Math.abs(Math.max(...d.runs[1].map((r) => r.value)) - 0.529) < 5e-5);
  assert.ok(Math.abs(Math.max(...d.runs[0].map((r) => r.value)) - 0.3522) < 5e-5);
  const meanTime = d.runs.map((rs) => rs.reduce((a, r) => a + (r.trainTime ?? 0), 0) / rs.length);
  assert.ok(Math.abs(meanTime[0] / meanTime[2] - 0.1774) < 5e-4 && Math.abs(meanTime[1] / meanTime[2] - 0.4817) < 5e-4);
  const poolTime = d.runs[2].slice(0, 60).reduce((a, r) => a + (r.trainTime ?? 0), 0);
  assert.ok(Math.abs(poolTime - 32248) < 1);
  for (const r of d.runs.flat()) assert.ok(Math.abs(r.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('admire-ift: Spearman ρ across sizes on the 76 shared mixtures (0.549 / 0.654 / 0.536)', { skip }, () => {
  const d = loadAdmireIft();
  const key = (w: Float64Array) => Array.from(w, (v) => v.toFixed(5)).join(',');
  const at = (level: number) => new Map(d.runs[level].map((r) => [key(r.weights), r.value]));
  const m0 = at(0);
  const m1 = at(1);
  const shared = d.runs[2].map((r) => ({ k: key(r.weights), v7: r.value }));
  assert.ok(shared.every((s) => m0.has(s.k) && m1.has(s.k)), 'every 7B mixture is also run at 0.5B and 3B');
  const v0 = shared.map((s) => m0.get(s.k)!);
  const v1 = shared.map((s) => m1.get(s.k)!);
  const v7 = shared.map((s) => s.v7);
  assert.ok(Math.abs(spearman(v0, v7) - 0.549) < 2e-3);
  assert.ok(Math.abs(spearman(v1, v7) - 0.654) < 2e-3);
  assert.ok(Math.abs(spearman(v0, v1) - 0.536) < 2e-3);
});

test('problems: pools encode into their spaces; pile best 1B in pool[:48] is 2.1113', { skip }, () => {
  const a = admireIft();
  assert.equal(a.pool.length, 256 + 128 + 60);
  assert.ok(Math.abs(a.best - 0.5938) < 5e-5);
  const p = regmixPile();
  assert.equal(p.pool.length, 256 + 256 + 48);
  assert.ok(Math.abs(p.best - 2.1113) < 5e-5);
  for (const prob of [a, p]) {
    const space = createSearchSpace(prob.space);
    for (const row of prob.pool) space.validate(row);
  }
});
