/**
 * What each acquisition needs from the model, against a family's declared capabilities
 * (surrogates/family-capabilities.ts). study:create refuses an acquisition whose needs the
 * surrogate cannot meet, with the field path, instead of failing at ask time; adding an
 * acquisition is one entry here.
 */
import type { AcquisitionKind } from '../protocol/algorithm.js';
import type { FamilyCapabilities } from '../surrogates/types.js';

/** A capability an acquisition relies on. */
export type AcquisitionNeed = 'joint-draws' | 'gaussian-joint';

/**
 * Acquisition -> needs. 'joint-draws': MC over joint posterior draws of a batch with the baseline
 * (qLogNEI). 'gaussian-joint': Gaussian joint draws from fixed base samples (the multi-outcome
 * surfaces). The cost-aware kinds run on the multi-fidelity GP, never on the study's family.
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
  qlognehvi: ['gaussian-joint'],
  qnparego: ['gaussian-joint'],
  // Each candidate's own default, which its family meets by construction.
  auto: [],
};

/** Whether a family meets one need. */
function meets(need: AcquisitionNeed, family: FamilyCapabilities): boolean {
  return need === 'joint-draws' ? family.jointDraws : family.jointDraws && family.posteriorKind === 'gaussian';
}

/** Words for a need, for messages. */
const NEED_WORDS: Record<AcquisitionNeed, string> = {
  'joint-draws': 'a joint posterior (draws over several points together)',
  'gaussian-joint': 'Gaussian joint posterior draws from fixed base samples',
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
