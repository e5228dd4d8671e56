/**
 * What each acquisition needs from the model, against a family's declared capabilities
 * (surrogates/family-capabilities.ts). study:create refuses an acquisition whose needs the
 * surrogate cannot meet, with the field path, instead of failing at ask time; adding an
 * acquisition is one entry here.
 */
import type { AcquisitionKind } from '../protocol/algorithm.js';
import type { FamilyCapabilities, PosteriorKind } from '../surrogates/types.js';

/** A capability an acquisition relies on. */
export type AcquisitionNeed = 'joint-draws' | 'fixed-base-joint';

/**
 * Acquisition -> needs. 'joint-draws': MC over joint posterior draws of a batch with the baseline
 * (qLogNEI). 'fixed-base-joint': joint draws from fixed base samples of a posterior kind the
 * multi-outcome surfaces draw from (acquisitions/mo/outcome-draws.ts: Gaussian, Student-t,
 * ensemble, mixture). The cost-aware kinds run on the multi-fidelity GP, never on the study's family.
 */
const NEEDS: Record<AcquisitionKind, readonly AcquisitionNeed[]> = {
  'log-ei': [],
  'log-pi': [],
  ucb: [],
  thompson: [],
  'posterior-mean': [],
  qlognei: ['joint-draws'],
  'mf-mes': [],
  'cost-ei': [],
  qlognehvi: ['fixed-base-joint'],
  qnparego: ['fixed-base-joint'],
  // Each candidate's own default, which its family meets by construction.
  auto: [],
};

/** Posterior kinds acquisitions/mo/outcome-draws.ts draws jointly from fixed base samples. */
const FIXED_BASE_KINDS: ReadonlySet<PosteriorKind> = new Set<PosteriorKind>(['gaussian', 'student-t', 'ensemble', 'mixture']);

/** Whether a family meets one need. */
function meets(need: AcquisitionNeed, family: FamilyCapabilities): boolean {
  return need === 'joint-draws' ? family.jointDraws : family.jointDraws && FIXED_BASE_KINDS.has(family.posteriorKind);
}

/** Words for a need, for messages. */
const NEED_WORDS: Record<AcquisitionNeed, string> = {
  'joint-draws': 'a joint posterior (draws over several points together)',
  'fixed-base-joint': 'joint posterior draws from fixed base samples (a Gaussian, Student-t, ensemble or mixture posterior)',
};

/** The needs of `acquisition` that `family` does not meet, in words (empty: it can run). */
export function unmetNeeds(acquisition: AcquisitionKind, family: FamilyCapabilities): string[] {
  return NEEDS[acquisition].filter((n) => !meets(n, family)).map((n) => NEED_WORDS[n]);
}

/** Single-objective acquisitions (of a plain BO study) whose needs `family` meets. */
export function runnableAcquisitions(family: FamilyCapabilities): AcquisitionKind[] {
  const single: AcquisitionKind[] = ['log-ei', 'qlognei', 'log-pi', 'ucb', 'thompson', 'posterior-mean'];
  return single.filter((k) => unmetNeeds(k, family).length === 0);
}
