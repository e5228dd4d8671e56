/**
 * Subset-of-data hyperparameter fits for large n (Rasmussen & Williams 2006, §8.3.3; Chalupka,
 * Williams & Murray 2013, "A framework for evaluating approximation methods for GP regression",
 * JMLR 14: a random subset is a strong baseline for the hyperparameters). The MAP optimization,
 * whose every evaluation is an O(n³) Cholesky plus O(n²p) gradient terms, runs on at most m rows;
 * the posterior then uses ALL rows at those hyperparameters (one O(n³) factorization), so the
 * model stays an exact GP and only its hyperparameters carry the approximation.
 *
 * The subset is the m rows with the smallest 64-bit row hash (factor-reuse.ts rowHashes): a
 * pseudo-random choice that depends on the rows' values only, not on their order, the seed or
 * the worker, and that is stable as data grows (a new row enters only if its hash is below the
 * current m-th smallest). Successive warm fits therefore see nearly the same objective, which
 * keeps factor reuse's "settled" test meaningful.
 */
import type { TrainingData } from '../types.js';
import { rowHashes } from './factor-reuse.js';

/** Default cap on the rows of a hyperparameter fit: at n = 600 a cold fit costs ~(256/600)³ ≈ 8% of the full one. */
export const DEFAULT_FIT_ROWS = 256;

/** Indices (ascending) of the rows a hyperparameter fit uses: all rows when n ≤ maxRows. */
export function fitSubsetRows(data: TrainingData, maxRows: number): Int32Array {
  const n = data.X.rows;
  if (n <= maxRows) return Int32Array.from({ length: n }, (_, i) => i);
  const h = rowHashes(data.X);
  const order = Array.from({ length: n }, (_, i) => i);
  // Ties (duplicate rows) break by index, so the choice is a total order on (hash, index).
  order.sort((a, b) => h[2 * a] - h[2 * b] || h[2 * a + 1] - h[2 * b + 1] || a - b);
  return Int32Array.from(order.slice(0, maxRows)).sort();
}

/** The rows `rows` of the training data (X, y and yVar when present). */
export function subsetData(data: TrainingData, rows: Int32Array): TrainingData {
  const d = data.X.cols;
  const X = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  const yVar = data.yVar ? new Float64Array(rows.length) : undefined;
  rows.forEach((r, i) => {
    X.set(data.X.data.subarray(r * d, (r + 1) * d), i * d);
    y[i] = data.y[r];
    if (yVar) yVar[i] = data.yVar![r];
  });
  return { X: { rows: rows.length, cols: d, data: X }, y, ...(yVar ? { yVar } : {}) };
}
