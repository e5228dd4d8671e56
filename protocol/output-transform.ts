import { z } from 'zod';

/** Outcome transforms of the BO policy (policy/bo-policy.ts OutputTransform). */
export const OutputTransformKind = z.enum(['auto', 'standardize', 'yeo-johnson', 'power', 'half-rank']);
export type OutputTransformKind = z.infer<typeof OutputTransformKind>;
