import { z } from 'zod';

/** Surrogate kinds the registry knows (wire names, kebab-case). */
export const SurrogateKind = z.enum(['gp', 'nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn', 'pfn', 'none']);
/** Acquisition kinds (wire names). */
export const AcquisitionKind = z.enum(['log-ei', 'log-pi', 'ucb', 'thompson', 'qlognei', 'posterior-mean', 'mf-mes', 'cost-ei']);

/** How a study picks points: initial space-filling design, then surrogate + acquisition. */
export const AlgorithmSpec = z.strictObject({
  /** 'none' = Sobol sampling only (no model). */
  surrogate: SurrogateKind.default('gp'),
  acquisition: AcquisitionKind.default('log-ei'),
  /** Space-filling trials before the model is used; default max(5, 2·d). */
  initialTrials: z.number().int().min(1).max(10000).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** UCB exploration weight β (value = mean + sqrt(β)·sd). */
  ucbBeta: z.number().positive().max(1e6).optional(),
  /** Surrogate-specific options, validated by the surrogate's own schema. */
  surrogateOptions: z.record(z.string(), z.unknown()).optional(),
});

export type SurrogateKind = z.infer<typeof SurrogateKind>;
export type AcquisitionKind = z.infer<typeof AcquisitionKind>;
export type AlgorithmSpec = z.infer<typeof AlgorithmSpec>;
export type AlgorithmInput = z.input<typeof AlgorithmSpec>;
