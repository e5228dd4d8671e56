/**
 * L-BFGS-B: box-constrained limited-memory quasi-Newton minimization.
 * Byrd, Lu, Nocedal, Zhu (1995), "A limited memory algorithm for bound constrained optimization",
 * SIAM J. Sci. Comput. 16(5):1190–1208, with the 3.0 changes of Morales & Nocedal (2011).
 * Each iteration: generalized Cauchy point → subspace minimization → Moré–Thuente line search
 * along d = z − x (strong Wolfe, ftol 1e-3, gtol 0.9) → compact-memory update. Stopping rules and
 * defaults follow scipy.optimize.minimize(method='L-BFGS-B').
 *
 * Robustness beyond the Fortran: x0 is projected into the box; a non-finite f or gradient at a
 * trial point halves the step and restarts the line search; a non-finite start returns x0
 * (projected) with converged=false. It throws only on malformed input (lengths, NaN or crossed bounds).
 */
import { invalidArgument } from '../errors.js';
import { CompactMemory } from './lbfgsb-compact.js';
import { MoreThuente, type LineSearchTask } from './lbfgsb-line-search.js';
import { cauchyPoint, StepWork, subspaceMin } from './lbfgsb-steps.js';
import type { BoundedMinimizeOptions, BoundedMinimizeResult, ValueAndGradient } from './types.js';

