/**
 * Candidates of 'auto' that can be fitted on another candidate's fitted model instead of from
 * scratch (AutoOptions.shareKernels): 'stp' over the NNGP kernel takes the fitted 'nngp''s kernel
 * hyperparameters, noise, mean and Cholesky factor and fits only its scale prior's α, β
 * (surrogates/stp/stp-on-gp.ts). That holds only while both run with their default options, which
 * give the same kernel (ReLU, depth 3); a candidate with other options fits on its own.
 */
import { FittedGp } from '../gp/fitted-gp.js';
import { fitStpOnGp } from '../stp/stp-on-gp.js';
import type { FittedSurrogate } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';

/** Candidate -> the candidate whose fitted kernel it reuses. */
const SHARES_KERNEL_OF: Partial<Record<AutoCandidateName, AutoCandidateName>> = { stp: 'nngp' };

/** Candidates whose registry options are the defaults, so their kernels coincide (see the file comment). */
const sameDefaultKernel = (a: AutoCandidateName, b: AutoCandidateName) => Object.keys(AUTO_CANDIDATES[a].options).length === 0 && Object.keys(AUTO_CANDIDATES[b].options).length === 0;

/** `name` fitted on a candidate fitted earlier in this ask, with the source's name; undefined when it must fit on its own. */
export function fitOnSharedKernel(name: AutoCandidateName, fitted: ReadonlyMap<AutoCandidateName, FittedSurrogate>): { model: FittedSurrogate; from: AutoCandidateName } | undefined {
  const from = SHARES_KERNEL_OF[name];
  if (from === undefined || !sameDefaultKernel(name, from)) return undefined;
  const source = fitted.get(from);
  if (!(source instanceof FittedGp)) return undefined;
  return { model: fitStpOnGp(source, from), from };
}
