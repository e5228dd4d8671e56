/**
 * A second fit on another outcome transform when the first fit counts as noisy (BoPolicyOptions.noisyOutputTransform).
 *
 * Why: the half-rank warp (core/output-warp.ts) is the right y for noiseless objectives whose values span
 * decades, but it is nonlinear in the noise: rank quantiles below the median and the log stretch at the top
 * turn additive noise into rank noise of uneven size, which the GP absorbs with short lengthscales and a
 * noise variance below the true one. A plain z-score keeps additive noise additive. The first fit decides
 * whether the second is tried (its noise above the gate), and the second is used only when it counts as noisy
 * on its own y too. That second test is meant to keep the warp for noiseless objectives whose warped values merely
 * look rough; in 2-D it does not (a rough noiseless function looks noisy on z-scored y as well), which is why the
 * BO policy can confine the refit to spaces of at least `noisyRefitMinDim` encoded dimensions.
 */
import { capabilitiesOf, type FittedSurrogate } from '../surrogates/types.js';
import type { OutputTransformKind } from '../protocol/algorithm.js';

/** What an ask shows about the second fit (diagnostics.noisyRefit), when one was tried. */
export interface NoisyRefitDiagnostics {
  /** The transform of the second fit. */
  readonly transform: OutputTransformKind;
  /** Fitted noise variance of the first fit and of the second, each in its own standardized units. */
  readonly firstNoise: number;
  readonly secondNoise: number | null;
  /** Whether the ask runs on the second fit. */
  readonly used: boolean;
}

/** A fit's noise variance in its own standardized units (undefined for a family without a fitted noise). */
export function fitNoise(model: FittedSurrogate): number | undefined {
  return capabilitiesOf(model).noiseVariance;
}

/**
 * The fit an ask runs on: `first` unless `alternative` is set and differs from `firstTransform`, the first fit's
 * noise is above `gate`, and the fit `refit(alternative)` returns has noise above `gate` too.
 */
export async function noisyRefit<F extends { readonly model: FittedSurrogate }>(
  first: F,
  firstTransform: OutputTransformKind,
  alternative: OutputTransformKind | undefined,
  gate: number,
  refit: (transform: OutputTransformKind) => Promise<F>,
): Promise<{ used: F; transform: OutputTransformKind; diagnostics: { noisyRefit?: NoisyRefitDiagnostics } }> {
  const firstNoise = fitNoise(first.model);
  if (alternative === undefined || alternative === firstTransform || firstNoise === undefined || !(firstNoise > gate)) {
    return { used: first, transform: firstTransform, diagnostics: {} };
  }
  const second = await refit(alternative);
  const secondNoise = fitNoise(second.model);
  const used = secondNoise !== undefined && secondNoise > gate;
  const diagnostics = { noisyRefit: { transform: alternative, firstNoise, secondNoise: secondNoise ?? null, used } };
  return used ? { used: second, transform: alternative, diagnostics } : { used: first, transform: firstTransform, diagnostics };
}
