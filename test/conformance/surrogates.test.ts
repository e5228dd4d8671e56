import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { HmcBnnSurrogate } from '../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import { NngpSurrogate } from '../../surrogates/nngp/nngp-surrogate.js';
import { StpSurrogate } from '../../surrogates/stp/stp-surrogate.js';
import { runSurrogateConformance } from './surrogate-conformance.js';

runSurrogateConformance("gp (preset 'botorch': RBF, BoTorch >= 0.12 priors)", () => new GpSurrogate({ preset: 'botorch' }));
runSurrogateConformance('gp (the default preset, DEFAULT_GP_PRESET: Matérn-5/2 + outputscale)', () => new GpSurrogate());
runSurrogateConformance('stp (NNGP base kernel)', () => new StpSurrogate());
runSurrogateConformance('stp (RBF base kernel)', () => new StpSurrogate({ kernel: 'rbf' }));
runSurrogateConformance('nngp (ReLU, depth 3, fitted σ)', () => new NngpSurrogate('nngp'));
runSurrogateConformance('nngp (erf, fixed σ_w² = 10, σ_b² = 1.3)', () => new NngpSurrogate('nngp', { activation: 'erf', weights: { weightVar: 10, biasVar: 1.3 } }));
runSurrogateConformance('ntk (ReLU, depth 3)', () => new NngpSurrogate('ntk'));
runSurrogateConformance('hmc-bnn (small: one hidden layer of 10, short chains)', () => new HmcBnnSurrogate({ widths: [10], warmup: 120, samplesPerChain: 30 }), { minCorrelation: 0.6 });
runSurrogateConformance('dkl (defaults)', () => new DklSurrogate());
