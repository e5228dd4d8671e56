import { z } from 'zod';

/** Surrogate kinds the registry knows (wire names, kebab-case). */
export const SurrogateKind = z.enum(['gp', 'nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'pfn', 'none']);
/** Acquisition kinds (wire names). */
export const AcquisitionKind = z.enum(['log-ei', 'log-pi', 'ucb', 'thompson', 'qlognei', 'posterior-mean', 'mf-mes', 'cost-ei']);
export type SurrogateKind = z.infer<typeof SurrogateKind>;
export type AcquisitionKind = z.infer<typeof AcquisitionKind>;

/**
 * The acquisition when none is given: qLogNEI for the exact GP (BoTorch/Ax's default; with analytic
 * gradients it costs about what LogEI does, and it won the multimodal core problems in
 * benchmarks/RESULTS.md, issue 2 session 2), LogEI for every other surrogate (their qLogNEI has no
 * analytic gradient, and the PFN scores candidates in closed form).
 */
export function defaultAcquisition(surrogate: SurrogateKind): AcquisitionKind {
  return surrogate === 'gp' ? 'qlognei' : 'log-ei';
}

const AlgorithmFields = z.strictObject({
  /** 'none' = Sobol sampling only (no model). */
  surrogate: SurrogateKind.default('gp'),
  /** Default: defaultAcquisition(surrogate). */
  acquisition: AcquisitionKind.optional(),
  /** Space-filling trials before the model is used; default max(5, 2·d). */
  initialTrials: z.number().int().min(1).max(10000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** UCB exploration weight β (value = mean + sqrt(β)·sd). */
  ucbBeta: z.number().positive().max(1e6).optional(),
  /** Surrogate-specific options, validated by the surrogate's own schema. */
  surrogateOptions: z.record(z.string(), z.unknown()).optional(),
});

/** How a study picks points: initial space-filling design, then surrogate + acquisition. */
export const AlgorithmSpec = AlgorithmFields.transform((spec) => ({ ...spec, acquisition: spec.acquisition ?? defaultAcquisition(spec.surrogate) }));

export type AlgorithmSpec = z.infer<typeof AlgorithmSpec>;
export type AlgorithmInput = z.input<typeof AlgorithmSpec>;
