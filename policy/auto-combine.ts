/**
 * The combination surrogate 'auto' runs when its options name none, where that depends on the
 * acquisition (AutoOptions' own default, surrogates/auto/auto-options.ts defaultCombine, cannot see it):
 * UCB on a weighted mixture is the mixture's quantile over Gaussian members only
 * (acquisitions/ensemble-combine.ts), so with a Student-t candidate (stp is a default one) a study
 * that asked for ucb and no combination runs 'switch', as it did before 'stack' became the default,
 * instead of being refused for a setting it never gave. The effective algorithm records what ran.
 */
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import { AUTO_CANDIDATES } from '../surrogates/auto/auto-candidates.js';
import { AutoOptions } from '../surrogates/auto/auto-options.js';
import { familyCapabilities } from '../surrogates/family-capabilities.js';
import { withDefaultGpLikelihood } from './gp-likelihood-default.js';

/** `spec` with surrogateOptions.combine 'switch' written in where the acquisition rules out the options' default 'stack'; otherwise `spec` itself. */
function withAutoCombine(spec: AlgorithmSpec): AlgorithmSpec {
  if (spec.surrogate !== 'auto' || spec.acquisition !== 'ucb') return spec;
  const own = spec.surrogateOptions ?? {};
  // A combination given, or a setting of 'stack' only (margin, minimum, test, localRegion), is the study's own choice: it runs or is refused as given.
  if (own.combine !== undefined || (own.stackMargin !== undefined && own.stackMargin !== null) || ['stackMinTrials', 'stackTest', 'localRegion'].some((k) => own[k] !== undefined)) return spec;
  const parsed = AutoOptions.safeParse(own);
  // A bad option is the registry's refusal to make, at its own path.
  if (!parsed.success || parsed.data.combine !== 'stack') return spec;
  const studentT = parsed.data.candidates.some((c) => familyCapabilities(AUTO_CANDIDATES[c].kind, AUTO_CANDIDATES[c].options)?.posteriorKind === 'student-t');
  return studentT ? { ...spec, surrogateOptions: { ...own, combine: 'switch' } } : spec;
}

/**
 * The surrogateOptions a policy builds its surrogate with: the spec's, with the combination resolved
 * as above and a 'gp' study's default likelihood written in (policy/gp-likelihood-default.ts); every
 * place that builds the study's surrogate uses this, so asks and recommendations run the same model.
 */
export function surrogateOptionsToRun(spec: AlgorithmSpec): Record<string, unknown> {
  return withDefaultGpLikelihood(spec.surrogate, withAutoCombine(spec).surrogateOptions ?? {});
}
