/**
 * Hamiltonian Monte Carlo with several chains advanced together (one batched log-density call per
 * leapfrog step), a diagonal mass matrix, Metropolis correction, and warm-up adaptation per chain
 * (hmc-adapt.ts): dual averaging of ε towards the target acceptance (seed-specs.md §1.2: 0.8) and the
 * inverse mass matrix = regularized variance of warm-up draws in Stan's doubling windows.
 * Kinetic energy K(p) = ½ Σ_j M⁻¹_j p_j², p ~ N(0, M); leapfrog p += ε/2·∇log π, q += ε·M⁻¹p, ....
 * Shapes: chain states are C×D row-major (C chains, D parameters).
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { DiagVariance, DualAveraging, massWindows } from './hmc-adapt.js';

/** A batched target: log density of each chain's state, gradient written into grad (C×D). */
export interface BatchedTarget {
  readonly dim: number;
  logDensity(states: Float64Array, chains: number, grad: Float64Array): Float64Array | Promise<Float64Array>;
}

export interface HmcOptions {
  readonly warmup: number;
  readonly samples: number;
  /** Keep every thin-th post-warm-up state (default 1). */
  readonly thin?: number;
  /** Initial step size ε0 (default 0.02), or one per chain. */
  readonly stepSize?: number | Float64Array;
  /** Leapfrog steps per proposal; each proposal draws L uniformly from [⌈0.75·leapfrog⌉, leapfrog] (jitter avoids periodic orbits). */
  readonly leapfrog?: number;
  /** Alternative to `leapfrog`: integration time, L = min(maxLeapfrog, ⌈pathLength/mean ε⌉). */
  readonly pathLength?: number;
  readonly maxLeapfrog?: number;
  readonly targetAccept?: number;
  /**
   * Dual-averaging γ (default 0.05, the seed's and Stan's). BNN posteriors give bimodal acceptance
   * (1, or 0 when a trajectory hits a stiff region): with γ = 0.05 one rejection moves ε by a factor
   * ~6 late in a stage, and the averaged ε ends far below the target's (realized acceptance 0.93 for a
   * target of 0.8 on the 1-D test); the HMC-BNN surrogate uses 0.15.
   */
  readonly gamma?: number;
  /** Adapt a diagonal mass matrix during warm-up (default true; needs warmup ≥ 20). */
  readonly adaptMass?: boolean;
  /** Initial inverse mass matrix, C×D (a warm start's adapted one); default all ones. */
  readonly invMass?: Float64Array;
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  /** Wall-clock deadline (Date.now() ms): sampling stops early, keeping what it has. */
  readonly deadline?: number;
}

export interface HmcResult {
  /** Kept states of all chains: (kept·C)×D, chain-major within each kept step. */
  readonly draws: Matrix;
  /** Kept states per chain, for R-hat. */
  readonly perChain: Matrix[];
  /** Post-warm-up mean Metropolis acceptance probability per chain. */
  readonly acceptRate: Float64Array;
  readonly stepSize: Float64Array;
  /** Adapted inverse mass matrix, C×D. */
  readonly invMass: Float64Array;
  readonly leapfrogSteps: number;
  /** Chain-gradient evaluations (one chain's log density + gradient counts 1). */
  readonly gradientEvaluations: number;
  /** Proposals whose energy error exceeded 1000 or was not finite. */
  readonly divergences: number;
  /** Final states (warm start for the next run). */
  readonly last: Float64Array;
  readonly stoppedEarly: boolean;
}

