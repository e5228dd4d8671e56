/**
 * The Bayesian MLP's log-posterior spec from a sampler's options: network layout, weight priors
 * (fan-in or GP-matched) and the noise model (fixed variance, or sampled as one extra coordinate).
 * HMC-BNN and SGHMC sample the same posterior, so both build it here. The GP matching runs inside
 * the fit, so in the service it runs on the compute plane's worker, never on the event loop.
 */
import { GpSurrogate } from '../gp/gp-surrogate.js';
import type { FitOptions, TrainingData } from '../types.js';
import { defaultGpTarget, fittedGpTarget, type GpPriorTarget } from './gp-prior-target.js';
import type { LogPosteriorSpec } from './log-posterior.js';
import { layout, type MlpShape } from './mlp.js';
import { fanInPriors, gpMatchedPriors, type PriorMatch } from './priors.js';

/** The option fields that define the posterior (HmcBnnOptions and BnnSghmcOptions both have them). */
export interface BayesianMlpOptions {
  readonly widths: readonly number[];
  readonly activation: MlpShape['activation'];
  readonly prior: 'fan-in' | 'gp-matched';
  readonly priorMatch?: PriorMatch;
  readonly priorTarget?: 'default-gp' | 'fitted-gp';
  readonly weightScale: number;
  readonly biasVar: number;
  readonly outputScale: number;
  readonly noise: number | 'sampled';
  readonly noisePriorMean: number;
  readonly noisePriorSd: number;
}

/** What a GP-matched prior was matched to, for the fit's diagnostics. */
export interface PriorMatchReport {
  readonly method: PriorMatch;
  readonly target: GpPriorTarget['kind'];
  readonly kernel: string;
  readonly hyperparameters: Record<string, number | number[]>;
  readonly finalLoss: number;
  readonly cached: boolean;
  /** Set when the fitted target could not be built and the default GP's prior was used instead. */
  readonly fallback?: string;
}

/** The spec, its parameter count P, the sampled dimension D (P, plus 1 when the noise is sampled), and the prior match. */
export async function bayesianMlpSpec(
  o: BayesianMlpOptions,
  data: TrainingData,
  fit: FitOptions,
  /** Replaces the options' target (benchmarks compare targets); not on the wire. */
  targetOverride?: (d: number) => GpPriorTarget,
): Promise<{ spec: LogPosteriorSpec; P: number; D: number; sampledNoise: boolean; priorMatch?: PriorMatchReport }> {
  const inputDim = data.X.cols;
  const shape: MlpShape = { inputDim, widths: [...o.widths], activation: o.activation };
  const { layers: slots, size: P } = layout(shape);
  let priors = fanInPriors(slots, o.weightScale, o.biasVar, o.outputScale);
  let priorMatch: PriorMatchReport | undefined;
  if (o.prior === 'gp-matched') {
    const method = o.priorMatch ?? 'moment';
    const { target, fallback } = targetOverride
      ? { target: targetOverride(inputDim), fallback: undefined }
      : o.priorTarget === 'fitted-gp'
        ? await fittedTarget(data, fit)
        : { target: defaultGpTarget(inputDim), fallback: undefined };
    const m = await gpMatchedPriors(shape, method, target);
    priors = m.priors;
    priorMatch = { method, target: target.kind, kernel: target.kernel.name, hyperparameters: target.natural, finalLoss: m.finalLoss, cached: m.cached, ...(fallback ? { fallback } : {}) };
  }
  const sampledNoise = o.noise === 'sampled';
  const noise = sampledNoise ? { kind: 'sampled' as const, priorMean: o.noisePriorMean, priorSd: o.noisePriorSd } : { kind: 'fixed' as const, variance: o.noise as number };
  return { spec: { shape, slots, paramCount: P, priors, noise }, P, D: P + (sampledNoise ? 1 : 0), sampledNoise, priorMatch };
}

/** The default GP fitted to the data (its own seeded stream split from the fit's); on failure the default target, said so. */
async function fittedTarget(data: TrainingData, fit: FitOptions): Promise<{ target: GpPriorTarget; fallback?: string }> {
  try {
    const gp = await new GpSurrogate().fit({ X: data.X, y: data.y, yVar: data.yVar }, { rng: fit.rng.split(), signal: fit.signal });
    return { target: fittedGpTarget(gp) };
  } catch (e) {
    return { target: defaultGpTarget(data.X.cols), fallback: `fitted-gp target unavailable (${(e as Error).message}); matched to the default GP's first start` };
  }
}
