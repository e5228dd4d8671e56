/**
 * Candidate-set acquisition optimizer for surrogates whose posterior scores thousands of rows in
 * one pass (PFN; seed-specs §2.5, PFNs4BO: "score 1000 random points plus the observed points,
 * keep the top 10, refine"):
 * 1. score N scrambled-Sobol candidates (space.sample) plus the observed points in ONE call;
 * 2. keep the best K as starts;
 * 3. batched pattern search: every round perturbs every active start along ±step on each
 *    continuous relaxation variable (acquisitions/relaxation.ts: box coordinates, relaxed integers,
 *    simplex blocks as w = u/Σu), projects the rows to valid points and scores ALL of them in ONE
 *    call; a start moves to its best improving neighbour (step × 1.5) or halves its step;
 * 4. categorical / fidelity / integer coordinates: discreteLocalSearch (exact enumeration, one
 *    batch per round), as the gradient optimizer does;
 * 5. the best valid row not in `avoid` wins. Honours a deadline and an AbortSignal (best so far).
 */
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { discreteLocalSearch } from './discrete-search.js';
import { projectedScore } from './branch-relaxation.js';
import { buildRelaxation, type FixedCoordinate } from './relaxation.js';

/** Options of optimizeCandidateSet (defaults in brackets). */
export interface CandidateSetOptions {
  readonly rng: Rng;
  /** Sobol candidates scored in the first pass [1024]. */
  readonly candidates?: number;
  /** Extra rows scored with them (observed points) [none]. */
  readonly include?: Matrix;
  /** Starts refined [8]. */
  readonly topK?: number;
  /** Pattern-search rounds [12]; each is one scoring call over (starts × 2 × continuous variables) rows. */
  readonly rounds?: number;
  /** Initial and smallest step in relaxation units [0.05, 1e-3]. */
  readonly initialStep?: number;
  readonly minStep?: number;
  /** No refinement: pick the best scored candidate (randomized acquisitions). */
  readonly poolOnly?: boolean;
  readonly fixed?: readonly FixedCoordinate[];
  /** Rows not to return (observed, pending, earlier picks); L∞ tolerance [1e-6]. */
  readonly avoid?: Matrix;
  readonly avoidDistance?: number;
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

/** The chosen valid row, its value and what it cost. */
export interface CandidateSetResult {
  readonly x: Float64Array;
  readonly value: number;
  /** Scoring calls (forward passes) and rows scored. */
  readonly calls: number;
  readonly evaluations: number;
  readonly rounds: number;
  readonly source: 'candidate' | 'refined';
  readonly stopped: 'done' | 'deadline' | 'aborted';
  readonly elapsedMs: number;
}

function isAvoided(x: ArrayLike<number>, avoid: Matrix | undefined, tol: number): boolean {
  if (!avoid) return false;
  const d = avoid.cols;
  outer: for (let r = 0; r < avoid.rows; r++) {
    for (let j = 0; j < d; j++) if (Math.abs(x[j] - avoid.data[r * d + j]) > tol) continue outer;
    return true;
  }
  return false;
}

/** Maximize `score` (batch: m×d → m values, higher is better) over the space. */
export function optimizeCandidateSet(score: (X: Matrix) => Float64Array, space: SearchSpace, options: CandidateSetOptions): CandidateSetResult {
  const t0 = Date.now();
  const d = space.dim;
  const rel = buildRelaxation(space, options.fixed ?? []);
  const tol = options.avoidDistance ?? 1e-6;
  const K = Math.max(1, options.topK ?? 8);
  const maxRounds = options.rounds ?? 12;
  const minStep = options.minStep ?? 1e-3;
  let calls = 0;
  let evaluations = 0;
  const stopReason = (): 'aborted' | 'deadline' | null =>
    options.signal?.aborted ? 'aborted' : options.deadline !== undefined && Date.now() > options.deadline ? 'deadline' : null;
  const evaluate = (X: Matrix): Float64Array => {
    calls++;
    evaluations += X.rows;
    const v = score(X);
    for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) v[i] = -Infinity;
    return v;
  };
  const validate = (x: ArrayLike<number>): Float64Array => {
    const y = Float64Array.from(x);
    rel.pin(y);
    return space.project(y);
  };

