import { familyCapabilities, type FamilyCapabilities } from '../family-capabilities.js';
import { AUTO_CANDIDATES } from './auto-candidates.js';
import { AutoOptions } from './auto-options.js';

/**
 * Whether a study's surrogate has a boolean capability (surrogates/family-capabilities.ts): the
 * family's own, or for 'auto' every candidate's (its model forwards the chosen family's, so any
 * candidate may be the one asked). A bad auto option counts as having it: that refusal is the
 * registry's to make, at surrogateOptions.
 */
export function studyHasCapability(surrogate: string, options: Record<string, unknown>, capability: 'leaveOneOut' | 'noiseVariance'): boolean {
  const has = (caps: FamilyCapabilities | undefined) => caps?.[capability] === true;
  if (surrogate !== 'auto') return has(familyCapabilities(surrogate, options));
  const parsed = AutoOptions.safeParse(options);
  if (!parsed.success) return true;
  return parsed.data.candidates.every((name) => has(familyCapabilities(AUTO_CANDIDATES[name].kind, AUTO_CANDIDATES[name].options)));
}
