/**
 * The effective algorithm of a study with several objectives or outcome constraints, refined from
 * resolveEffectiveAlgorithm's answer (policy/effective-algorithm.ts) at create. What cannot run is
 * refused with INVALID_ARGUMENT and the field path:
 *
 * | study                                     | result                                                   |
 * |-------------------------------------------|----------------------------------------------------------|
 * | a constraint named like an objective      | refused: constraints.<name>                              |
 * | referencePoint with one objective         | refused: algorithm.referencePoint                        |
 * | referencePoint naming an unknown / missing objective | refused: algorithm.referencePoint.<name>      |
 * | several objectives or constraints, fidelity or pool | refused: objectives (or constraints)           |
 * | surrogate none                            | space-filling as before (Sobol ignores the outcomes)     |
 * | surrogate pfn (or auto)                   | refused: algorithm.surrogate (no joint draws: rows predicted independently) |
 * | gp, nngp, ntk, dkl, stp, deep-ensemble, bnn-sghmc, hmc-bnn | multi-outcome (acquisitions/mo/outcome-draws.ts by posterior kind) |
 * | hmc-bnn / bnn-sghmc moment-matched        | multi-outcome, the kept networks drawn as members (named in notes) |
 * | 2–4 objectives, default acquisition       | multi-outcome, qlognehvi (named in notes)                |
 * | 5+ objectives, default acquisition        | multi-outcome, qnparego (named in notes)                 |
 * | 5+ objectives, qlognehvi                  | refused: algorithm.acquisition (box decompositions grow as n^(m−1)) |
 * | several objectives, qlognehvi / qnparego  | multi-outcome, as asked                                  |
 * | one objective + constraints, default or qlognei | multi-outcome, constrained qlognei                 |
 * | any other acquisition with several outcomes | refused: algorithm.acquisition                         |
 * | one objective, no constraints, qlognehvi / qnparego | refused: algorithm.acquisition                 |
 * | 3-4 objectives, default acquisition       | scalarizedStart: DEFAULT_SCALARIZED_START (named in notes) |
 * | scalarizedStart, the study not running qlognehvi | refused: algorithm.scalarizedStart                 |
 */
import { BoError } from '../core/errors.js';
import { unmetNeeds } from '../acquisitions/requirements.js';
import { defaultAcquisition, SurrogateKind, type AlgorithmSpec, type EffectiveAlgorithm } from '../protocol/algorithm.js';
import { familyCapabilities } from '../surrogates/family-capabilities.js';
import { defaultScalarizedStart } from './scalarized-start.js';

/** Most objectives qLogNEHVI takes (its box decompositions have up to (n+1)^(m−1) boxes). */
export const MAX_NEHVI_OBJECTIVES = 4;

/** Surrogates whose posteriors give joint draws from fixed base samples (what the multi-outcome surface needs: acquisitions/mo/outcome-draws.ts). */
export const MULTI_OUTCOME_SURROGATES: readonly string[] = SurrogateKind.options.filter((k) => {
  const family = familyCapabilities(k);
  return family !== undefined && unmetNeeds('qlognehvi', family).length === 0;
});

/**
 * The acquisition a multi-outcome study runs for its spec's acquisition: with several objectives
 * the multi-objective kinds as given and any other (only the surrogate's default passes create)
 * as qlognehvi up to MAX_NEHVI_OBJECTIVES objectives, qnparego beyond; with one objective qlognei.
 */
export function multiOutcomeAcquisition(acquisition: string, objectives: number): 'qlognehvi' | 'qnparego' | 'qlognei' {
  if (objectives < 2) return 'qlognei';
  if (acquisition === 'qlognehvi' || acquisition === 'qnparego') return acquisition;
  return objectives <= MAX_NEHVI_OBJECTIVES ? 'qlognehvi' : 'qnparego';
}

function invalid(path: (string | number)[], message: string): BoError {
  return new BoError('INVALID_ARGUMENT', `${path.join('.')}: ${message}`, [{ path, message }]);
}

/** What the refinement reads besides resolveEffectiveAlgorithm's answer. */
export interface OutcomeInput {
  readonly algorithm: AlgorithmSpec;
  readonly objectives: readonly string[];
  readonly constraints: readonly string[];
}

