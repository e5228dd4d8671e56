/**
 * GP-matched BNN prior by second moments. Family and reparameterization: bnn-prior-draws.ts.
 * ψ minimizes, averaged over fixed measurement sets X_M (gp-prior-target.ts),
 *   L(ψ) = (‖Σ̂(ψ) − K‖²_F / M² + ‖diag(Σ̂(ψ) − K)‖² / M) / k̄²,
 * K = the target GP's covariance at X_M, k̄ its mean diagonal (so L does not depend on the amplitude),
 * the diagonal term weights the marginal variance, which the M² off-diagonal entries would outvote.
 * Σ̂ is the BNN's function covariance with the output layer integrated out in closed form
 * (Rao-Blackwellized: given the last hidden features Φ_s (M×H) of draw s, the output
 * f = Φ_s w + b with w ~ N(0, σ_W²/H·I), b ~ N(0, σ_b²) has covariance σ_W²/H·Φ_sΦ_sᵀ + σ_b²):
 *   Σ̂ = σ_W,L²/H · (1/n_s) Σ_s Φ_s Φ_sᵀ + σ_b,L²   (zero prior mean by sign symmetry).
 * For a zero-mean Gaussian process the covariance is the whole law, so this matches the Gaussian
 * part of the law; it needs no critic. Common random numbers (a sample-average approximation):
 * the sets and the weight noise are fixed and cycled, so the objective is deterministic in ψ and
 * Adam converges in a few hundred cheap steps; ψ is averaged over the last quarter of the steps.
 */
import type { Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import { disposeScales, hiddenFeatures, netInput, priorScales, ScaleAverage } from './bnn-prior-draws.js';
import { measurementSet, targetGram, type GpPriorTarget } from './gp-prior-target.js';
import type { LayerPrior } from './log-posterior.js';
import type { MlpShape } from './mlp.js';

/** Sizes of a moment-matching run (defaults in brackets). */
export interface MomentMatchOptions {
  readonly target: GpPriorTarget;
  /** Adam steps [200]. */
  readonly iterations?: number;
  /** |X_M| [32]. */
  readonly measurementPoints?: number;
  /** Hidden-feature draws per set [128]. */
  readonly functionSamples?: number;
  /** Fixed measurement sets cycled through [4]. */
  readonly sets?: number;
  /** Adam learning rate on ρ [0.05]. */
  readonly learningRate?: number;
  /** ψ to start from (a previous match); default s = t = 1 in every layer. */
  readonly start?: readonly LayerPrior[];
}

/** Fits ψ; returns the per-layer priors and the loss trace. */
export async function fitMomentMatchedPriors(shape: MlpShape, rng: Rng, options: MomentMatchOptions): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const T = options.iterations ?? 200;
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 128;
  const d = shape.inputDim;
  const psi = priorScales(shape, options.start);
  const Lc = psi.slots.length;
  const H = psi.slots[Lc - 1].fanIn;
  const opt = tf.train.adam(options.learningRate ?? 0.05);
  const avgFrom = Math.floor(0.75 * T);
  const average = new ScaleAverage(psi);
  const loss: number[] = [];
  const sets = Array.from({ length: options.sets ?? 4 }, () => {
    const X = measurementSet(options.target, M, rng);
    const K = targetGram(options.target, X);
    let amp = 0;
    for (let i = 0; i < M; i++) amp += K.data[i * M + i] / M;
    return { XM: netInput(X.data, M, d), K: tf.tensor2d(Float32Array.from(K.data), [M, M]), scale: 1 / (amp * amp), seed: rng.int(2 ** 30) };
  });
  const eye = tf.eye(M);
  for (let t = 0; t < T; t++) {
    const { XM, K, scale, seed } = sets[t % sets.length];
    tf.tidy(() => {
      const value = opt.minimize(
        () => {
          const phi = hiddenFeatures(psi, XM, ns, seed);
          const gram = tf.mean(tf.matMul(phi, phi, false, true), 0);
          const sW = tf.softplus(psi.rhoW[Lc - 1]);
          const sB = tf.softplus(psi.rhoB[Lc - 1]);
          const S = tf.add(tf.mul(gram, tf.div(tf.square(sW), H)), tf.square(sB));
          const E = tf.square(tf.sub(S, K));
          return tf.mul(tf.add(tf.mean(E), tf.div(tf.sum(tf.mul(E, eye)), M)), scale) as tf.Scalar;
        },
        true,
        [...psi.rhoW, ...psi.rhoB],
      );
      loss.push(value!.dataSync()[0]);
    });
    if (t >= avgFrom) average.add();
    // Yields so an abort or a worker's message handler can run between steps.
    if (t % 25 === 0) await new Promise((r) => setImmediate(r));
  }
  const priors = average.priors();
  disposeScales(psi);
  [eye, ...sets.flatMap((x) => [x.XM, x.K])].forEach((v) => v.dispose());
  opt.dispose();
  return { priors, loss };
}
