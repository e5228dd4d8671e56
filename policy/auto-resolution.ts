/**
 * Create-time checks of surrogate 'auto' and of acquisitions against a family's declared
 * capabilities (surrogates/family-capabilities.ts, acquisitions/requirements.ts), so an ask never
 * finds out that its model cannot do what its acquisition needs. Each refusal is INVALID_ARGUMENT
 * with the field path.
 */
import { BoError } from '../core/errors.js';
import { runnableAcquisitions, unmetNeeds } from '../acquisitions/requirements.js';
import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { FieldIssue } from '../protocol/errors.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from '../surrogates/auto/auto-candidates.js';
import { AutoOptions } from '../surrogates/auto/auto-options.js';
import { familyCapabilities } from '../surrogates/family-capabilities.js';
import { surrogateOptionsToRun } from './auto-combine.js';

function invalid(path: (string | number)[], message: string): BoError {
  const issues: FieldIssue[] = [{ path, message }];
  return new BoError('INVALID_ARGUMENT', `${path.join('.')}: ${message}`, issues);
}

/**
 * Why `acquisition` cannot run on surrogate `kind` with these options, or undefined when it can
 * (kinds that are not families, 'none' and 'auto', are checked elsewhere).
 */
export function acquisitionMismatch(kind: string, options: Record<string, unknown>, acquisition: AlgorithmSpec['acquisition']): string | undefined {
  const family = familyCapabilities(kind, options);
  if (!family) return undefined;
  const unmet = unmetNeeds(acquisition, family);
  if (unmet.length === 0) return undefined;
  return `${acquisition} needs ${unmet.join(' and ')}, which surrogate '${kind}' does not give (its posterior is '${family.posteriorKind}'${family.jointDraws ? '' : ', each point predicted independently'}); use ${runnableAcquisitions(family).join(', ')}`;
}

/**
 * Acquisition 'auto' only with surrogate 'auto'; surrogate 'auto' only where every candidate can
 * run the acquisition and some candidate can answer every model ask:
 * - acquisition 'auto' with another surrogate: refused at algorithm.acquisition;
 * - a candidate that cannot run an explicit acquisition: refused at algorithm.surrogateOptions.candidates.<i>
 *   (any candidate may be chosen, and dropping one silently would change what runs);
 * - only neural candidates while minNeuralTrials exceeds the initial design: the asks in between
 *   would have no model; refused at algorithm.surrogateOptions.minNeuralTrials.
 * `initialTrials` is the study's initial design size.
 */
export function checkAuto(algorithm: AlgorithmSpec, initialTrials: number): void {
  if (algorithm.surrogate !== 'auto') {
    if (algorithm.acquisition === 'auto') throw invalid(['algorithm', 'acquisition'], `'auto' (the chosen family's default) needs surrogate 'auto'; this study's surrogate is '${algorithm.surrogate}'`);
    return;
  }
  const o = AutoOptions.parse(surrogateOptionsToRun(algorithm));
  if (o.combine === 'stack') checkStackAcquisition(algorithm.acquisition, o.candidates);
  o.candidates.forEach((name, i) => {
    const c = AUTO_CANDIDATES[name];
    const why = algorithm.acquisition === 'auto' ? undefined : acquisitionMismatch(c.kind, c.options, algorithm.acquisition);
    if (why) throw invalid(['algorithm', 'surrogateOptions', 'candidates', i], `candidate '${name}': ${why}`);
  });
  const cheap = o.candidates.some((name) => familyCapabilities(AUTO_CANDIDATES[name].kind, AUTO_CANDIDATES[name].options)!.leaveOneOut);
  if (!cheap && o.minNeuralTrials > initialTrials) {
    throw invalid(['algorithm', 'surrogateOptions', 'minNeuralTrials'], `every candidate is neural (scored from ${o.minNeuralTrials} observations on) and the initial design has ${initialTrials} trials: asks in between would have no model; add a candidate with a closed-form score (gp, gp-rbf, nngp, stp) or lower minNeuralTrials to at most ${initialTrials}`);
  }
}

/** Acquisitions that run on a weighted mixture (surrogate 'auto', combine 'stack'): the moment kinds through per-member moments, qLogNEI per member on stratified draws, Thompson on one member's joint draw. */
const STACK_ACQUISITIONS: ReadonlySet<string> = new Set(['auto', 'log-ei', 'log-pi', 'qlognei', 'posterior-mean', 'ucb', 'thompson']);

/**
 * Under combine 'stack' the acquisition must run on the weighted mixture: the multi-outcome and
 * cost-aware kinds draw per outcome from a single family's posterior, and UCB's mixture quantile
 * has only Gaussian members (acquisitions/ensemble-combine.ts), so it is refused when a candidate's
 * posterior is Student-t. Refused at algorithm.acquisition.
 */
function checkStackAcquisition(acquisition: string, candidates: readonly AutoCandidateName[]): void {
  if (!STACK_ACQUISITIONS.has(acquisition)) throw invalid(['algorithm', 'acquisition'], `'${acquisition}' does not run on a weighted mixture of families (surrogateOptions.combine 'stack'); use ${[...STACK_ACQUISITIONS].join(', ')} or combine 'switch'`);
  const t = candidates.filter((c) => familyCapabilities(AUTO_CANDIDATES[c].kind, AUTO_CANDIDATES[c].options)?.posteriorKind === 'student-t');
  if (acquisition === 'ucb' && t.length > 0) throw invalid(['algorithm', 'acquisition'], `ucb on a weighted mixture is the mixture's quantile over Gaussian members; candidate${t.length > 1 ? 's' : ''} ${t.join(', ')} ${t.length > 1 ? 'have' : 'has'} a Student-t posterior; drop ${t.length > 1 ? 'them' : 'it'} from surrogateOptions.candidates or use log-ei / qlognei`);
}
