/**
 * Monte Carlo moments of a BNN prior's function draws, to compare with a GP prior: the marginal
 * variance Var f(x) and the correlation Corr(f(x), f(x + r·u)) at distance r (u a random unit
 * direction), averaged over random x in [0,1]^d (pairs whose second point leaves the box are redrawn).
 * For an RBF GP with variance σ² and lengthscale ℓ: σ² and exp(−r²/(2ℓ²)) (= 0.8825 at r = ℓ/2).
 */
import type { Rng } from '../../core/rng.js';
import type { LayerPrior } from './log-posterior.js';
import { forward, layout, toNetInput, type MlpShape } from './mlp.js';

/** Average marginal variance and pair correlation of prior functions (S networks × m pairs). */
export function priorFunctionStats(shape: MlpShape, priors: readonly LayerPrior[], r: number, rng: Rng, networks = 2000, pairs = 64): { variance: number; correlation: number } {
  const d = shape.inputDim;
  const { layers, size } = layout(shape);
  const A: Float64Array[] = [];
  const B: Float64Array[] = [];
  while (A.length < pairs) {
    const a = Float64Array.from({ length: d }, () => rng.uniform());
    const u = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...u);
    const b = a.map((v, k) => v + (r * u[k]) / norm);
    if (b.every((v) => v >= 0 && v <= 1)) {
      A.push(toNetInput(a));
      B.push(toNetInput(b));
    }
  }
  const fa = new Float64Array(networks * pairs);
  const fb = new Float64Array(networks * pairs);
  const theta = new Float64Array(size);
  for (let s = 0; s < networks; s++) {
    layers.forEach((sl, l) => {
      const sw = Math.sqrt(priors[l].weightVar);
      const sb = Math.sqrt(priors[l].biasVar);
      for (let k = 0; k < sl.fanIn * sl.fanOut; k++) theta[sl.wOffset + k] = sw * rng.normal();
      for (let k = 0; k < sl.fanOut; k++) theta[sl.bOffset + k] = sb * rng.normal();
    });
    for (let j = 0; j < pairs; j++) {
      fa[s * pairs + j] = forward(shape, layers, theta, 0, A[j]);
      fb[s * pairs + j] = forward(shape, layers, theta, 0, B[j]);
    }
  }
  // Per pair: variances and covariance over networks (prior mean is 0 by symmetry, but estimate it).
  let variance = 0;
  let correlation = 0;
  for (let j = 0; j < pairs; j++) {
    let ma = 0;
    let mb = 0;
    for (let s = 0; s < networks; s++) {
      ma += fa[s * pairs + j] / networks;
      mb += fb[s * pairs + j] / networks;
    }
    let va = 0;
    let vb = 0;
    let cab = 0;
    for (let s = 0; s < networks; s++) {
      const x = fa[s * pairs + j] - ma;
      const y = fb[s * pairs + j] - mb;
      va += x * x;
      vb += y * y;
      cab += x * y;
    }
    variance += (va + vb) / (2 * (networks - 1) * pairs);
    correlation += cab / Math.sqrt(va * vb) / pairs;
  }
  return { variance, correlation };
}