/** The effective algorithm for the study's outcomes (see the table above); unchanged for one objective without constraints. */
export function resolveOutcomes(effective: EffectiveAlgorithm, input: OutcomeInput): EffectiveAlgorithm {
  const { algorithm, objectives, constraints } = input;
  const m = objectives.length;
  for (const c of constraints) if (objectives.includes(c)) throw invalid(['constraints', c], `'${c}' is an objective; a constraint needs its own metric name`);
  if (algorithm.referencePoint !== undefined) {
    if (m < 2) throw invalid(['algorithm', 'referencePoint'], 'is the hypervolume reference of a study with several objectives; this study has one');
    for (const name of Object.keys(algorithm.referencePoint)) if (!objectives.includes(name)) throw invalid(['algorithm', 'referencePoint', name], `unknown objective '${name}'`);
    for (const name of objectives) if (!Object.hasOwn(algorithm.referencePoint, name)) throw invalid(['algorithm', 'referencePoint', name], `missing objective '${name}'`);
  }
  const acquisition = algorithm.acquisition;
  const start = algorithm.scalarizedStart;
  const refuseStart = (why: string): BoError => invalid(['algorithm', 'scalarizedStart'], `runs qnparego before qlognehvi; ${why}`);
  if (start !== undefined && m < 2) throw refuseStart('this study has one objective');
  const multiKind = acquisition === 'qlognehvi' || acquisition === 'qnparego';
  if (m < 2 && constraints.length === 0) {
    if (multiKind) throw invalid(['algorithm', 'acquisition'], `${acquisition} optimizes several objectives; this study has one`);
    return effective;
  }
  if (effective.policy === 'multi-fidelity' || effective.policy === 'pool') {
    const where = effective.policy === 'pool' ? 'a candidate pool' : 'a fidelity parameter';
    throw invalid(m >= 2 ? ['objectives'] : ['constraints'], `${m >= 2 ? 'several objectives are' : 'outcome constraints are'} not supported with ${where} (the multi-fidelity and pool policies model one objective)`);
  }
  if (effective.policy === 'space-filling') {
    if (start !== undefined) throw refuseStart("surrogate 'none' runs no acquisition");
    return effective;
  }
  const family = familyCapabilities(algorithm.surrogate, algorithm.surrogateOptions ?? {});
  const unmet = family === undefined ? ['one model family per outcome'] : unmetNeeds('qlognehvi', family);
  if (unmet.length > 0) {
    const why = family && !family.jointDraws ? ` (its '${family.posteriorKind}' posterior predicts each point independently)` : '';
    throw invalid(['algorithm', 'surrogate'], `'${algorithm.surrogate}' cannot model several outcomes: the multi-outcome acquisitions need ${unmet.join(' and ')}${why}; use ${MULTI_OUTCOME_SURROGATES.join(', ')}`);
  }
  const defaulted = acquisition === defaultAcquisition(algorithm.surrogate);
  const notes = [...(effective.notes ?? [])];
  if (family?.posteriorKind === 'mixture') notes.push(`surrogate '${algorithm.surrogate}' (posterior 'moment-matched'): the multi-outcome acquisitions draw its kept networks jointly, one network per MC sample (a mixture's joint draws); the moment-matched Gaussian has no joint covariance`);
  let chosen: EffectiveAlgorithm['acquisition'];
  if (m >= 2) {
    if (acquisition === 'qlognehvi' && m > MAX_NEHVI_OBJECTIVES) throw invalid(['algorithm', 'acquisition'], `qlognehvi takes at most ${MAX_NEHVI_OBJECTIVES} objectives; use qnparego for ${m}`);
    if (multiKind) chosen = acquisition;
    else if (defaulted) {
      chosen = m <= MAX_NEHVI_OBJECTIVES ? 'qlognehvi' : 'qnparego';
      notes.push(`acquisition '${acquisition}' (the default) runs as ${chosen}: the study has ${m} objectives`);
    } else throw invalid(['algorithm', 'acquisition'], `${acquisition} optimizes one objective; with ${m} objectives use qlognehvi${m > MAX_NEHVI_OBJECTIVES ? '' : ' (the default)'} or qnparego`);
  } else {
    if (multiKind) throw invalid(['algorithm', 'acquisition'], `${acquisition} optimizes several objectives; this study has one`);
    if (acquisition !== 'qlognei' && !defaulted) throw invalid(['algorithm', 'acquisition'], `${acquisition} does not weigh outcome constraints; use qlognei (constrained, the default with constraints)`);
    chosen = 'qlognei';
    if (acquisition !== 'qlognei') notes.push(`acquisition '${acquisition}' (the default) runs as constrained qlognei: the study has outcome constraints`);
  }
  if (start !== undefined && chosen !== 'qlognehvi') throw refuseStart(`this study runs ${chosen}`);
  const scalarizedStart = start ?? defaultScalarizedStart(acquisition, chosen, m);
  if (start === undefined && scalarizedStart > 0) notes.push(`the first ${scalarizedStart} model asks run qnparego, then qlognehvi (the default with ${m} objectives; algorithm.scalarizedStart: 0 turns it off)`);
  // The BO policy's outcome transform and its second fit on noisy asks do not apply here (MoPolicy standardizes each outcome itself).
  const { outputTransform: _notRun, noisyRefit: _noRefit, ...single } = effective;
  return { ...single, policy: 'multi-outcome', acquisition: chosen, ...(chosen === 'qlognehvi' && (start !== undefined || scalarizedStart > 0) ? { scalarizedStart } : {}), ...(notes.length > 0 ? { notes } : {}) };
}
