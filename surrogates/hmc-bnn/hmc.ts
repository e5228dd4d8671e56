/**
 * Hamiltonian Monte Carlo with several chains advanced together (one batched log-density call per
 * leapfrog step), identity mass matrix, Metropolis correction, and Nesterov dual-averaging step-size
 * adaptation during warm-up (Hoffman & Gelman 2014, Alg. 5; settings from the BNN-BO code,
 * seed-specs.md §1.2: target acceptance 0.8, γ = 0.05, t0 = 10, κ = 0.75, μ = log(10·ε0)).
 * Shapes: chain states are C×D row-major (C chains, D parameters).
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

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
  /** Initial step size ε0 (default 0.02). */
  readonly stepSize?: number;
  /** Integration time per proposal; leapfrog steps = min(maxLeapfrog, ceil(pathLength/ε)). */
  readonly pathLength?: number;
  readonly maxLeapfrog?: number;
  readonly targetAccept?: number;
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
  readonly acceptRate: Float64Array;
  readonly stepSize: Float64Array;
  readonly leapfrogSteps: number;
  readonly gradientEvaluations: number;
  /** Final states (warm start for the next run). */
  readonly last: Float64Array;
  readonly stoppedEarly: boolean;
}

/** Runs C chains from `init` (C×D). Per-chain step sizes adapt during warm-up then freeze. */
export async function runHmc(target: BatchedTarget, init: Matrix, opts: HmcOptions): Promise<HmcResult> {
  const C = init.rows;
  const D = target.dim;
  if (init.cols !== D) throw new RangeError(`runHmc: init has ${init.cols} columns, target dim ${D}`);
  const rng = opts.rng;
  const thin = opts.thin ?? 1;
  const eps0 = opts.stepSize ?? 0.02;
  const targetAccept = opts.targetAccept ?? 0.8;
  const maxL = opts.maxLeapfrog ?? 200;
  let pathLength = opts.pathLength ?? eps0 * 10;

  const q = Float64Array.from(init.data);
  const grad = new Float64Array(C * D);
  let logp = Float64Array.from(await target.logDensity(q, C, grad));
  let evals = 1;

  const eps = new Float64Array(C).fill(eps0);
  // Dual-averaging state per chain.
  const mu = new Float64Array(C).fill(Math.log(10 * eps0));
  const hBar = new Float64Array(C);
  const logEpsBar = new Float64Array(C);
  const accepted = new Float64Array(C);
  let postSteps = 0;

  const qNew = new Float64Array(C * D);
  const p = new Float64Array(C * D);
  const gNew = new Float64Array(C * D);
  const kept: Float64Array[][] = Array.from({ length: C }, () => []);
  const total = opts.warmup + opts.samples * thin;
  let stoppedEarly = false;
  let lastL = 1;

  for (let t = 1; t <= total; t++) {
    if (opts.signal?.aborted || (opts.deadline !== undefined && Date.now() > opts.deadline)) {
      stoppedEarly = true;
      break;
    }
    const warm = t <= opts.warmup;
    let meanEps = 0;
    for (let c = 0; c < C; c++) meanEps += eps[c] / C;
    // One leapfrog count for all chains keeps the batch in lockstep; per-chain ε keeps each chain's acceptance on target.
    const L = Math.max(1, Math.min(maxL, Math.ceil(pathLength / meanEps)));
    lastL = L;

    for (let i = 0; i < C * D; i++) p[i] = rng.normal();
    const kinetic0 = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let k = 0;
      for (let j = 0; j < D; j++) k += p[c * D + j] ** 2;
      kinetic0[c] = 0.5 * k;
    }
    qNew.set(q);
    gNew.set(grad);
    let logpNew: Float64Array = logp;
    // Leapfrog: half momentum step, (L-1) full steps, final half step. grad is ∇log p, so p += ε/2·∇log p.
    for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) p[c * D + j] += 0.5 * eps[c] * gNew[c * D + j];
    for (let s = 0; s < L; s++) {
      for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) qNew[c * D + j] += eps[c] * p[c * D + j];
      logpNew = Float64Array.from(await target.logDensity(qNew, C, gNew));
      evals++;
      const w = s === L - 1 ? 0.5 : 1;
      for (let c = 0; c < C; c++) for (let j = 0; j < D; j++) p[c * D + j] += w * eps[c] * gNew[c * D + j];
    }
    for (let c = 0; c < C; c++) {
      let k = 0;
      for (let j = 0; j < D; j++) k += p[c * D + j] ** 2;
      const logAccept = logpNew[c] - 0.5 * k - (logp[c] - kinetic0[c]);
      // NaN (a diverged trajectory) counts as acceptance 0, as in the reference code.
      const a = Number.isFinite(logAccept) ? Math.min(1, Math.exp(logAccept)) : 0;
      if (rng.uniform() < a) {
        for (let j = 0; j < D; j++) {
          q[c * D + j] = qNew[c * D + j];
          grad[c * D + j] = gNew[c * D + j];
        }
        logp[c] = logpNew[c];
        if (!warm) accepted[c]++;
      }
      if (warm) {
        const eta = 1 / (t + 10);
        hBar[c] = (1 - eta) * hBar[c] + eta * (targetAccept - a);
        const logEps = mu[c] - (Math.sqrt(t) / 0.05) * hBar[c];
        const wgt = Math.pow(t, -0.75);
        logEpsBar[c] = wgt * logEps + (1 - wgt) * logEpsBar[c];
        eps[c] = Math.exp(logEps);
        if (t === opts.warmup) eps[c] = Math.exp(logEpsBar[c]);
      }
    }
    if (warm) {
      // Keep trajectories affordable: halve the path when it would need more than maxL steps.
      while (pathLength / meanEps > maxL && pathLength > 1e-12) pathLength /= 2;
    } else {
      postSteps++;
      if (postSteps % thin === 0) for (let c = 0; c < C; c++) kept[c].push(q.slice(c * D, (c + 1) * D));
    }
  }

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
    leapfrogSteps: lastL,
    gradientEvaluations: evals * C,
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