const EPS = 2.220446049250313e-16;
const BIG_STEP = 1e10;
const MAX_LINE_SEARCH_EVALS = 20;

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** ‖P(x − g) − x‖_∞: the projected-gradient norm L-BFGS-B tests against pgtol. */
function projectedGradNorm(x: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    let gi = g[i];
    if (gi < 0) gi = Math.max(x[i] - hi[i], gi);
    else gi = Math.min(x[i] - lo[i], gi);
    norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

/**
 * Minimize fg over the box lower ≤ x ≤ upper (±Infinity allowed; lower = upper fixes a dimension).
 * fg is only ever called at points inside the box; it must not keep the x or grad arrays it is
 * given (they are reused buffers). The result's x is a fresh array.
 */
export function minimizeBounded(
  fg: ValueAndGradient,
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  options: BoundedMinimizeOptions = {},
): BoundedMinimizeResult {
  const n = x0.length;
  if (lower.length !== n || upper.length !== n) throw invalidArgument(['bounds'], `expected ${n} bounds, got ${lower.length}/${upper.length}`);
  const m = Math.max(1, Math.floor(options.memory ?? 10));
  const maxIter = options.maxIterations ?? 200;
  const pgtol = options.pgtol ?? 1e-6;
  const ftolRel = (options.factr ?? 1e7) * EPS;
  const { signal, deadline } = options;
  const stopped = (): string | null =>
    signal?.aborted ? 'STOP: ABORTED' : deadline !== undefined && Date.now() > deadline ? 'STOP: DEADLINE' : null;

  let constrained = false;
  let boxed = true;
  for (let i = 0; i < n; i++) {
    const l = lower[i];
    const u = upper[i];
    if (Number.isNaN(l) || Number.isNaN(u) || l > u) throw invalidArgument(['bounds', i], `invalid bounds [${l}, ${u}]`);
    if (l > -Infinity || u < Infinity) constrained = true;
    if (!(l > -Infinity && u < Infinity)) boxed = false;
  }
  const ws = takeWorkspace(n, m);
  try {
    return run(fg, x0, lower, upper, ws, constrained, boxed, maxIter, pgtol, ftolRel, stopped);
  } finally {
    pool = ws;
  }
}

/** Buffers for one run; the last one is kept for the next call (the acquisition optimizer calls
 * this thousands of times per ask with the same n). */
class Workspace {
  readonly mem: CompactMemory;
  readonly work: StepWork;
  readonly ls = new MoreThuente();
  readonly d: Float64Array;
  readonly s: Float64Array;
  readonly y: Float64Array;
  readonly bufs: Float64Array[];

  constructor(
    readonly n: number,
    readonly m: number,
  ) {
    this.mem = new CompactMemory(n, m);
    this.work = new StepWork(n, m);
    this.d = new Float64Array(n);
    this.s = new Float64Array(n);
    this.y = new Float64Array(n);
    this.bufs = [0, 1, 2, 3].map(() => new Float64Array(n));
  }
}

let pool: Workspace | null = null;

/** The pooled workspace when it fits (and is not in use by an outer call), else a new one. */
function takeWorkspace(n: number, m: number): Workspace {
  const ws = pool;
  pool = null;
  if (ws && ws.n === n && ws.m === m) {
    ws.mem.reset();
    return ws;
  }
  return new Workspace(n, m);
}

function run(
  fg: ValueAndGradient,
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  ws: Workspace,
  constrained: boolean,
  boxed: boolean,
  maxIter: number,
  pgtol: number,
  ftolRel: number,
  stopped: () => string | null,
): BoundedMinimizeResult {
  const n = x0.length;
  const { mem, work, ls, d, s, y } = ws;
  let [x, g, xt, gt] = ws.bufs;
  for (let i = 0; i < n; i++) {
    const xi = x0[i];
    const l = lower[i];
    const u = upper[i];
    x[i] = xi < l ? l : xi > u ? u : Number.isNaN(xi) ? (Number.isFinite(l) ? l : Number.isFinite(u) ? u : 0) : xi;
  }
  let f = fg(x, g);
  let evaluations = 1;
  let iterations = 0;
  const done = (converged: boolean, message: string): BoundedMinimizeResult => ({ x: x.slice(), f, iterations, evaluations, converged, message });
  if (!Number.isFinite(f) || !allFinite(g)) return done(false, 'ABNORMAL: non-finite objective or gradient at the starting point');
  if (projectedGradNorm(x, g, lower, upper) <= pgtol) return done(true, 'CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL');

  for (;;) {
    const why = stopped();
    if (why) return done(false, why);
    if (iterations >= maxIter) return done(false, 'STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT');

    // 1. Search direction d = z − x from the Cauchy point and the subspace step.
    let ok: boolean;
    if (!constrained && mem.col > 0) {
      work.xcp.set(x);
      work.c.fill(0);
      work.where.fill(-1);
      ok = true;
    } else {
      ok = cauchyPoint(x, g, lower, upper, mem, work);
    }
    if (ok) ok = subspaceMin(x, g, lower, upper, mem, work);
    let gd = 0;
    let dnorm2 = 0;
    if (ok) {
      const z = work.xcp;
      for (let i = 0; i < n; i++) {
        const di = z[i] - x[i];
        d[i] = di;
        gd += g[i] * di;
        dnorm2 += di * di;
      }
      ok = gd < 0;
    }
    if (!ok) {
      if (mem.col === 0) return done(false, 'ABNORMAL: no descent direction from the projected steepest-descent step');
      mem.reset();
      continue;
    }

    // 2. Largest feasible step along d, and the first trial step (lnsrlb in the Fortran).
    let stpmax = BIG_STEP;
    if (constrained) {
      if (iterations === 0) stpmax = 1;
      else {
        for (let i = 0; i < n; i++) {
          const di = d[i];
          if (di < 0 && lower[i] > -Infinity) {
            const room = lower[i] - x[i];
            if (room >= 0) stpmax = 0;
            else if (di * stpmax < room) stpmax = room / di;
          } else if (di > 0 && upper[i] < Infinity) {
            const room = upper[i] - x[i];
            if (room <= 0) stpmax = 0;
            else if (di * stpmax > room) stpmax = room / di;
          }
        }
      }
    }
    let stp = iterations === 0 && !boxed ? Math.min(1 / Math.sqrt(dnorm2), stpmax) : 1;
    stp = Math.min(stp, stpmax);

    // 3. Moré–Thuente line search; non-finite trials shrink the step and restart it.
    let task: LineSearchTask = ls.start(f, gd, stp, 0, stpmax);
    let lsEvals = 0;
    let accepted = false;
    let ft = NaN;
    while (task === 'fg' && lsEvals < MAX_LINE_SEARCH_EVALS) {
      const why2 = stopped();
      if (why2) return done(false, why2);
      const st = ls.stp;
      for (let i = 0; i < n; i++) {
        const v = x[i] + st * d[i];
        xt[i] = v < lower[i] ? lower[i] : v > upper[i] ? upper[i] : v;
      }
      ft = fg(xt, gt);
      evaluations++;
      lsEvals++;
      if (!Number.isFinite(ft) || !allFinite(gt)) {
        const smaller = 0.5 * st;
        task = smaller > 0 ? ls.start(f, gd, smaller, 0, smaller) : 'error';
        continue;
      }
      let gdt = 0;
      for (let i = 0; i < n; i++) gdt += gt[i] * d[i];
      task = ls.step(ft, gdt);
      if (task === 'conv' || (task === 'warn' && ft <= f)) accepted = true;
    }
    if (!accepted) {
      if (mem.col === 0) return done(false, 'ABNORMAL_TERMINATION_IN_LNSRCH');
      mem.reset(); // refresh the memory and retry from a steepest-descent model (as the Fortran does)
      continue;
    }

    // 4. Accept the step, test convergence, update the memory.
    let sy = 0;
    let yy = 0;
    let gs = 0;
    for (let i = 0; i < n; i++) {
      const si = xt[i] - x[i];
      const yi = gt[i] - g[i];
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
      yy += yi * yi;
      gs += g[i] * si;
    }
    const fold = f;
    const xSwap = x;
    x = xt;
    xt = xSwap;
    const gSwap = g;
    g = gt;
    gt = gSwap;
    f = ft;
    iterations++;
    if (projectedGradNorm(x, g, lower, upper) <= pgtol) return done(true, 'CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL');
    if (fold - f <= ftolRel * Math.max(Math.abs(fold), Math.abs(f), 1)) return done(true, 'CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH');
    // Keep the pair only if it keeps B positive definite: sᵀy > ε·(−g_oldᵀs) (matupd in the Fortran).
    if (sy > EPS * -gs && yy > 0) mem.push(s, y, sy, yy);
  }
}
