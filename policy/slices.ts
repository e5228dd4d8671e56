/**
 * The dashboard's view of the model (issue 23): the posterior mean and 95% band of the objective
 * along each parameter with the others held at the incumbent, and each parameter's importance
 * (first-order Sobol index of the posterior mean, policy/sobol-importance.ts). Uses the model a
 * recommendation uses (policy/recommend.ts fitForPrediction). Pure: no I/O, so it runs on a
 * compute worker (server/slices.ts).
 */
import { BoError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import type { Dimension, SearchSpace } from '../core/space-types.js';
import type { FloatParam, IntParam, Params } from '../protocol/space.js';
import { fitForPrediction, RECOMMEND_MIN_OBSERVATIONS, type Fitted, type RecommendRequest } from './recommend.js';
import { mfLayout } from './mf-policy.js';
import { firstOrderSobol } from './sobol-importance.js';

/** z of the two-sided 95% normal interval. */
const Z95 = 1.959963984540054;
/** Stream id of the slices' random choices (distinct from the recommendation's). */
const STREAM = 0x511c;
/** Grid points of a continuous parameter's slice (plus the incumbent's own value). */
export const SLICE_POINTS = 41;
/** Integers with at most this many values are sliced at every value. */
const ALL_INTEGERS_UP_TO = 64;
/** Samples of each Sobol design matrix (rows evaluated: N·(parameters + 2)), fewer in wide spaces (IMPORTANCE_ROWS). */
const SOBOL_SAMPLES = 512;
/** At most this many posterior means for the importances, so a space of hundreds of parameters stays a bounded job. */
const IMPORTANCE_ROWS = 65_536;
/** Fewest samples per design matrix, whatever the width (below this the estimate is noise). */
const MIN_SOBOL_SAMPLES = 64;
/** Rows per posterior call. */
const CHUNK = 256;

/** A slices request: a recommendation's request plus the incumbent the slices cross. */
export interface SlicesRequest extends RecommendRequest {
  /** The best completed trial's params (at the target fidelity in fidelity studies). */
  readonly incumbent: Params;
}

/** One parameter's slice in user units (protocol/slices.ts ParamSlice). */
export interface Slice {
  readonly param: string;
  readonly kind: 'numeric' | 'categorical';
  readonly log?: boolean;
  readonly x: (number | string | boolean)[];
  readonly mean: number[];
  readonly lower: number[];
  readonly upper: number[];
}

/** What slices() returns; the service adds the incumbent's trial and the objective. */
export interface SlicesResult {
  readonly atIncumbent: { mean: number; lower: number; upper: number };
  readonly slices: Slice[];
  readonly importance: { param: string; value: number }[];
  readonly skipped: { param: string; reason: string }[];
  readonly model: string;
  readonly observations: number;
  readonly note?: string;
}

/** Posterior means of the rows of X in user units (the importances need no variance, the costlier half of a GP posterior). */
function meansOf(fitted: Fitted, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  for (let s = 0; s < X.rows; s += CHUNK) {
    const e = Math.min(X.rows, s + CHUNK);
    const m = fitted.model.posterior({ rows: e - s, cols: X.cols, data: X.data.subarray(s * X.cols, e * X.cols) }).mean();
    for (let i = 0; i < e - s; i++) out[s + i] = fitted.toUser(m[i]!, 0).mean;
  }
  return out;
}

/** Posterior mean and 95% band of the rows of X in user units, in chunks. */
function predict(fitted: Fitted, X: Matrix): { mean: number[]; lower: number[]; upper: number[] } {
  const out = { mean: [] as number[], lower: [] as number[], upper: [] as number[] };
  for (let s = 0; s < X.rows; s += CHUNK) {
    const e = Math.min(X.rows, s + CHUNK);
    const post = fitted.model.posterior({ rows: e - s, cols: X.cols, data: X.data.subarray(s * X.cols, e * X.cols) });
    const m = post.mean();
    const v = post.variance();
    for (let i = 0; i < e - s; i++) {
      const u = fitted.toUser(m[i]!, Math.max(0, v[i]!));
      out.mean.push(u.mean);
      out.lower.push(u.mean - Z95 * u.sd);
      out.upper.push(u.mean + Z95 * u.sd);
    }
  }
  return out;
}

function stack(rows: readonly Float64Array[], d: number): Matrix {
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: rows.length, cols: d, data };
}

/** Encoded coordinates a numeric slice visits: every integer of a small range, else an even grid; with the incumbent's. */
function gridOf(dim: Extract<Dimension, { kind: 'continuous' | 'integer' }>, at: number): number[] {
  const base = dim.kind === 'integer' && dim.grid.length <= ALL_INTEGERS_UP_TO ? [...dim.grid] : Array.from({ length: SLICE_POINTS }, (_, i) => i / (SLICE_POINTS - 1));
  return [...new Set([...base, at])].sort((a, b) => a - b);
}

