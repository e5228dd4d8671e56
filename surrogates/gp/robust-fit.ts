/**
 * The GP fit under likelihood 'robust': MAP hyperparameters and sparse per-row outlier variances ρ
 * (Ament et al., NeurIPS 2024, "Robust Gaussian Processes via Relevance Pursuit"), by alternation:
 * fit the hyperparameters with ρ as known extra variances (yVar + ρ), pursue ρ at those
 * hyperparameters (outlier-pursuit.ts), and refit while the outlier set changes (at most
 * MAX_FITS fits per ask). The paper re-optimizes every hyperparameter after each support change;
 * alternating keeps an ask to one fit when the set is stable (the warm state carries it).
 * The fitted model conditions on yVar + ρ: outliers keep their rows but lose their pull.
 */
import type { Matrix } from '../../core/matrix.js';
import type { FitOptions, SurrogateState, TrainingData } from '../types.js';
import { encodeHashes, rowHashes } from './factor-reuse.js';
import { fitGpModel } from './gp-fit.js';
import { factorize } from './gp-likelihood.js';
import type { GpModelSpec, GpOptions } from './gp-options.js';
import { FittedGp, type RobustFitInfo } from './fitted-gp.js';
import { pursueOutliers, type OutlierPursuitOptions } from './outlier-pursuit.js';

/**
 * Defaults of the pursuit. penalty: BoTorch's model comparison puts an exponential prior with mean
 * 0.2·n on the support size and adds its log to the per-row marginal likelihood, which costs
 * n/(0.2·n) = 5 nats of the total per outlier; under Gaussian noise a row passes it only when its
 * squared LOO residual exceeds 13.7 LOO variances (χ²₁ tail 2e-4). maxFraction: that prior's mean.
 */
export const ROBUST_DEFAULTS = { penalty: 5, maxFraction: 0.2, patience: 5 } as const;

/** Fits per ask at most (the first, then one per change of the outlier set). */
const MAX_FITS = 3;

/** Pursuit options for n rows from the GP options. */
export function pursuitOptions(options: GpOptions, n: number): OutlierPursuitOptions {
  return {
    penalty: options.outlierPenalty ?? ROBUST_DEFAULTS.penalty,
    maxSupport: Math.floor((options.maxOutlierFraction ?? ROBUST_DEFAULTS.maxFraction) * n),
    patience: ROBUST_DEFAULTS.patience,
  };
}

/** MAP fit with relevance-pursuit outlier variances; the result's diagnostics().robust says what was found. */
export async function fitRobustGp(spec: GpModelSpec, options: GpOptions, data: TrainingData, fit: FitOptions, kind = 'gp'): Promise<FittedGp> {
  const n = data.X.rows;
  let pursuit = pursuitOptions(options, n);
  const keys = rowKeys(data.X);
  const exclude = confirmedRows(data.X, data.y);
  if (exclude) pursuit = { ...pursuit, exclude };
  let rho = warmOutliers(fit.warmStart, keys);
  let model = await fitGpModel(spec, options, withOutliers(data, rho), fit, kind);
  let fits = 1;
  let fitMs = model.fitInfo.fitMs ?? 0;
  for (;;) {
    // Pursue on the data without ρ, at the hyperparameters fitted with the current ρ.
    const base = factorize(model.layout, model.params, data);
    const found = pursueOutliers(base.L, base.alpha, base.lml, pursuit);
    const stable = sameSupport(found.rho, rho);
    if (stable || fits >= MAX_FITS || fit.signal?.aborted) {
      const robust: RobustFitInfo = {
        outliers: found.outliers,
        rho: found.outliers.map((i) => found.rho[i]),
        lmlGain: found.lml - found.lmlBase,
        steps: found.steps,
        fits,
        converged: stable,
        keys: found.outliers.map((i) => keys[i]),
        confirmed: exclude ? exclude.reduce((s, v) => s + v, 0) : 0,
        verify: options.verifyOutliers === true,
      };
      // Without outliers the fitted model stands as it is: its data may be in a reused factor's row order (factor-reuse.ts), not the caller's.
      if (found.outliers.length === 0 && rho === undefined) return new FittedGp(model.layout, model.params, model.data, model.factor, { ...model.fitInfo, fitMs, robust }, kind);
      // Refactored on the caller's rows: no row order of a reused factor, and the reuse record names these rows in this order.
      const final = withOutliers(data, found.outliers.length > 0 ? found.rho : undefined);
      const { rowOrder, reuse, ...info } = model.fitInfo;
      const record = reuse && rowOrder ? { ...reuse, rowHashes: encodeHashes(rowHashes(data.X)) } : reuse;
      return new FittedGp(model.layout, model.params, final, factorize(model.layout, model.params, final), { ...info, ...(record ? { reuse: record } : {}), fitMs, robust }, kind);
    }
    rho = found.outliers.length > 0 ? found.rho : undefined;
    model = await fitGpModel(spec, options, withOutliers(data, rho), { ...fit, warmStart: model.state(), previous: undefined }, kind);
    fits++;
    fitMs += model.fitInfo.fitMs ?? 0;
  }
}

