/**
 * Warm GP fits that keep the previous hyperparameters and extend the previous Cholesky factor by
 * the k new rows (O(n²k)) instead of re-optimizing them (several O(n³) evaluations).
 *
 * The decision uses only the persisted state (SurrogateState, JSON) and the data, never the
 * in-memory factor, so a worker that lost the factor (restart, LRU eviction) takes the same
 * decision and computes the same model with one fresh Cholesky. The rule, all of:
 *  (a) eligible: the state is this layout's, every row its hyperparameters were last applied to
 *      is still in X (64-bit hash of each row's bits), at least REUSE_MIN_ROWS of them;
 *  (b) settled ("barely moved"): the last full fit raised the log posterior over its warm start
 *      by less than ½·χ²_p(SETTLED_LEVEL) nats (p free hyperparameters): by the likelihood-ratio
 *      test the refit hyperparameters were indistinguishable from the ones it started at;
 *  (c) schedule: fewer than max(1, ⌈REFIT_GROWTH·fitRows⌉) rows were added since that full fit;
 *  (d) consistent: under the reused hyperparameters the rows added since that fit have
 *      sequential standardized residuals z_i = (L⁻¹(y − c))_i (the quadratic term of their log
 *      predictive density, i.e. of the marginal likelihood's increment) with Σz² ≤ χ²_m(CONSISTENT_LEVEL).
 * Otherwise the caller runs the full (warm) hyperparameter fit.
 *
 * Rows: the caller's X is in trial-number order, and with parallel workers a late tell of an
 * older trial lands in the middle. A reused model therefore keeps its own row order: the previous
 * model's rows (found by hash, in their old order), then the new rows in the caller's order. The
 * GP posterior does not depend on the order of its data, and the order is a function of the state
 * and X only, so warm and cold workers build the same model.
 *
 * Known variances (yVar: told per trial, or the robust likelihood's outlier variances) are part of
 * K_y as they are now: the fresh factor uses today's, and the held factor is extended only when its
 * rows' variances are today's bit for bit (robust-fit.ts carries its outlier variances by row).
 */
import { cholesky, solveLower, solveLowerT } from '../../core/linalg/linalg.js';
import { extendCholesky } from '../../core/linalg/cholesky-extend.js';
import type { Matrix } from '../../core/matrix.js';
import { normalQuantile } from '../../core/normal.js';
import type { SurrogateState, TrainingData } from '../types.js';
import type { FittedGp } from './fitted-gp.js';
import { trainingCovariance, type GpFactor, type GpParameterLayout } from './gp-likelihood.js';

/** Below this many rows a full warm fit costs < ~0.1 s (wasm) and hyperparameters still move: always refit. */
export const REUSE_MIN_ROWS = 256;
/** Full refit once the data grew by this fraction since the last full fit. */
export const REFIT_GROWTH = 0.05;
/** Level of the likelihood-ratio test in (b). */
export const SETTLED_LEVEL = 0.95;
/** Level of the residual test in (d): a false refit once in 1,000 asks. */
export const CONSISTENT_LEVEL = 0.999;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** What a GP state records so that the next fit can apply the rule; JSON numbers and strings only. */
export interface ReuseRecord {
  /** Rows the state's hyperparameters were last applied to. */
  readonly rows: number;
  /** rowHashes of those rows in the model's order, base64 (8 bytes a row). */
  readonly rowHashes: string;
  /** Absolute diagonal jitter of that factor (reused: both paths factor K_y + jitter·I). */
  readonly jitter: number;
  /** Rows at the last full hyperparameter fit. */
  readonly fitRows: number;
  /** Log-posterior gain (nats) of that fit over its warm start; null after a cold fit. */
  readonly fitGain: number | null;
}

/** Reused hyperparameters: the fitted factor, or why the full fit runs instead. */
export type ReuseOutcome =
  | {
    readonly reused: true; readonly data: TrainingData; readonly factor: GpFactor; readonly record: ReuseRecord; readonly extended: boolean;
    /** data's row i is the given data's row order[i]; undefined when the orders agree. */
    readonly order?: Int32Array;
  }
  | { readonly reused: false; readonly reason: string };

/** Per row of X, a 64-bit FNV-1a of its IEEE bits (two 32-bit lanes): 2·rows words. */
export function rowHashes(X: Matrix): Uint32Array {
  const words = new Uint32Array(X.data.buffer, X.data.byteOffset, X.rows * X.cols * 2);
  const per = X.cols * 2;
  const out = new Uint32Array(2 * X.rows);
  for (let r = 0; r < X.rows; r++) {
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = r * per; i < (r + 1) * per; i++) {
      a = Math.imul(a ^ words[i], 0x01000193) >>> 0;
      b = Math.imul(b ^ words[i] ^ 0x5bd1e995, 0x01000193) >>> 0;
    }
    out[2 * r] = a;
    out[2 * r + 1] = b;
  }
  return out;
}

