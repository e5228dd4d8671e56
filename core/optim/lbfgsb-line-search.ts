/**
 * Moré–Thuente line search (MINPACK-2 dcsrch/dcstep), the one L-BFGS-B uses.
 * Source: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20 (1994) 286–307; transcribed from the MINPACK-2 Fortran as shipped
 * with L-BFGS-B 3.0. It finds stp with
 *   φ(stp) ≤ φ(0) + ftol·stp·φ'(0)   and   |φ'(stp)| ≤ gtol·|φ'(0)|   (strong Wolfe).
 * Reverse communication: call start(), then evaluate φ at `stp` and call step() until it
 * returns something other than 'fg'.
 */

/** What the caller must do next. 'fg': evaluate at stp; 'conv': done; 'warn': done (stp is the best
 * it can do, e.g. rounding); 'error': bad input (stp outside [stpmin, stpmax] or φ'(0) ≥ 0). */
export type LineSearchTask = 'fg' | 'conv' | 'warn' | 'error';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

/** Reusable Moré–Thuente state; one per minimizer run (no per-call allocation). */
export class MoreThuente {
  stp = 0;
  private ftol = 1e-3;
  private gtol = 0.9;
  private xtol = 0.1;
  private stpmin = 0;
  private stpmax = 0;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  /** Begin a search from φ(0)=f, φ'(0)=g with first trial step stp ∈ [stpmin, stpmax]. */
  start(f: number, g: number, stp: number, stpmin: number, stpmax: number, ftol = 1e-3, gtol = 0.9, xtol = 0.1): LineSearchTask {
    if (!(stp >= stpmin) || !(stp <= stpmax) || !(g < 0) || !(stpmax > 0)) return 'error';
    this.ftol = ftol;
    this.gtol = gtol;
    this.xtol = xtol;
    this.stpmin = stpmin;
    this.stpmax = stpmax;
    this.stp = stp;
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = ftol * g;
    this.width = stpmax - stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + XTRAPU * stp;
    return 'fg';
  }

  /** Report φ(stp)=f, φ'(stp)=g; updates stp and says what to do next. */
  step(f: number, g: number): LineSearchTask {
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let task: LineSearchTask = 'fg';
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) task = 'warn';
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) task = 'warn';
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) task = 'warn';
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) task = 'warn';
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) task = 'conv';
    if (task !== 'fg') return task;

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // Modified function ψ(stp) = φ(stp) − φ(0) − ftol·stp·φ'(0) until ψ has a non-positive value
      // and a non-negative derivative (Moré–Thuente §3).
      const gt = this.gtest;
      this.fx -= this.stx * gt;
      this.fy -= this.sty * gt;
      this.gx -= gt;
      this.gy -= gt;
      this.dcstep(f - stp * gt, g - gt);
      this.fx += this.stx * gt;
      this.fy += this.sty * gt;
      this.gx += gt;
      this.gy += gt;
    } else {
      this.dcstep(f, g);
    }
    if (this.brackt) {
      // Force a sufficient shrink of the bracket (bisection fallback).
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, this.stpmin), this.stpmax);
    if ((this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)) {
      this.stp = this.stx;
    }
    return 'fg';
  }

  /** dcstep: safeguarded cubic/quadratic step; updates the interval (stx, sty) and the trial stp. */
  private dcstep(fp: number, dp: number): void {
    const { stx, fx, sty, fy, stp } = this;
    const dx = this.gx;
    const dy = this.gy;
    const stpmin = this.stmin;
    const stpmax = this.stmax;
    const sgnd = dp * Math.sign(dx);
    let stpf: number;
    if (fp > fx) {
      // Case 1: higher function value; the minimum is bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp < stx) gamma = -gamma;
      const p = gamma - dx + theta;
      const q = gamma - dx + gamma + dp;
      const stpc = stx + (p / q) * (stp - stx);
      const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // Case 2: lower value, derivatives of opposite sign; bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dx;
      const stpc = stp + (p / q) * (stx - stp);
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // Case 3: lower value, same-sign derivative decreasing in magnitude.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma + (dx - dp) + gamma;
      const r = p / q;
      let stpc: number;
      if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
      else if (stp > stx) stpc = stpmax;
      else stpc = stpmin;
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (this.brackt) {
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
        else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
      } else {
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.max(stpmin, Math.min(stpmax, stpf));
      }
    } else {
      // Case 4: lower value, derivative not decreasing in magnitude.
      if (this.brackt) {
        const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
        const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
        let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dy / s) * (dp / s)));
        if (stp > sty) gamma = -gamma;
        const p = gamma - dp + theta;
        const q = gamma - dp + gamma + dy;
        stpf = stp + (p / q) * (sty - stp);
      } else if (stp > stx) {
        stpf = stpmax;
      } else {
        stpf = stpmin;
      }
    }
    if (fp > fx) {
      this.sty = stp;
      this.fy = fp;
      this.gy = dp;
    } else {
      if (sgnd < 0) {
        this.sty = stx;
        this.fy = fx;
        this.gy = dx;
      }
      this.stx = stp;
      this.fx = fp;
      this.gx = dp;
    }
    this.stp = stpf;
  }
}