/**
 * The rows of one parameter's slice through the incumbent (x0 = its encoding) and the user value
 * each stands for (duplicates after rounding dropped). The incumbent's own point carries its exact
 * value: decode(encode(v)) may differ from v in the last bit (log scales), and the page finds the
 * incumbent on the slice by equality.
 */
function sliceRows(space: SearchSpace, dim: Dimension, x0: Float64Array, incumbent: Params): { rows: Float64Array[]; x: (number | string | boolean)[] } {
  const rows: Float64Array[] = [];
  const x: (number | string | boolean)[] = [];
  const seen = new Set<string>();
  const own = space.project(x0);
  const push = (row: Float64Array) => {
    const p = space.project(row);
    const value = (p.every((v, i) => v === own[i]) ? incumbent[dim.name] : space.decode(p)[dim.name]) as number | string | boolean;
    const key = JSON.stringify(value);
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(p);
    x.push(value);
  };
  if (dim.kind === 'continuous' || dim.kind === 'integer') {
    for (const t of gridOf(dim, x0[dim.index]!)) {
      const row = x0.slice();
      row[dim.index] = t;
      push(row);
    }
  } else if (dim.kind === 'categorical') {
    for (const k of dim.indices) {
      const row = x0.slice();
      for (const i of dim.indices) row[i] = 0;
      row[k] = 1;
      push(row);
    }
  }
  return { rows, x };
}

/** The rows of X in a random order (Fisher–Yates). */
function shuffleRows(X: Matrix, rng: Rng): Matrix {
  const data = Float64Array.from(X.data);
  for (let i = X.rows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const ri = data.slice(i * X.cols, (i + 1) * X.cols);
    data.copyWithin(i * X.cols, j * X.cols, (j + 1) * X.cols);
    data.set(ri, j * X.cols);
  }
  return { rows: X.rows, cols: X.cols, data };
}

/** Column groups of the parameters whose importance is measured (the fidelity is pinned, so it has none). */
function importanceGroups(space: SearchSpace): { name: string; cols: number[] }[] {
  return space.dimensions.flatMap((d) => {
    if (d.kind === 'fidelity') return [];
    return [{ name: d.name, cols: d.kind === 'categorical' || d.kind === 'simplex' ? d.indices : [d.index] }];
  });
}

/**
 * The slices of a study's model. FAILED_PRECONDITION below RECOMMEND_MIN_OBSERVATIONS completed
 * trials (or, with a fidelity, none at the target level), as study:recommend.
 */
export async function slices(req: SlicesRequest): Promise<SlicesResult> {
  const observed = req.completed.filter((o) => Number.isFinite(o.value));
  if (observed.length < RECOMMEND_MIN_OBSERVATIONS) {
    throw new BoError('FAILED_PRECONDITION', `slices need at least ${RECOMMEND_MIN_OBSERVATIONS} completed trials, the study has ${observed.length}`, [{ path: ['studyId'], message: 'not enough data for a model' }]);
  }
  const { space } = req;
  const rng = createRng(deriveSeed(req.algorithm.seed, STREAM, observed.length));
  const fitted = await fitForPrediction(req, observed, mfLayout(space), rng);
  const x0 = space.encode(req.incumbent);
  const at = predict(fitted, stack([x0], space.dim));

  const out: Slice[] = [];
  const skipped: { param: string; reason: string }[] = [];
  for (const dim of space.dimensions) {
    if (dim.kind === 'simplex') {
      skipped.push({ param: dim.name, reason: 'simplex: mixture weights move together, so a one-parameter slice is not defined (see the mixtures view)' });
      continue;
    }
    if (dim.kind === 'fidelity') {
      skipped.push({ param: dim.name, reason: 'fidelity: the model predicts at the target level' });
      continue;
    }
    const { rows, x } = sliceRows(space, dim, x0, req.incumbent);
    const p = predict(fitted, stack(rows, space.dim));
    const spec = space.spec[dim.name] as FloatParam | IntParam;
    out.push({ param: dim.name, kind: dim.kind === 'categorical' ? 'categorical' : 'numeric', ...(dim.kind !== 'categorical' && spec.log ? { log: true } : {}), x, ...p });
  }

  const groups = importanceGroups(space);
  const n = Math.max(MIN_SOBOL_SAMPLES, Math.min(SOBOL_SAMPLES, Math.floor(IMPORTANCE_ROWS / (groups.length + 2))));
  const A = space.sample(n, rng.split());
  // Pick-freeze needs row j of B independent of row j of A; two scrambles of one Sobol sequence are
  // not (their rows pair up), so B's rows are shuffled.
  const B = shuffleRows(space.sample(n, rng.split()), rng.split());
  const S = firstOrderSobol((X) => meansOf(fitted, X), A, B, groups.map((g) => g.cols));
  return {
    atIncumbent: { mean: at.mean[0]!, lower: at.lower[0]!, upper: at.upper[0]! },
    slices: out,
    importance: groups.map((g, i) => ({ param: g.name, value: S[i]! })),
    skipped,
    model: fitted.name,
    observations: observed.length,
    ...(fitted.note ? { note: fitted.note } : {}),
  };
}