/** Runs C chains from `init` (C×D). Per-chain step sizes and mass matrices adapt during warm-up, then freeze. */
export async function runHmc(target: BatchedTarget, init: Matrix, opts: HmcOptions): Promise<HmcResult> {
  const C = init.rows;
  const D = target.dim;
  if (init.cols !== D) throw new RangeError(`runHmc: init has ${init.cols} columns, target dim ${D}`);
  const rng = opts.rng;
  const thin = opts.thin ?? 1;
  const maxL = opts.maxLeapfrog ?? 200;
  const W = opts.warmup;
  const eps = typeof opts.stepSize === 'object' ? Float64Array.from(opts.stepSize) : new Float64Array(C).fill(opts.stepSize ?? 0.02);
  const invMass = opts.invMass ? Float64Array.from(opts.invMass) : new Float64Array(C * D).fill(1);
  const da = new DualAveraging(eps, opts.targetAccept ?? 0.8, opts.gamma ?? 0.05);
  const windows = opts.adaptMass === false ? { start: Infinity, ends: [] } : massWindows(W);
  const windowEnds = new Set(windows.ends);
  const windowStart = windows.start;
  const welford = new DiagVariance(C, D);

  const q = Float64Array.from(init.data);
  const grad = new Float64Array(C * D);
  let logp = Float64Array.from(await target.logDensity(q, C, grad));
  let evals = 1;

  const accepted = new Float64Array(C);
  const a = new Float64Array(C);
  let postSteps = 0;
  let divergences = 0;
  const qNew = new Float64Array(C * D);
  const p = new Float64Array(C * D);
  const gNew = new Float64Array(C * D);
  const kinetic0 = new Float64Array(C);
  const kept: Float64Array[][] = Array.from({ length: C }, () => []);
  const total = W + opts.samples * thin;
  let stoppedEarly = false;
  let lastL = 1;

  for (let t = 1; t <= total; t++) {
    if (opts.signal?.aborted || (opts.deadline !== undefined && Date.now() > opts.deadline)) {
      stoppedEarly = true;
      break;
    }
    const warm = t <= W;
    let L: number;
    if (opts.leapfrog !== undefined) {
      const lo = Math.ceil(0.75 * opts.leapfrog);
      L = lo + rng.int(opts.leapfrog - lo + 1);
    } else {
      let meanEps = 0;
      for (let c = 0; c < C; c++) meanEps += eps[c] / C;
      L = Math.max(1, Math.min(maxL, Math.ceil((opts.pathLength ?? 10 * eps[0]) / meanEps)));
    }
    lastL = L;

    // p ~ N(0, M): p_j = z_j / sqrt(M⁻¹_j).
    for (let c = 0; c < C; c++) {
      let k = 0;
      for (let j = 0; j < D; j++) {
        const i = c * D + j;
        p[i] = rng.normal() / Math.sqrt(invMass[i]);
        k += p[i] * p[i] * invMass[i];
      }
      kinetic0[c] = 0.5 * k;
    }
    qNew.set(q);
    gNew.set(grad);
    let logpNew: Float64Array = logp;
    // Leapfrog: half momentum step, L position steps with full momentum steps between, final half step.
    for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) p[c * D + j] += 0.5 * eps[c] * gNew[c * D + j];
    for (let s = 0; s < L; s++) {
      for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) qNew[c * D + j] += eps[c] * invMass[c * D + j] * p[c * D + j];
      logpNew = Float64Array.from(await target.logDensity(qNew, C, gNew));
      evals++;
      const w = s === L - 1 ? 0.5 : 1;
      for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) p[c * D + j] += w * eps[c] * gNew[c * D + j];
    }
    for (let c = 0; c < C; c++) {
      let k = 0;
      for (let j = 0; j < D; j++) k += p[c * D + j] ** 2 * invMass[c * D + j];
      const logAccept = logpNew[c] - 0.5 * k - (logp[c] - kinetic0[c]);
      if (!(logAccept > -1000)) divergences++;
      // NaN (a diverged trajectory) counts as acceptance 0, as in the reference code.
      a[c] = Number.isFinite(logAccept) ? Math.min(1, Math.exp(logAccept)) : 0;
      if (rng.uniform() < a[c]) {
        for (let j = 0; j < D; j++) {
          q[c * D + j] = qNew[c * D + j];
          grad[c * D + j] = gNew[c * D + j];
        }
        logp[c] = logpNew[c];
      }
      if (!warm) accepted[c] += a[c];
    }
    if (warm) {
      da.update(a);
      if (t > windowStart) welford.add(q);
      if (windowEnds.has(t)) {
        welford.flush(invMass);
        da.restart();
      }
      if (t === W) da.finalize();
    } else {
      postSteps++;
      if (postSteps % thin === 0) for (let c = 0; c < C; c++) kept[c].push(q.slice(c * D, (c + 1) * D));
    }
  }
  // Stopped inside warm-up: still use the averaged step size for the next run.
  if (stoppedEarly && postSteps === 0) da.finalize();

  const nKept = kept[0].length;
  const draws = new Float64Array(nKept * C * D);
  const perChain: Matrix[] = [];
  for (let c = 0; c < C; c++) {
    const m = new Float64Array(nKept * D);
    for (let k = 0; k < nKept; k++) {
      m.set(kept[c][k], k * D);
      draws.set(kept[c][k], (k * C + c) * D);
    }
    perChain.push({ rows: nKept, cols: D, data: m });
  }
  const acceptRate = new Float64Array(C);
  for (let c = 0; c < C; c++) acceptRate[c] = postSteps > 0 ? accepted[c] / postSteps : 0;
  return {
    draws: { rows: nKept * C, cols: D, data: draws },
    perChain,
    acceptRate,
    stepSize: eps,
    invMass,
    leapfrogSteps: lastL,
    gradientEvaluations: evals * C,
    divergences,
    last: q,
    stoppedEarly,
  };
}

/** Split R-hat (Gelman et al., BDA3 §11.4) of one scalar quantity: chains[c][k]. */
export function splitRhat(chains: ArrayLike<number>[]): number {
  const halves: number[][] = [];
  for (const ch of chains) {
    const n = Math.floor(ch.length / 2);
    halves.push(Array.from({ length: n }, (_, i) => ch[i]));
    halves.push(Array.from({ length: n }, (_, i) => ch[ch.length - n + i]));
  }
  const m = halves.length;
  const n = halves[0].length;
  if (n < 2) return Number.NaN;
  const means = halves.map((h) => h.reduce((a, b) => a + b, 0) / n);
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const B = (n / (m - 1)) * means.reduce((a, mu) => a + (mu - grand) ** 2, 0);
  const W = halves.reduce((acc, h, i) => acc + h.reduce((a, x) => a + (x - means[i]) ** 2, 0) / (n - 1), 0) / m;
  const varPlus = ((n - 1) / n) * W + B / n;
  return Math.sqrt(varPlus / W);
}
