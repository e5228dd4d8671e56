/**
 * Warm-up adaptation for HMC, per chain: Nesterov dual averaging of the step size (Hoffman & Gelman
 * 2014, Alg. 5, with the seed's constants t0 = 10, κ = 0.75, μ = log(10·ε); γ = 0.05 there, configurable here) and a diagonal
 * inverse mass matrix estimated from warm-up draws in Stan's doubling windows (Stan Reference Manual,
 * "HMC algorithm parameters": init buffer 75, term buffer 50, first slow window 25).
 */

/** Dual averaging state for C chains; restart() after every mass-matrix update, as Stan does. */
export class DualAveraging {
  private readonly mu: Float64Array;
  private readonly hBar: Float64Array;
  private readonly logEpsBar: Float64Array;
  private t = 0;

  constructor(
    readonly eps: Float64Array,
    private readonly target: number,
    /** Shrinkage γ: larger damps the reaction to one rejected proposal (see HmcOptions.gamma). */
    private readonly gamma = 0.05,
  ) {
    const C = eps.length;
    this.mu = new Float64Array(C);
    this.hBar = new Float64Array(C);
    this.logEpsBar = new Float64Array(C);
    this.restart();
  }

  /** Starts a new adaptation stage from the current step sizes. */
  restart(): void {
    this.t = 0;
    for (let c = 0; c < this.eps.length; c++) {
      this.mu[c] = Math.log(10 * this.eps[c]);
      this.hBar[c] = 0;
      this.logEpsBar[c] = Math.log(this.eps[c]);
    }
  }

  /** H̄_t = (1 − 1/(t+t0))·H̄ + (δ − a_t)/(t+t0); log ε_t = μ − √t/γ·H̄_t; log ε̄_t = t^−κ·log ε_t + (1 − t^−κ)·log ε̄. */
  update(accept: Float64Array): void {
    this.t++;
    const t = this.t;
    const eta = 1 / (t + 10);
    const w = Math.pow(t, -0.75);
    for (let c = 0; c < this.eps.length; c++) {
      this.hBar[c] = (1 - eta) * this.hBar[c] + eta * (this.target - accept[c]);
      // Clamp so one catastrophic stage cannot drive ε to 0 or ∞: log ε ∈ [μ − 12, μ + 5].
      const logEps = Math.max(this.mu[c] - 12, Math.min(this.mu[c] + 5, this.mu[c] - (Math.sqrt(t) / this.gamma) * this.hBar[c]));
      this.logEpsBar[c] = w * logEps + (1 - w) * this.logEpsBar[c];
      this.eps[c] = Math.exp(logEps);
    }
  }

  /** Sets every chain's ε to its averaged value ε̄ (end of a stage). */
  finalize(): void {
    for (let c = 0; c < this.eps.length; c++) this.eps[c] = Math.exp(this.logEpsBar[c]);
  }
}

/**
 * Stan's slow windows: draws after iteration `start` feed the estimate; `ends` are the iterations (1-based, inclusive) at which windows end for a warm-up of W iterations.
 * Buffers shrink to 15% / 10% of W when W < 150; no windows when W < 20.
 */
export function massWindows(W: number): { start: number; ends: number[] } {
  if (W < 20) return { start: W, ends: [] };
  let init = 75;
  // A longer final step-size stage than Stan's 50 when warm-up allows: ε̄ then settles nearer the target.
  let term = Math.max(50, Math.floor(0.2 * W));
  let win = 25;
  if (init + term + win > W) {
    init = Math.floor(0.15 * W);
    term = Math.floor(0.1 * W);
    win = W - init - term;
  }
  const ends: number[] = [];
  let start = init;
  const first = init;
  const last = W - term;
  while (start < last) {
    let end = start + win;
    // Stretch this window to the end when the next (doubled) one would not fit.
    if (end + 2 * win > last) end = last;
    ends.push(end);
    start = end;
    win *= 2;
  }
  return { start: first, ends };
}

/** Per-chain Welford accumulators of the variance of each coordinate. */
export class DiagVariance {
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private count = 0;

  constructor(
    private readonly C: number,
    private readonly D: number,
  ) {
    this.mean = new Float64Array(C * D);
    this.m2 = new Float64Array(C * D);
  }

  add(q: Float64Array): void {
    this.count++;
    for (let i = 0; i < this.C * this.D; i++) {
      const delta = q[i] - this.mean[i];
      this.mean[i] += delta / this.count;
      this.m2[i] += delta * (q[i] - this.mean[i]);
    }
  }

  /** Stan's regularized estimate (k/(k+5))·var + 1e-3·5/(k+5), written into invMass; then resets. */
  flush(invMass: Float64Array): void {
    const k = this.count;
    if (k >= 3) {
      for (let i = 0; i < this.C * this.D; i++) {
        const v = this.m2[i] / (k - 1);
        invMass[i] = (k / (k + 5)) * v + 1e-3 * (5 / (k + 5));
      }
    }
    this.count = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }
}
