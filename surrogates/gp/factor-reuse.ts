/**
 * Warm GP fits that keep the previous hyperparameters and extend the previous Cholesky factor by
 * the k new rows (O(n²k)) instead of re-optimizing them (several O(n³) evaluations).
 *
 * The decision uses only the persisted state (SurrogateState, JSON) and the data, never the
 * in-memory factor, so a worker that lost the factor (restart, LRU eviction) takes the same
 * decision and computes the same model with one fresh Cholesky. The rule, all of:
 *  (a) eligible: the state is this layout's, its hyperparameters were last applied to rows that
 *      are a prefix of X (hash of their bits), at least REUSE_MIN_ROWS of them, no known yVar;
 *  (b) settled ("barely moved"): the last full fit raised the log posterior over its warm start
 *      by less than ½·χ²_p(SETTLED_LEVEL) nats (p free hyperparameters): by the likelihood-ratio
 *      test the refit hyperparameters were indistinguishable from the ones it started at;
 *  (c) schedule: fewer than max(1, ⌈REFIT_GROWTH·fitRows⌉) rows were added since that full fit;
 *  (d) consistent: under the reused hyperparameters the rows added since that fit have
 *      sequential standardized residuals z_i = (L⁻¹(y − c))_i (the quadratic term of their log
 *      predictive density, i.e. of the marginal likelihood's increment) with Σz² ≤ χ²_m(CONSISTENT_LEVEL).
 * Otherwise the caller runs the full (warm) hyperparameter fit.
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
  /** Rows the state's hyperparameters were last applied to (a prefix of the next X, or no reuse). */
  readonly rows: number;
  /** rowsHash of those rows. */
  readonly xHash: string;
  /** Absolute diagonal jitter of that factor (reused: both paths factor K_y + jitter·I). */
  readonly jitter: number;
  /** Rows at the last full hyperparameter fit. */
  readonly fitRows: number;
  /** Log-posterior gain (nats) of that fit over its warm start; null after a cold fit. */
  readonly fitGain: number | null;
}

/** Reused hyperparameters: the fitted factor, or why the full fit runs instead. */
export type ReuseOutcome =
  | { readonly reused: true; readonly factor: GpFactor; readonly record: ReuseRecord; readonly extended: boolean }
  | { readonly reused: false; readonly reason: string };

/** 64-bit FNV-1a (two 32-bit lanes) over the IEEE bits of X's first `rows` rows, as 16 hex digits. */
export function rowsHash(X: Matrix, rows: number): string {
  const words = new Uint32Array(X.data.buffer, X.data.byteOffset, rows * X.cols * 2);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193) >>> 0;
    b = Math.imul(b ^ words[i] ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
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
  const ints = [r.rows, r.fitRows].every((x) => Number.isInteger(x) && (x as number) >= 0);
  if (!ints || typeof r.xHash !== 'string' || !(typeof r.jitter === 'number' && r.jitter >= 0 && Number.isFinite(r.jitter))) return undefined;
  if (r.fitGain !== null && typeof r.fitGain !== 'number') return undefined;
  return { rows: r.rows!, xHash: r.xHash, jitter: r.jitter, fitRows: r.fitRows!, fitGain: r.fitGain ?? null };
}

/** Rule (a)–(c): can the state's hyperparameters be reused on `data` (before computing any factor)? */
export function reuseBlocker(layout: GpParameterLayout, record: ReuseRecord | undefined, data: TrainingData): string | undefined {
  if (!record) return 'no reuse record (cold or older state)';
  const n = data.X.rows;
  if (data.yVar) return 'known observation variances';
  if (record.rows < REUSE_MIN_ROWS) return `fewer than ${REUSE_MIN_ROWS} rows`;
  if (record.rows > n || rowsHash(data.X, record.rows) !== record.xHash) return 'previous rows are not a prefix of the data';
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
export function reuseHyperparameters(layout: GpParameterLayout, v: Float64Array, data: TrainingData, record: ReuseRecord, previous?: FittedGp): ReuseOutcome {
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
  return { reused: true, factor, record: { ...record, rows: n, xHash: rowsHash(data.X, n) }, extended: extendable };
}

/** The held model is the one the record describes: same hyperparameters bit for bit, same jitter, its rows the prefix. */
function matchesRecord(previous: FittedGp, v: Float64Array, data: TrainingData, record: ReuseRecord): boolean {
  const old = previous.data.X;
  if (old.rows !== record.rows || old.cols !== data.X.cols || previous.factor.jitter !== record.jitter || previous.data.yVar) return false;
  if (previous.params.length !== v.length || previous.params.some((p, i) => p !== v[i])) return false;
  const m = old.rows * old.cols;
  for (let i = 0; i < m; i++) if (old.data[i] !== data.X.data[i]) return false;
  return true;
}

/** [[L, 0], [Bᵀ, C]] for the rows after the prefix (core/linalg/cholesky-extend.ts). */
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
  for (let j = 0; j < k; j++) S.data[j * k + j] += diag;
  return extendCholesky(L, layout.kernel.matrix(theta, Xold, Xnew), S);
}

/** Cholesky of K_y + jitter·I from scratch (the cold worker's path). */
function freshFactor(layout: GpParameterLayout, v: Float64Array, data: TrainingData, jitter: number): Matrix | null {
  const Ky = trainingCovariance(layout, v, data);
  const n = data.X.rows;
  for (let i = 0; i < n; i++) Ky.data[i * n + i] += jitter;
  return cholesky(Ky);
}
