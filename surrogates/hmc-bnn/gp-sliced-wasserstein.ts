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
import { bnnSamples, disposeScales, netInput, priorScales, ScaleAverage } from './bnn-prior-draws.js';
import { measurementSet, targetDraws, type GpPriorTarget } from './gp-prior-target.js';
import type { LayerPrior } from './log-posterior.js';
import type { MlpShape } from './mlp.js';
import { couplingTargets, randomDirections, sortedProjections } from './sliced-wasserstein.js';

/** Sizes of a sliced-Wasserstein run (defaults in brackets). */
export interface WassersteinMatchOptions {
  readonly target: GpPriorTarget;
  /** Adam steps [200]. */
  readonly iterations?: number;
  /** |X_M| [32]. */
  readonly measurementPoints?: number;
  /** Function draws per side and set [256]. */
  readonly functionSamples?: number;
  /** Projection directions K per set [64]. */
  readonly directions?: number;
  /** Fixed sets cycled through [4]. */
  readonly sets?: number;
  /** Adam learning rate on ρ [0.05]. */
  readonly learningRate?: number;
  /** ψ to start from (a previous match); default s = t = 1 in every layer. */
  readonly start?: readonly LayerPrior[];
}

/** Fits ψ; returns the per-layer priors and the SW₁ trace (one value per step, on that step's set). */
export async function fitWassersteinMatchedPriors(shape: MlpShape, rng: Rng, options: WassersteinMatchOptions): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const T = options.iterations ?? 200;
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 256;
  const K = options.directions ?? 64;
  const d = shape.inputDim;
  const psi = priorScales(shape, options.start);
  const opt = tf.train.adam(options.learningRate ?? 0.05);
  const avgFrom = Math.floor(0.75 * T);
  const average = new ScaleAverage(psi);
  const loss: number[] = [];
  const sets = Array.from({ length: options.sets ?? 4 }, () => {
    const X = measurementSet(options.target, M, rng);
    const gp = targetDraws(options.target, X, ns, rng);
    const dirs = randomDirections(M, K, rng);
    return { XM: netInput(X.data, M, d), dirs: tf.tensor2d(Float32Array.from(dirs), [M, K]), sortedGp: sortedProjections(gp, ns, M, dirs, K), seed: rng.int(2 ** 30) };
  });
  for (let t = 0; t < T; t++) {
    const { XM, dirs, sortedGp, seed } = sets[t % sets.length];
    tf.tidy(() => {
      const value = opt.minimize(
        () => {
          const P = tf.matMul(bnnSamples(psi, XM, ns, seed), dirs);
          // Reading P inside the closure is fine in eager mode: the coupling is a constant for the tape.
          const coupled = tf.tensor2d(couplingTargets(P.dataSync(), ns, K, sortedGp), [ns, K]);
          return tf.mean(tf.abs(tf.sub(P, coupled))) as tf.Scalar;
        },
        true,
        [...psi.rhoW, ...psi.rhoB],
      );
      loss.push(value!.dataSync()[0]);
    });
    if (t >= avgFrom) average.add();
    if (t % 25 === 0) await new Promise((r) => setImmediate(r));
  }
  const priors = average.priors();
  disposeScales(psi);
  sets.forEach((s) => [s.XM, s.dirs].forEach((v) => v.dispose()));
  opt.dispose();
  return { priors, loss };
}
