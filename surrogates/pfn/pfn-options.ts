import { z } from 'zod';

/** Options of the 'pfn' surrogate (surrogateOptions), strict: an unknown key is refused. */
export const PfnOptions = z.strictObject({
  /** Directory holding manifest.json + weights.bin (default: BO_PFN_WEIGHTS, else the shipped weights). */
  weightsDir: z.string().min(1).optional(),
  /** Most context points (default: the manifest's training.maxContext, else 100). */
  maxContext: z.number().int().min(2).optional(),
});

/** Options of PfnSurrogate as accepted from the wire (surrogateOptions). */
export type PfnOptionsInput = z.input<typeof PfnOptions>;
