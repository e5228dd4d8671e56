import { BoError, invalidArgument } from '../../core/errors.js';
import type { FitOptions, Surrogate, TrainingData } from '../types.js';
import { fitGpModel } from './gp-fit.js';
import { fitRobustGp } from './robust-fit.js';
import type { FittedGp } from './fitted-gp.js';
import { GpOptions, resolveModelSpec, type GpOptionsInput } from './gp-options.js';
import type { Kernel } from './kernel.js';

export { GpOptions, type GpOptionsInput } from './gp-options.js';
export { FittedGp, fittedGpFromHyperparameters, type FixedGpHyperparameters } from './fitted-gp.js';

/** Swap the kernel (NNGP/NTK, deep kernel...) while keeping the GP's mean, noise, fit and posterior. */
export interface GpKernelExtension {
  /** Kind reported by the surrogate, its fitted models and states (default 'gp'). */
  readonly kind?: string;
  /** Builds the kernel (with its hyperpriors) for inputs of dimension d; replaces options.kernel/outputscale. */
  readonly kernel: (dim: number) => Kernel;
}

/**
 * Exact GP surrogate (kind 'gp'): constant mean, Gaussian noise (plus known yVar; with likelihood
 * 'robust', plus sparse per-row outlier variances, robust-fit.ts), an ARD kernel,
 * MAP hyperparameters under BoTorch's priors (see GpOptions), float64 throughout.
 */
export class GpSurrogate implements Surrogate {
  readonly kind: string;
  readonly options: GpOptions;

  constructor(
    options: GpOptionsInput = {},
    private readonly extension?: GpKernelExtension,
  ) {
    this.kind = extension?.kind ?? 'gp';
    const parsed = GpOptions.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidArgument(['surrogateOptions', ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))], issue?.message ?? 'invalid GP options');
    }
    this.options = parsed.data;
  }

  async fit(data: TrainingData, options: FitOptions): Promise<FittedGp> {
    validate(data);
    try {
      const spec = resolveModelSpec(this.options, data.X.cols);
      const kernel = this.extension ? this.extension.kernel(data.X.cols) : spec.kernel;
      const fitter = this.options.likelihood === 'robust' ? fitRobustGp : fitGpModel;
      return await fitter({ ...spec, kernel }, this.options, data, options, this.kind);
    } catch (e) {
      if (e instanceof BoError) throw e;
      throw new BoError('INTERNAL', `gp fit failed: ${(e as Error).message}`);
    }
  }
}

function validate(data: TrainingData): void {
  const { X, y, yVar } = data;
  if (X.rows < 1) throw invalidArgument(['X'], 'gp: need at least one observation');
  if (X.cols < 1) throw invalidArgument(['X'], 'gp: need at least one input dimension');
  if (X.data.length !== X.rows * X.cols) throw invalidArgument(['X'], `gp: X data has ${X.data.length} entries for ${X.rows}×${X.cols}`);
  if (y.length !== X.rows) throw invalidArgument(['y'], `gp: y has ${y.length} entries, X has ${X.rows} rows`);
  if (yVar && yVar.length !== X.rows) throw invalidArgument(['yVar'], `gp: yVar has ${yVar.length} entries, X has ${X.rows} rows`);
  for (let i = 0; i < X.data.length; i++) if (!Number.isFinite(X.data[i])) throw invalidArgument(['X'], 'gp: X has a non-finite entry');
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw invalidArgument(['y'], 'gp: y has a non-finite entry');
  if (yVar) for (let i = 0; i < yVar.length; i++) if (!(yVar[i] >= 0 && Number.isFinite(yVar[i]))) throw invalidArgument(['yVar'], 'gp: yVar must be finite and >= 0');
}
