/**
 * Which random stream each candidate of surrogate 'auto' fits on. The reference candidate (the
 * first; by default the service's GP) fits on the ask's own fit stream, untouched, so when 'auto'
 * keeps it, its model, and with it the whole ask (the BO policy's acquisition stream is split off
 * before the fit and does not depend on the model), equals what `surrogate: <its family>` gives at
 * the same seed and data: the same restarts, the same prior draws. The other candidates draw from
 * streams split off the fit stream only after the reference has fitted, one per candidate in
 * candidate order, all at once, so neither their draws nor a skipped candidate can move the
 * reference's, and a skipped candidate does not shift the others'.
 *
 * A reference scored by k-fold refits (a neural family listed first) draws its folds from a derived
 * stream like the others: its k-fold fits come before any full fit, so no order of draws would
 * give it the stream its family alone sees; only LOO-scored references (the kernel families, whose
 * scoring fit is the model) get the exact stream.
 */
import type { Rng } from '../../core/rng.js';
import type { AutoCandidateName } from './auto-candidates.js';

/** Streams of one 'auto' fit: `of(name)` for the candidate's fit, `referenceExact` says whether the reference got the fit stream. */
export class CandidateStreams {
  private derived?: Map<AutoCandidateName, Rng>;

  /**
   * @param fitStream the fit's rng (FitOptions.rng)
   * @param candidates the candidates in scoring order; the first is the reference
   * @param referenceExact whether the reference is fitted once on all data (LOO-scored) and so gets `fitStream` itself
   */
  constructor(
    private readonly fitStream: Rng,
    private readonly candidates: readonly AutoCandidateName[],
    readonly referenceExact: boolean,
  ) {}

  /**
   * The stream `name` fits on. Ask for the reference's before any other's: the first request of a
   * derived stream splits them all off the fit stream, which the reference must have finished with.
   */
  of(name: AutoCandidateName): Rng {
    if (this.referenceExact && name === this.candidates[0]) {
      if (this.derived) throw new Error('auto: the reference candidate must fit before the others draw their streams');
      return this.fitStream;
    }
    if (!this.derived) {
      const parent = this.fitStream.split();
      this.derived = new Map(this.candidates.map((c) => [c, parent.split()]));
    }
    return this.derived.get(name)!;
  }
}
