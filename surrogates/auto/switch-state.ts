/**
 * What rule 'persistent' carries from one ask of an 'auto' study to the next: the family the
 * previous ask ran (the state's `choice`) and the challenger's streak. Read from the stored
 * surrogate state (FitOptions.warmStart), so it is deterministic by seed and survives a restart; a
 * state written by another version, or none (the first model ask), starts from the reference.
 */
import { z } from 'zod';
import type { SurrogateState } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import type { SwitchStreak } from './switching-rule.js';

const name = z.enum(Object.keys(AUTO_CANDIDATES) as [AutoCandidateName, ...AutoCandidateName[]]);
const Carried = z.object({
  kind: z.literal('auto'),
  choice: name,
  streak: z.object({ candidate: name, asks: z.number().int().min(1) }).optional(),
});

/** The incumbent and streak of the previous ask, or nothing when the state holds none. */
export function persistedSwitchState(state: SurrogateState | undefined): { incumbent?: AutoCandidateName; streak?: SwitchStreak } {
  const parsed = Carried.safeParse(state);
  if (!parsed.success) return {};
  return { incumbent: parsed.data.choice, ...(parsed.data.streak ? { streak: parsed.data.streak } : {}) };
}