/** Row hashes as the base64 text a state keeps. */
export function encodeHashes(h: Uint32Array): string {
  const bytes = new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The inverse of encodeHashes; undefined when the text is not 8 bytes a row. */
function decodeHashes(text: string, rows: number): Uint32Array | undefined {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined;
  }
  if (bin.length !== rows * 8) return undefined;
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Uint32Array(bytes.buffer);
}

/**
 * The model's row order for `data`: indices of the record's rows in X (in the record's order),
 * then the other rows of X in their order; undefined when one of the record's rows is missing.
 */
export function reuseOrder(record: ReuseRecord, X: Matrix): Int32Array | undefined {
  const old = decodeHashes(record.rowHashes, record.rows);
  if (!old || record.rows > X.rows) return undefined;
  const now = rowHashes(X);
  const where = new Map<string, number[]>();
  for (let r = X.rows - 1; r >= 0; r--) {
    const key = `${now[2 * r]}:${now[2 * r + 1]}`;
    const list = where.get(key);
    if (list) list.push(r);
    else where.set(key, [r]);
  }
  const order = new Int32Array(X.rows);
  const used = new Uint8Array(X.rows);
  for (let i = 0; i < record.rows; i++) {
    const r = where.get(`${old[2 * i]}:${old[2 * i + 1]}`)?.pop(); // lists hold ascending rows from their end
    if (r === undefined) return undefined;
    order[i] = r;
    used[r] = 1;
  }
  let k = record.rows;
  for (let r = 0; r < X.rows; r++) if (!used[r]) order[k++] = r;
  return order;
}

/** X, y and yVar with their rows taken in `order`. */
function permuted(data: TrainingData, order: Int32Array): TrainingData {
  const d = data.X.cols;
  const X = new Float64Array(data.X.data.length);
  const y = new Float64Array(order.length);
  const yVar = data.yVar ? new Float64Array(order.length) : undefined;
  for (let i = 0; i < order.length; i++) {
    X.set(data.X.data.subarray(order[i] * d, (order[i] + 1) * d), i * d);
    y[i] = data.y[order[i]];
    if (yVar) yVar[i] = data.yVar![order[i]];
  }
  return { X: { rows: order.length, cols: d, data: X }, y, ...(yVar ? { yVar } : {}) };
}

/**
 * χ²_k quantile at probability p by the Wilson–Hilferty cube (Wilson & Hilferty 1931):
 * k·(1 − 2/(9k) + z_p·√(2/(9k)))³, within a few percent of the exact quantile for k ≥ 1 and p ≤ 0.999.
 */
export function chiSquareQuantile(k: number, p: number): number {
  const c = 2 / (9 * k);
  const t = 1 - c + normalQuantile(p) * Math.sqrt(c);
  return k * Math.max(t, 0) ** 3;
}

/** The record in a GP state, when it has one with the right types. */
export function readReuseRecord(state: SurrogateState | undefined): ReuseRecord | undefined {
  const r = state?.reuse as Partial<ReuseRecord> | undefined;
  if (!r || typeof r !== 'object') return undefined;
  const ints = [r.rows, r.fitRows].every((x) => Number.isInteger(x) && (x as number) >= 0) && r.fitRows! <= r.rows!;
  if (!ints || typeof r.rowHashes !== 'string' || !(typeof r.jitter === 'number' && r.jitter >= 0 && Number.isFinite(r.jitter))) return undefined;
  if (r.fitGain !== null && typeof r.fitGain !== 'number') return undefined;
  return { rows: r.rows!, rowHashes: r.rowHashes, jitter: r.jitter, fitRows: r.fitRows!, fitGain: r.fitGain ?? null };
}

/** Rule (a)–(c) without the row lookup (reuseHyperparameters does it): can the state's hyperparameters be reused on `data`? */
export function reuseBlocker(layout: GpParameterLayout, record: ReuseRecord | undefined, data: TrainingData): string | undefined {
  if (!record) return 'no reuse record (cold or older state)';
  const n = data.X.rows;
  if (record.rows < REUSE_MIN_ROWS) return `fewer than ${REUSE_MIN_ROWS} rows`;
  if (record.rows > n) return 'fewer rows than the previous fit';
  if (record.fitGain === null) return 'the last full fit was cold (no measured move)';
  if (!(record.fitGain < settledGain(layout))) return 'hyperparameters moved at the last full fit';
  if (n - record.fitRows >= Math.max(1, Math.ceil(REFIT_GROWTH * record.fitRows))) return 'scheduled full fit';
  return undefined;
}

