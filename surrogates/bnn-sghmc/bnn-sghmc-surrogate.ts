/**
 * Surrogate 'bnn-sghmc': the HMC-BNN's Bayesian MLP (same priors, likelihood and noise model)
 * sampled with scale-adapted SGHMC (sghmc.ts, Springenberg et al. 2016) on minibatch gradients
 * (minibatch-gradient.ts) instead of full-batch HMC with Metropolis corrections: cheaper per kept
 * network, at the price of a discretization bias. Each chain starts from its own prior draw; kept
 * states after burn-in (thinned) are the ensemble members, exactly as the HMC-BNN's kept draws
 * (FittedHmcBnn: the ensemble posterior, or its moment-matched form with posterior: 'moment-matched').
 * Warm start: chains continue from their last states and preconditioners with a short burn-in.
 */
import { BoError } from '../../core/errors.js';
import { FittedHmcBnn } from '../hmc-bnn/fitted-hmc-bnn.js';
import { drawInit } from '../hmc-bnn/hmc-bnn-surrogate.js';
import { toNetInput } from '../hmc-bnn/mlp.js';
import { bayesianMlpSpec } from '../hmc-bnn/bayesian-mlp-spec.js';
import { decodeF64, encodeF64 } from '../hmc-bnn/state-codec.js';
import type { FitOptions, FittedSurrogate, Surrogate, TrainingData } from '../types.js';
import { BnnSghmcOptions, type BnnSghmcOptionsInput } from './bnn-sghmc-options.js';
import { minibatchGradient } from './minibatch-gradient.js';
import { runSghmc } from './sghmc.js';

export { BnnSghmcOptions, type BnnSghmcOptionsInput } from './bnn-sghmc-options.js';

/** The Bayesian MLP surrogate sampled by SGHMC. */
export class BnnSghmcSurrogate implements Surrogate {
  readonly kind = 'bnn-sghmc';
  readonly options: BnnSghmcOptions;

  constructor(options: BnnSghmcOptionsInput = {}) {
    const parsed = BnnSghmcOptions.safeParse(options);
    if (!parsed.success) throw new BoError('INVALID_ARGUMENT', `bnn-sghmc options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedSurrogate> {
    const o = this.options;
    const t0 = Date.now();
    const { spec, P, D, sampledNoise, priorMatch } = await bayesianMlpSpec(o, data, fit);
    const { shape, slots, priors } = spec;
    const Xn = toNetInput(data.X.data);
    const C = o.chains;
    const warm = readWarm(fit.warmStart, C, D);
    const init = warm ? warm.last : drawInit(slots, priors, C, D, sampledNoise ? o.noisePriorMean : null, fit.rng);
    const deadline = o.timeBudgetMs !== undefined ? t0 + o.timeBudgetMs : undefined;
    const kept: Float64Array[] = [];
    const last = new Float64Array(C * D);
    const vHat = new Float64Array(C * D);
    let steps = 0;
    let stoppedEarly = false;
    for (let c = 0; c < C; c++) {
      const chainRng = fit.rng.split();
      const grad = minibatchGradient(spec, Xn, data.y, o.batchSize, chainRng.split());
      const r = runSghmc(grad, init.slice(c * D, (c + 1) * D), {
        stepSize: o.stepSize,
        friction: o.friction,
        burnIn: warm ? o.warmBurnIn : o.burnIn,
        samples: o.samplesPerChain,
        thin: o.thin,
        rng: chainRng,
        squaredGradient: warm ? warm.vHat.slice(c * D, (c + 1) * D) : undefined,
        signal: fit.signal,
        deadline,
      });
      kept.push(...r.kept);
      last.set(r.last, c * D);
      vHat.set(r.squaredGradient, c * D);
      steps += r.steps;
      stoppedEarly ||= r.stoppedEarly;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const finite = kept.filter((t) => t.every(Number.isFinite));
    if (finite.length === 0) throw new BoError('DEADLINE_EXCEEDED', 'bnn-sghmc: no finite samples kept within the time budget');
    const draws = new Float64Array(finite.length * D);
    finite.forEach((t, s) => draws.set(t, s * D));
    const noiseVar = new Float64Array(finite.length);
    let meanNoise = 0;
    for (let s = 0; s < finite.length; s++) {
      noiseVar[s] = sampledNoise ? Math.exp(draws[s * D + P]) : (o.noise as number);
      meanNoise += noiseVar[s] / finite.length;
    }
    const state = Object.freeze({ kind: 'bnn-sghmc', version: 1, width: D, chains: C, last: encodeF64(last), vHat: encodeF64(vHat) });
    return new FittedHmcBnn(
      shape,
      slots,
      D,
      { rows: finite.length, cols: D, data: draws },
      noiseVar,
      state,
      {
        sampler: 'sghmc',
        prior: o.prior,
        ...(priorMatch ? { priorMatch } : {}),
        noiseVariance: meanNoise,
        kept: finite.length,
        discardedNonFinite: kept.length - finite.length,
        chains: C,
        steps,
        batchSize: Math.min(o.batchSize, data.y.length),
        warmStart: warm !== null,
        stoppedEarly,
        fitMs: Date.now() - t0,
        posterior: o.posterior,
      },
      o.posterior,
      'bnn-sghmc',
    );
  }
}

/** The previous chains' last states and V̂ when they fit this run (same chains and width), else null. */
function readWarm(s: FitOptions['warmStart'], C: number, D: number): { last: Float64Array; vHat: Float64Array } | null {
  if (!s || s.kind !== 'bnn-sghmc' || s.version !== 1 || s.width !== D || s.chains !== C) return null;
  const last = decodeF64(s.last);
  const vHat = decodeF64(s.vHat);
  if (!last || !vHat || last.length !== C * D || vHat.length !== C * D) return null;
  if (!last.every(Number.isFinite) || !vHat.every((v) => Number.isFinite(v) && v >= 0)) return null;
  return { last, vHat };
}
