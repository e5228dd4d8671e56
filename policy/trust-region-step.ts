import type { SearchSpace } from '../core/space-types.js';
import type { TrustRegionSpec } from '../protocol/trust-region.js';
import { defaultTrustRegion, replayTrustRegion, resolveTrustRegion, trustRegionBox, type TrustRegionSettings, type TrustRegionState } from './trust-region.js';
import { noiseResolvedLength } from './trust-region-noise.js';
import { confinableColumns, trustRegionSpace } from './trust-region-space.js';

/** What an ask shows about its trust region (diagnostics.trustRegion). */
export interface TrustRegionDiagnostics extends Omit<TrustRegionState, 'center'> {
  /** The region's box in encoded coordinates while local. */
  readonly lower?: number[];
  readonly upper?: number[];
  /** Index of the centre among the observations with a finite value, in trial order. */
  readonly center?: number;
  /** Set while local with `acquisition: 'thompson'`, or on a global step: the acquisition this ask used. */
  readonly acquisition?: 'thompson';
  /** True on a periodic global exploration step (`globalEvery`): this ask searched the whole space. */
  readonly globalStep?: true;
  /** True when this ask belongs to the space-filling start of a run after a restart (`restartDesign: 'space-filling'`). */
  readonly restartDesign?: true;
  /** What the rules replayed: observed values or the model's posterior mean at the observed points. */
  readonly incumbent: 'observed' | 'posterior-mean';
  /** Set when the spec's incumbent is 'auto': the rule, and whether this ask's fit counted as noisy. */
  readonly incumbentRule?: { readonly rule: 'auto'; readonly noisy: boolean };
  /**
   * With `restart: 'noise-resolved'`: this ask's noise-resolved side (policy/trust-region-noise.ts;
   * null when infinite: no region starts) and the lengthMin the replay used, or why the model's
   * diagnostics gave no side (the replay then kept the spec's lengthMin).
   */
  readonly noiseResolved?: { readonly length: number | null; readonly lengthMin: number | null } | { readonly skipped: string };
  /** True when this ask's fit counted as noisy and `noisySearch: 'global'` sent it to the whole space (the replayed state is shown as it stands). */
  readonly noisyGlobal?: true;
}

/**
 * The space the acquisition is maximized over for this ask: the whole space when the trust region
 * is off or in its global phase, else the region around the current run's best observation
 * (policy/trust-region.ts), shaped by the model's ARD lengthscales (diagnostics `lengthscale`,
 * encoded units) when it reports them. `values` are the maximized observed values in trial order
 * and `X` their encoded rows; `posteriorMeans` gives the model's posterior mean at those rows (any
 * monotone scale of the model's y), read only when the spec's `incumbent` is 'posterior-mean' (or
 * 'auto' and `noisy`: the fitted noise is above the acquisition's threshold), which replays the rules
 * on them instead of `values`; `initial` is the initial design's size. Without a spec the
 * surrogate kind's default applies (policy/trust-region.ts defaultTrustRegion). `acquisition` is
 * set when the region replaces the study's acquisition (local phase with `acquisition: 'thompson'`,
 * or a periodic global step with `globalEvery`); `spaceFilling` when the ask must be the study's next
 * space-filling point instead (the global phase of a run after a restart, `restartDesign: 'space-filling'`).
 */
export function localSearchSpace(
  space: SearchSpace,
  spec: TrustRegionSpec | undefined,
  surrogate: string,
  values: readonly number[],
  posteriorMeans: () => readonly number[],
  noisy: boolean,
  X: readonly Float64Array[],
  initial: number,
  modelDiagnostics: Record<string, unknown>,
): { space: SearchSpace; acquisition?: 'thompson'; spaceFilling?: true; diagnostics?: TrustRegionDiagnostics } {
  const resolved = resolveTrustRegion(spec ?? defaultTrustRegion(surrogate), space.dim);
  if (!resolved) return { space };
  const { settings, noiseResolved } = withNoiseResolvedMinimum(resolved, modelDiagnostics, confinableColumns(space));
  const incumbent = settings.incumbent === 'auto' ? (noisy ? 'posterior-mean' : 'observed') : settings.incumbent;
  const state = replayTrustRegion(incumbent === 'posterior-mean' ? posteriorMeans() : values, initial, settings);
  const { center, ...replayed } = state;
  const rule = settings.incumbent === 'auto' ? { incumbentRule: { rule: 'auto' as const, noisy } } : {};
  const rest = { ...replayed, incumbent, ...rule, ...(noiseResolved ? { noiseResolved } : {}) };
  if (state.phase === 'global' && state.restarts > 0 && settings.restartDesign === 'space-filling') {
    return { space, spaceFilling: true, diagnostics: { ...rest, ...(center !== undefined ? { center } : {}), restartDesign: true } };
  }
  if (state.phase === 'global' || center === undefined) return { space, diagnostics: rest };
  // A noisy ask searches the whole space ('global'): the region cannot rank its points through the noise.
  if (noisy && settings.noisySearch === 'global' && confinableColumns(space).length >= settings.noisyGlobalMinDim) return { space, diagnostics: { ...rest, center, noisyGlobal: true } };
  // A periodic global step (globalEvery): Thompson sampling over the whole space, the region kept for later asks.
  if (settings.globalEvery !== undefined && values.length % settings.globalEvery === 0) {
    return { space, acquisition: 'thompson', diagnostics: { ...rest, center, acquisition: 'thompson', globalStep: true } };
  }
  const ls = modelDiagnostics.lengthscale;
  const lengthscales = Array.isArray(ls) && ls.every((v) => typeof v === 'number') ? (ls as number[]) : undefined;
  const box = trustRegionBox(X[center], state.length, confinableColumns(space), lengthscales);
  const diagnostics = { ...rest, center, lower: Array.from(box.lower), upper: Array.from(box.upper) };
  if (settings.acquisition === 'thompson') return { space: trustRegionSpace(space, box), acquisition: 'thompson', diagnostics: { ...diagnostics, acquisition: 'thompson' } };
  return { space: trustRegionSpace(space, box), diagnostics };
}

/** With `restart: 'noise-resolved'`, lengthMin raised to this ask's noise-resolved side (never lowered). */
function withNoiseResolvedMinimum(
  settings: TrustRegionSettings,
  modelDiagnostics: Record<string, unknown>,
  confined: readonly number[],
): { settings: TrustRegionSettings; noiseResolved?: TrustRegionDiagnostics['noiseResolved'] } {
  if (settings.restart !== 'noise-resolved') return { settings };
  const resolution = noiseResolvedLength(modelDiagnostics, confined);
  if ('skipped' in resolution) return { settings, noiseResolved: resolution };
  const lengthMin = Math.max(settings.lengthMin, resolution.length);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return { settings: { ...settings, lengthMin }, noiseResolved: { length: finite(resolution.length), lengthMin: finite(lengthMin) } };
}
