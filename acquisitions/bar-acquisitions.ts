/**
 * Acquisitions over a bar (PFN) posterior, in closed form per bucket (seed-specs §2.5, with the
 * corrected tail formulas of §2.2; the algebra lives on BarPosterior so this file sees only the
 * seam surrogates/types.ts):
 * - log-ei: log Σ_b p_b·e_b(f*) (log-sum-exp over log p_b + log e_b; the right-tail term uses
 *   log h, so values stay finite far beyond the data);  ei: Σ_b p_b·e_b(f*).
 * - log-pi / pi: (log) Σ_b p_b·P(y > f* | b).
 * - ucb: the Φ(√β)-quantile of each row — the bar analogue of μ + √β·σ (for a Gaussian they
 *   coincide); β = 1 gives PFNs4BO's rest_prob (1 − 0.682)/2. Default β = 2 as for the GP UCB.
 * - posterior-mean: Σ_b p_b·mid_b (tails at b ∓ s√(2/π)).
 * - thompson: one independent draw per row (PFN rows are independent: this is a randomized
 *   acquisition over a candidate pool, not a joint posterior draw).
 */
import { normalCdf } from '../core/normal.js';
import { isBar, type BarPosterior, type Posterior } from '../surrogates/types.js';
import type { Acquisition, AcquisitionContext } from './types.js';

/** Kinds with a bar form. */
export type BarAcquisitionKind = 'log-ei' | 'ei' | 'log-pi' | 'pi' | 'ucb' | 'posterior-mean' | 'thompson';

/** An acquisition that needs a bar posterior; `smooth` is false for randomized ones (no local refinement). */
export interface BarAcquisition extends Acquisition {
  readonly kind: BarAcquisitionKind;
  readonly smooth: boolean;
}

function need(p: Posterior, kind: string): BarPosterior {
  if (!isBar(p)) throw new TypeError(`bar acquisition '${kind}' needs a bar (PFN) posterior, got '${p.kind}'`);
  return p;
}

/** Build the bar form of an acquisition kind (UCB takes β ≥ 0, default 2). */
export function createBarAcquisition(kind: BarAcquisitionKind, options: { ucbBeta?: number } = {}): BarAcquisition {
  const make = (smooth: boolean, f: (p: BarPosterior, ctx: AcquisitionContext) => Float64Array): BarAcquisition => ({
    kind,
    smooth,
    evaluate: (post, ctx) => f(need(post, kind), ctx),
  });
  switch (kind) {
    case 'log-ei':
      return make(true, (p, ctx) => p.logExpectedImprovement(ctx.best));
    case 'ei':
      return make(true, (p, ctx) => p.expectedImprovement(ctx.best));
    case 'log-pi':
      return make(true, (p, ctx) => p.logProbabilityOfImprovement(ctx.best));
    case 'pi':
      return make(true, (p, ctx) => p.probabilityOfImprovement(ctx.best));
    case 'ucb': {
      const beta = options.ucbBeta ?? 2;
      if (!(beta >= 0) || !Number.isFinite(beta)) throw new RangeError(`ucb: beta must be finite and >= 0, got ${beta}`);
      const q = Math.min(1 - 1e-12, Math.max(0.5, normalCdf(Math.sqrt(beta))));
      return make(true, (p) => p.quantile(q));
    }
    case 'posterior-mean':
      return make(true, (p) => p.mean());
    case 'thompson':
      return make(false, (p, ctx) => {
        const s = p.sample(1, ctx.rng);
        return s.data.slice(0, p.size);
      });
    default: {
      const never: never = kind;
      throw new RangeError(`unknown bar acquisition ${String(never)}`);
    }
  }
}