/** ½·χ²_p(SETTLED_LEVEL) for the layout's free hyperparameters (a fixed noise is not free). */
export function settledGain(layout: GpParameterLayout): number {
  let p = 0;
  for (let i = 0; i < layout.size; i++) if (layout.upper[i] > layout.lower[i]) p++;
  return 0.5 * chiSquareQuantile(Math.max(p, 1), SETTLED_LEVEL);
}

/**
 * The factor of K_y + jitter·I at hyperparameters v on `data`, then rule (d). With `previous`
 * (the fit the record describes, held in memory) the factor is previous.L extended by the new rows;
 * without it, one fresh Cholesky: the same matrix, equal up to round-off.
 */
export function reuseHyperparameters(layout: GpParameterLayout, v: Float64Array, given: TrainingData, record: ReuseRecord, previous?: FittedGp): ReuseOutcome {
  const order = reuseOrder(record, given.X);
  if (!order) return { reused: false, reason: 'a row of the previous fit is not in the data' };
  const data = permuted(given, order);
  const n = data.X.rows;
  const extendable = previous !== undefined && matchesRecord(previous, v, data, record);
  const L = extendable ? extendFactor(layout, v, data, record, previous.factor.L) : freshFactor(layout, v, data, record.jitter);
  if (!L) return { reused: false, reason: 'covariance not positive definite at the reused jitter' };
  const c = v[layout.meanIndex];
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = data.y[i] - c;
  const z = solveLower(L, r);
  let quad = 0;
  let added = 0;
  let halfLogDet = 0;
  for (let i = 0; i < n; i++) {
    quad += z[i] * z[i];
    if (i >= record.fitRows) added += z[i] * z[i];
    halfLogDet += Math.log(L.data[i * n + i]);
  }
  const m = n - record.fitRows;
  if (m > 0 && !(added <= chiSquareQuantile(m, CONSISTENT_LEVEL))) return { reused: false, reason: `new rows inconsistent (Σz² ${added.toFixed(1)} over ${m})` };
  const factor: GpFactor = { L, alpha: solveLowerT(L, z), jitter: record.jitter, lml: -0.5 * quad - halfLogDet - n * HALF_LOG_2PI };
  if (!Number.isFinite(factor.lml)) return { reused: false, reason: 'non-finite marginal likelihood at the reused hyperparameters' };
  const moved = order.some((row, i) => row !== i);
  return { reused: true, data, factor, record: { ...record, rows: n, rowHashes: encodeHashes(rowHashes(data.X)) }, extended: extendable, ...(moved ? { order } : {}) };
}

/**
 * The held model is the one the record describes: same hyperparameters bit for bit, same jitter, its rows the prefix
 * (in the model's order) with the same known variances (none on either side, or equal bit for bit).
 */
function matchesRecord(previous: FittedGp, v: Float64Array, data: TrainingData, record: ReuseRecord): boolean {
  const old = previous.data.X;
  if (old.rows !== record.rows || old.cols !== data.X.cols || previous.factor.jitter !== record.jitter) return false;
  if (previous.params.length !== v.length || previous.params.some((p, i) => p !== v[i])) return false;
  const m = old.rows * old.cols;
  for (let i = 0; i < m; i++) if (old.data[i] !== data.X.data[i]) return false;
  const [was, now] = [previous.data.yVar, data.yVar];
  if (!was || !now) return !was && !now;
  for (let i = 0; i < old.rows; i++) if (was[i] !== now[i]) return false;
  return true;
}

/** [[L, 0], [Bᵀ, C]] for the rows after the previous model's (core/linalg/cholesky-extend.ts). */
function extendFactor(layout: GpParameterLayout, v: Float64Array, data: TrainingData, record: ReuseRecord, L: Matrix): Matrix | null {
  const n0 = record.rows;
  const d = data.X.cols;
  const k = data.X.rows - n0;
  if (k === 0) return L;
  const theta = v.subarray(0, layout.kernel.size);
  const Xold: Matrix = { rows: n0, cols: d, data: data.X.data.subarray(0, n0 * d) };
  const Xnew: Matrix = { rows: k, cols: d, data: data.X.data.subarray(n0 * d) };
  const S = layout.kernel.matrix(theta, Xnew, Xnew);
  const diag = Math.exp(v[layout.noiseIndex]) + record.jitter;
  for (let j = 0; j < k; j++) S.data[j * k + j] += diag + (data.yVar ? data.yVar[n0 + j] : 0);
  return extendCholesky(L, layout.kernel.matrix(theta, Xold, Xnew), S);
}

/** Cholesky of K_y + jitter·I from scratch (the cold worker's path). */
function freshFactor(layout: GpParameterLayout, v: Float64Array, data: TrainingData, jitter: number): Matrix | null {
  const Ky = trainingCovariance(layout, v, data);
  const n = data.X.rows;
  for (let i = 0; i < n; i++) Ky.data[i * n + i] += jitter;
  return cholesky(Ky);
}