/**
 * Rows that cannot be outliers: a row whose input was measured again (within SAME_INPUT_SQ, squared
 * distance in the unit cube) with the same value (to REPLICATE_AGREEMENT relative) is confirmed by
 * its replicate, both rows. Under continuous (Gaussian) noise replicates never agree exactly and
 * nothing is excluded; on a deterministic objective, or a heavy-tailed one whose typical draws are
 * exact, agreement shows the value is the function's. Undefined when no row is confirmed. Rows are
 * sorted by their first coordinate so only near neighbours are compared.
 */
export function confirmedRows(X: Matrix, y: ArrayLike<number>): Uint8Array | undefined {
  const { rows: n, cols: d, data } = X;
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => data[a * d] - data[b * d] || a - b);
  const reach = Math.sqrt(SAME_INPUT_SQ);
  let out: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const a = order[i];
    for (let k = i + 1; k < n; k++) {
      const b = order[k];
      if (data[b * d] - data[a * d] > reach) break;
      let sq = 0;
      for (let j = 0; j < d && sq <= SAME_INPUT_SQ; j++) sq += (data[a * d + j] - data[b * d + j]) ** 2;
      if (sq > SAME_INPUT_SQ) continue;
      if (Math.abs(y[a] - y[b]) <= REPLICATE_AGREEMENT * Math.max(1, Math.abs(y[a]), Math.abs(y[b]))) {
        out ??= new Uint8Array(n);
        out[a] = 1;
        out[b] = 1;
      }
    }
  }
  return out;
}

/** Two inputs this close (squared Euclidean, unit cube) are the same input: the policy's duplicate test (policy/point-set.ts SAME_POINT_SQ). */
const SAME_INPUT_SQ = 1e-18;

/** Relative difference under which two measurements at one input count as the same value (rounding of the outcome transform only). */
const REPLICATE_AGREEMENT = 1e-9;

/** The data with ρ added to the known variances (unchanged when ρ is absent). */
function withOutliers(data: TrainingData, rho: Float64Array | undefined): TrainingData {
  if (!rho) return data;
  const yVar = rho.slice();
  if (data.yVar) for (let i = 0; i < yVar.length; i++) yVar[i] += data.yVar[i];
  return { X: data.X, y: data.y, yVar };
}

/** Same rows with ρ > 0 (absent = none). */
function sameSupport(a: Float64Array, b: Float64Array | undefined): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > 0 !== (b !== undefined && b[i] > 0)) return false;
  return true;
}

/** One key per row of X (its 64-bit hash), to find last ask's outliers among this ask's rows. */
function rowKeys(X: Matrix): string[] {
  const h = rowHashes(X);
  return Array.from({ length: X.rows }, (_, r) => `${h[2 * r].toString(16)}:${h[2 * r + 1].toString(16)}`);
}

/** The previous ask's outlier variances on the rows still present (a start: the pursuit re-decides). */
function warmOutliers(state: SurrogateState | undefined, keys: string[]): Float64Array | undefined {
  const robust = state?.robust as { keys?: unknown; rho?: unknown } | undefined;
  if (!robust || !Array.isArray(robust.keys) || !Array.isArray(robust.rho) || robust.keys.length !== robust.rho.length) return undefined;
  const where = new Map<string, number[]>();
  for (let r = keys.length - 1; r >= 0; r--) {
    const list = where.get(keys[r]);
    if (list) list.push(r);
    else where.set(keys[r], [r]);
  }
  const rho = new Float64Array(keys.length);
  let any = false;
  for (let k = 0; k < robust.keys.length; k++) {
    const value = robust.rho[k];
    const r = typeof robust.keys[k] === 'string' ? where.get(robust.keys[k] as string)?.pop() : undefined;
    if (r === undefined || typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) continue;
    rho[r] = value;
    any = true;
  }
  return any ? rho : undefined;
}