  // 1. Candidates + observed points, one call.
  const nRaw = Math.max(1, Math.floor(options.candidates ?? 1024));
  const raw = space.sample(nRaw, options.rng);
  const extra = options.include?.rows ?? 0;
  const C = new Float64Array((nRaw + extra) * d);
  for (let i = 0; i < nRaw; i++) C.set(validate(raw.data.subarray(i * d, (i + 1) * d)), i * d);
  for (let i = 0; i < extra; i++) C.set(validate(options.include!.data.subarray(i * d, (i + 1) * d)), (nRaw + i) * d);
  const m = nRaw + extra;
  const vals = evaluate({ rows: m, cols: d, data: C });
  const order = Array.from(vals.keys()).sort((a, b) => vals[b] - vals[a]);
  type Cand = { x: Float64Array; value: number; source: CandidateSetResult['source'] };
  const pool: Cand[] = order.map((i) => ({ x: C.slice(i * d, (i + 1) * d), value: vals[i], source: 'candidate' }));

  let rounds = 0;
  if (!options.poolOnly && !stopReason()) {
    // 2. Starts: the best K rows (an avoided start is still a fine start).
    const starts: { x: Float64Array; value: number; v: Float64Array; step: number }[] = pool
      .slice(0, K)
      .map((c) => ({ x: c.x.slice(), value: c.value, v: rel.fromX(c.x), step: options.initialStep ?? 0.05 }));
    const n = rel.size;
    // 3. Batched pattern search over the continuous relaxation.
    for (; n > 0 && rounds < maxRounds && !stopReason(); rounds++) {
      const active = starts.filter((s) => s.step >= minStep);
      if (active.length === 0) break;
      const rows: Float64Array[] = [];
      const owner: number[] = [];
      const vv: Float64Array[] = [];
      active.forEach((s, a) => {
        for (let k = 0; k < n; k++) {
          for (const sign of [1, -1]) {
            const v = s.v.slice();
            v[k] = Math.min(rel.upper[k], Math.max(rel.lower[k], v[k] + sign * s.step));
            if (v[k] === s.v[k]) continue;
            const x = new Float64Array(d);
            rel.toX(v, s.x, x);
            const xp = validate(x);
            // Conditional spaces: a step along an inactive column projects back onto the start; not scored.
            if (space.conditional && xp.every((t, j) => t === s.x[j])) continue;
            rows.push(xp);
            owner.push(a);
            vv.push(v);
          }
        }
      });
      if (rows.length === 0) break;
      const data = new Float64Array(rows.length * d);
      rows.forEach((r, i) => data.set(r, i * d));
      const f = evaluate({ rows: rows.length, cols: d, data });
      const bestOf = new Array<number>(active.length).fill(-1);
      for (let i = 0; i < f.length; i++) {
        const a = owner[i];
        if (f[i] > active[a].value && (bestOf[a] < 0 || f[i] > f[bestOf[a]])) bestOf[a] = i;
      }
      active.forEach((s, a) => {
        const i = bestOf[a];
        if (i >= 0) {
          s.x = rows[i];
          s.value = f[i];
          s.v = rel.fromX(rows[i]);
          s.step = Math.min(0.25, s.step * 1.5);
        } else s.step /= 2;
      });
    }
    // 4. Discrete coordinates by exact enumeration.
    for (const s of starts) {
      if (rel.moves.length > 0 && !stopReason()) {
        const ds = discreteLocalSearch(s.x, s.value, rel.moves, projectedScore(space, evaluate), options.rng, () => stopReason() !== null);
        if (ds.value > s.value) {
          const xp = validate(ds.x);
          const v = evaluate({ rows: 1, cols: d, data: xp })[0];
          if (v >= s.value) {
            s.x = xp;
            s.value = v;
          }
        }
      }
      pool.push({ x: s.x, value: s.value, source: 'refined' });
    }
  }
  pool.sort((a, b) => b.value - a.value);
  const best = pool.find((p) => !isAvoided(p.x, options.avoid, tol)) ?? pool[0];
  return {
    x: best.x,
    value: best.value,
    calls,
    evaluations,
    rounds,
    source: best.source,
    stopped: stopReason() ?? 'done',
    elapsedMs: Date.now() - t0,
  };
}
