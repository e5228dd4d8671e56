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
 * the sets and the weight noise are fixed and cycled (fitScales), so Adam converges in a few hundred
 * cheap steps.
 */
import type { Rng } from '../../core/rng.js';
import { tf } from '../neural/backend.js';
import { fitScales, hiddenFeatures, netInput, type ScaleFitOptions } from './bnn-prior-draws.js';
import { measurementSet, targetGram, type GpPriorTarget } from './gp-prior-target.js';
import type { LayerPrior } from './log-posterior.js';
import type { MlpShape } from './mlp.js';

/** A moment-matching run: the target, shared sizes, and hidden-feature draws per set [128]. */
export interface MomentMatchOptions extends ScaleFitOptions {
  readonly target: GpPriorTarget;
  readonly functionSamples?: number;
}

/** Fits ψ; returns the per-layer priors and the loss trace. */
export async function fitMomentMatchedPriors(shape: MlpShape, rng: Rng, options: MomentMatchOptions): Promise<{ priors: LayerPrior[]; loss: number[] }> {
  const M = options.measurementPoints ?? 32;
  const ns = options.functionSamples ?? 128;
  // The output layer's index (one per hidden layer before it) and its fan-in H.
  const out = shape.widths.length;
  const H = shape.widths[out - 1];
  const sets = Array.from({ length: options.sets ?? 4 }, () => {
    const X = measurementSet(options.target, M, rng);
    const K = targetGram(options.target, X);
    let amp = 0;
    for (let i = 0; i < M; i++) amp += K.data[i * M + i] / M;
    return { XM: netInput(X.data, M, shape.inputDim), K: tf.tensor2d(Float32Array.from(K.data), [M, M]), scale: 1 / (amp * amp), seed: rng.int(2 ** 30) };
  });
  const eye = tf.eye(M);
  try {
    return await fitScales(shape, options, sets, (psi, { XM, K, scale, seed }) => {
      const phi = hiddenFeatures(psi, XM, ns, seed);
      const gram = tf.mean(tf.matMul(phi, phi, false, true), 0);
      const S = tf.add(tf.mul(gram, tf.div(tf.square(tf.softplus(psi.rhoW[out])), H)), tf.square(tf.softplus(psi.rhoB[out])));
      const E = tf.square(tf.sub(S, K));
      return tf.mul(tf.add(tf.mean(E), tf.div(tf.sum(tf.mul(E, eye)), M)), scale) as tf.Scalar;
    });
  } finally {
    [eye, ...sets.flatMap((x) => [x.XM, x.K])].forEach((v) => v.dispose());
  }
}
