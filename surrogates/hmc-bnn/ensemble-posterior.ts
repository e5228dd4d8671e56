/**
 * Posterior represented by S equally weighted function draws (kept HMC networks): a mixture whose
 * components are the draws, optionally each blurred by Gaussian observation noise.
 * values: S×m (draw s at row j). Mean/variance are the mixture moments; a joint sample picks one
 * random draw (so its values at all rows come from the same network): members() is that law as an
 * ensemble posterior, which the multi-outcome acquisitions draw from on fixed base samples.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { GaussianEnsemblePosterior } from '../ensemble.js';
import type { MixturePosterior } from '../types.js';

export class EnsemblePosterior implements MixturePosterior {
  readonly kind = 'mixture' as const;
  readonly size: number;
  private readonly draws: number;

  /** noiseVar: per-draw observation noise variance added to every row (0 for the latent f). */
  constructor(
    private readonly values: Matrix,
    private readonly noiseVar: Float64Array,
  ) {
    this.size = values.cols;
    this.draws = values.rows;
  }

  mean(): Float64Array {
    const { rows: S, cols: m, data } = this.values;
    const out = new Float64Array(m);
    for (let s = 0; s < S; s++) for (let j = 0; j < m; j++) out[j] += data[s * m + j];
    for (let j = 0; j < m; j++) out[j] /= S;
    return out;
  }

  variance(): Float64Array {
    const { rows: S, cols: m, data } = this.values;
    const mu = this.mean();
    let noise = 0;
    for (let s = 0; s < S; s++) noise += this.noiseVar[s] / S;
    const out = new Float64Array(m);
    for (let s = 0; s < S; s++) for (let j = 0; j < m; j++) out[j] += (data[s * m + j] - mu[j]) ** 2;
    for (let j = 0; j < m; j++) out[j] = out[j] / S + noise;
    return out;
  }

  sample(count: number, rng: Rng): Matrix {
    const m = this.size;
    const out = new Float64Array(count * m);
    for (let c = 0; c < count; c++) {
      const s = rng.int(this.draws);
      const sd = Math.sqrt(this.noiseVar[s]);
      for (let j = 0; j < m; j++) out[c * m + j] = this.values.data[s * m + j] + (sd > 0 ? sd * rng.normal() : 0);
    }
    return { rows: count, cols: m, data: out };
  }

  /** The draws as ensemble members (member s: f_s at every row, variance σ_s² or 0): the same joint law as sample(). */
  members(): GaussianEnsemblePosterior {
    const { rows: S, cols: m } = this.values;
    const variances = new Float64Array(S * m);
    for (let s = 0; s < S; s++) variances.fill(this.noiseVar[s], s * m, (s + 1) * m);
    return new GaussianEnsemblePosterior(this.values, { rows: S, cols: m, data: variances });
  }

  /** The underlying draws (S×m), for tests and diagnostics such as R-hat on predictions (named as the ensemble form's). */
  memberMeans(): Matrix {
    return this.values;
  }
}
