/**
 * The Bayesian MLP's log-posterior spec from a sampler's options: network layout, weight priors
 * (fan-in or GP-matched) and the noise model (fixed variance, or sampled as one extra coordinate).
 * HMC-BNN and SGHMC sample the same posterior, so both build it here.
 */
import type { LogPosteriorSpec } from './log-posterior.js';
import { layout, type MlpShape } from './mlp.js';
import { fanInPriors, gpMatchedPriors } from './priors.js';

/** The option fields that define the posterior (HmcBnnOptions and BnnSghmcOptions both have them). */
export interface BayesianMlpOptions {
  readonly widths: readonly number[];
  readonly activation: MlpShape['activation'];
  readonly prior: 'fan-in' | 'gp-matched' | string;
  readonly weightScale: number;
  readonly biasVar: number;
  readonly outputScale: number;
  readonly noise: number | 'sampled';
  readonly noisePriorMean: number;
  readonly noisePriorSd: number;
}

/** The spec, its parameter count P, the sampled dimension D (P, plus 1 when the noise is sampled). */
export async function bayesianMlpSpec(o: BayesianMlpOptions, inputDim: number): Promise<{ spec: LogPosteriorSpec; P: number; D: number; sampledNoise: boolean }> {
  const shape: MlpShape = { inputDim, widths: [...o.widths], activation: o.activation };
  const { layers: slots, size: P } = layout(shape);
  const priors = o.prior === 'gp-matched' ? await gpMatchedPriors(shape) : fanInPriors(slots, o.weightScale, o.biasVar, o.outputScale);
  const sampledNoise = o.noise === 'sampled';
  const noise = sampledNoise ? { kind: 'sampled' as const, priorMean: o.noisePriorMean, priorSd: o.noisePriorSd } : { kind: 'fixed' as const, variance: o.noise as number };
  return { spec: { shape, slots, paramCount: P, priors, noise }, P, D: P + (sampledNoise ? 1 : 0), sampledNoise };
}
