/**
 * GP-matched BNN prior by the Wasserstein method of Tran, Rossi, Milios, Filippone (2022, "All you
 * need is a good functional prior", seed-specs.md §5): ψ minimizes a 1-Wasserstein distance between
 * the laws of BNN and GP function values on measurement sets X_M. Family: bnn-prior-draws.ts; target
 * and X_M: gp-prior-target.ts.
 *
 * The paper estimates W₁ in Kantorovich-Rubinstein dual form with a Lipschitz critic (WGAN-GP),
 * re-trained at every outer step. Here the distance is the closed-form SLICED W₁
 * (sliced-wasserstein.ts): the mean over K random directions θ of the 1-D W₁ between the projected
 * samples, which on the line is the mean gap between sorted samples. Why: the critic is an inner
 * optimization whose estimate is noisy and biased at the step counts a fit can afford (this
 * repository's critic version, 300 outer × 5 critic steps, ~100 s CPU, ended at correlations
 * 0.92–0.99 and variances 0.5–2.5 across settings, benchmarks/hmc-bnn/RESULTS.md §4), while SW₁
 * needs no inner loop, is a metric on laws (zero only for equal laws as K → ∞), and with common
 * random numbers (fixed X_M, GP draws, directions and weight noise per set, cycled) the objective is
 * deterministic in ψ, so Adam converges like any sample-average problem.
 * Gradient: with the optimal (sorted) coupling held fixed, (1/(n_s K)) Σ |Pθ − T| has SW₁'s gradient
 * (couplingTargets); it flows into ψ through the reparameterized draws.
 */
import type { Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import { bnnSamples, fitScales, netInput, type ScaleFitOptions } from './bnn-prior-draws.js';
import { measurementSet, targetDraws, type GpPriorTarget } from './gp-prior-target.js';
import type { LayerPrior } from './log-posterior.js';
import type { MlpShape } from './mlp.js';
import { couplingTargets, randomDirections, sortedProjections } from './sliced-wasserstein.js';

/** A sliced-Wasserstein run: the target, shared sizes, function draws per side and set [256], directions K per set [64]. */
export interface WassersteinMatchOptions extends ScaleFitOptions {
  readonly target: GpPriorTarget;
  readonly functionSamples?: number;
  readonly directions?: number;
}

/** Fits ψ; returns the per-layer priors and the SW₁ trace (one value per step, on that step's set). */
export async function fitWassersteinMatchedPriors(shape: MlpShape, rng: Rng, options: WassersteinMatchOptions): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 256;
  const K = options.directions ?? 64;
  const sets = Array.from({ length: options.sets ?? 4 }, () => {
    const X = measurementSet(options.target, M, rng);
    const gp = targetDraws(options.target, X, ns, rng);
    const dirs = randomDirections(M, K, rng);
    return { XM: netInput(X.data, M, shape.inputDim), dirs: tf.tensor2d(Float32Array.from(dirs), [M, K]), sortedGp: sortedProjections(gp, ns, M, dirs, K), seed: rng.int(2 ** 30) };
  });
  try {
    return await fitScales(shape, options, sets, (psi, { XM, dirs, sortedGp, seed }) => {
      const P = tf.matMul(bnnSamples(psi, XM, ns, seed), dirs);
      // Reading P inside the closure is fine in eager mode: the coupling is a constant for the tape.
      const coupled = tf.tensor2d(couplingTargets(P.dataSync(), ns, K, sortedGp), [ns, K]);
      return tf.mean(tf.abs(tf.sub(P, coupled))) as tf.Scalar;
    });
  } finally {
    sets.forEach((s) => [s.XM, s.dirs].forEach((v) => v.dispose()));
  }
}
