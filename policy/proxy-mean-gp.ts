/**
 * The GP proxy law of the 'proxy-mean' model (`proxyLaw: 'gp'`, or 'auto' when the design's runs
 * favour it; policy/proxy-law-choice.ts): the same regression as policy/proxy-mean.ts, the runs below
 * the target level's per-level standardized values on the mixture weights, with the service's
 * default GP (Matérn-5/2 ARD, MAP hyperparameters, constant mean) instead of a ridge, so a cheap
 * level that is nonlinear in the weights reaches the target model as it is. φ(x) is the GP's
 * posterior mean at x's features. Its gradient (unused in pool mode, where φ is only evaluated at
 * pool rows) is by central differences.
 */
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import type { BasisFunction } from '../surrogates/mf-gp/basis-kernel.js';
import { capabilitiesOf } from '../surrogates/capabilities.js';
import { GpSurrogate } from '../surrogates/gp/gp-surrogate.js';
import { isGaussian } from '../surrogates/types.js';
import { looLogDensities } from '../surrogates/auto/predictive-score.js';
import { MIN_PROXY_RUNS, proxyColumns, type ProxyMean } from './proxy-mean.js';

/** Step of the central differences of φ's gradient (features are weights in [0, 1]). */
const GRADIENT_STEP = 1e-5;

/** Fit the GP φ on the rows of X (encoded, n×d) whose level is not `target`, standardized values z; seeded. */
export async function fitGpProxyMean(space: SearchSpace, X: Matrix, level: readonly number[], z: ArrayLike<number>, target: number, fidelityIndex: number | undefined, seed: number): Promise<ProxyMean> {
  const cols = proxyColumns(space, fidelityIndex);
  const rows = level.flatMap((l, i) => (l !== target ? [i] : []));
  if (rows.length < MIN_PROXY_RUNS || cols.length === 0) throw new RangeError(`fitGpProxyMean: ${rows.length} runs below the target, need ${MIN_PROXY_RUNS}`);
  const p = cols.length;
  const F: Matrix = { rows: rows.length, cols: p, data: Float64Array.from(rows.flatMap((r) => cols.map((c) => X.data[r * X.cols + c]))) };
  const y = Float64Array.from(rows, (r) => z[r]);
  const gp = await new GpSurrogate().fit({ X: F, y }, { rng: createRng(seed) });
  const at = (f: Float64Array) => gp.posterior({ rows: 1, cols: p, data: f }).mean()[0];
  const features = (x: ArrayLike<number>) => Float64Array.from(cols, (c) => x[c]);
  const basis: BasisFunction = {
    value: (x) => at(features(x)),
    gradient: (x) => {
      const g = new Float64Array(X.cols);
      const f = features(x);
      cols.forEach((c, j) => {
        const up = f.slice();
        const down = f.slice();
        up[j] += GRADIENT_STEP;
        down[j] -= GRADIENT_STEP;
        g[c] = (at(up) - at(down)) / (2 * GRADIENT_STEP);
      });
      return g;
    },
  };
  const covariance = (rows: readonly ArrayLike<number>[]): Matrix => {
    const post = gp.posterior({ rows: rows.length, cols: p, data: Float64Array.from(rows.flatMap((x) => Array.from(features(x)))) }, { observationNoise: true });
    if (!isGaussian(post)) throw new TypeError('fitGpProxyMean: the GP posterior is not Gaussian');
    return post.covariance();
  };
  const gapSd = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    const post = gp.posterior({ rows: 2, cols: p, data: Float64Array.from([...features(a), ...features(b)]) });
    if (!isGaussian(post)) throw new TypeError('fitGpProxyMean: the GP posterior is not Gaussian');
    const C = post.covariance().data;
    return Math.sqrt(Math.max(0, C[0] + C[3] - 2 * C[1]));
  };
  const loo = capabilitiesOf(gp).leaveOneOut!();
  let sse = 0;
  for (let i = 0; i < y.length; i++) sse += (y[i] - loo.mean[i]) ** 2;
  const logLik = looLogDensities(loo, y).reduce((a, b) => a + b, 0) / y.length;
  return { basis, runs: rows.length, looRmse: Math.sqrt(sse / y.length), looLogLik: logLik, covariance, gapSd };
}
