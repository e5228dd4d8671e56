/**
 * The two kernels of the freeze-thaw GP (Swersky, Snoek & Adams 2014, "Freeze-Thaw Bayesian
 * Optimization", §3):
 * - over steps, the exponential-decay kernel k(t, t') = s_t · β^α / (t + t' + β)^α, the
 *   covariance of an infinite mixture of exponential decays exp(-λt) with λ ~ Gamma(α, β)
 *   (their eq. 6); its variance decays to 0 as t grows, so each curve converges to its asymptote;
 * - over configurations (rows in [0,1]^d), an isotropic Matérn-5/2 kernel
 *   k(x, x') = s_x (1 + √5 r + 5r²/3) exp(-√5 r), r = ‖x − x'‖ / ℓ, for the GP over asymptotes.
 */

/** Hyperparameters of the freeze-thaw GP, in the model's standardized units. */
export interface FreezeThawHyper {
  /** Prior mean of the asymptotes. */
  readonly mean: number;
  /** Amplitude s_x and lengthscale ℓ of the Matérn-5/2 kernel over configurations. */
  readonly configScale: number;
  readonly lengthscale: number;
  /** Amplitude s_t and shape α, rate β of the exponential-decay kernel over steps. */
  readonly decayScale: number;
  readonly alpha: number;
  readonly beta: number;
  /** Observation noise variance σ². */
  readonly noise: number;
}

/** k(t, t') of the exponential-decay kernel (Swersky et al. 2014, eq. 6), scaled by s_t. */
export function decayKernel(h: FreezeThawHyper, t: number, u: number): number {
  return h.decayScale * Math.exp(h.alpha * (Math.log(h.beta) - Math.log(t + u + h.beta)));
}

/** Matérn-5/2 kernel between two rows (isotropic lengthscale), scaled by s_x. */
export function configKernel(h: FreezeThawHyper, a: Float64Array, b: Float64Array): number {
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i] - b[i]) ** 2;
  const r = Math.sqrt(5 * d2) / h.lengthscale;
  return h.configScale * (1 + r + (r * r) / 3) * Math.exp(-r);
}
