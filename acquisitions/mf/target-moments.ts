import type { Matrix } from '../../core/matrix.js';
import { solveLowerMatrix } from '../../core/linalg/linalg.js';
import type { FittedSurrogate, TrainingData } from '../../surrogates/types.js';
import type { TargetMoments } from './mf-mes.js';

/**
 * What the multi-fidelity acquisitions read from an exact GP (surrogates/gp's FittedGp satisfies it
 * structurally; acquisitions may not import surrogate classes): the kernel at θ = params[0..size),
 * v = [θ, ln σ², c] with the noise/mean indices, the Cholesky factor and α of the training data.
 */
export interface ExactGpModel extends FittedSurrogate {
  readonly kernel: {
    readonly size: number;
    matrix(theta: Float64Array, X1: Matrix, X2: Matrix): Matrix;
    diag(theta: Float64Array, X: Matrix): Float64Array;
  };
  readonly params: Float64Array;
  readonly layout: { readonly noiseIndex: number; readonly meanIndex: number };
  readonly factor: { readonly L: Matrix; readonly alpha: Float64Array };
  readonly data: TrainingData;
  condition(X: Matrix, y: Float64Array): ExactGpModel;
}

/** Rows per block: bounds the m×m cross matrix built for the paired covariances. */
const CHUNK = 256;

/**
 * Joint posterior moments of f at the rows of Xs (as observed, with noise) and at their
 * target-level twins Xt (row i of Xt = row i of Xs with the fidelity set to the target):
 *   V_s = L⁻¹ K(X, Xs), V_t = L⁻¹ K(X, Xt)  (L: Cholesky of K_y, R&W 2006 eq. 2.26);
 *   μ = c + K(·, X) α;  var = k(x, x) − ‖v‖²;  cov_i = k(xs_i, xt_i) − v_s,i · v_t,i;
 *   varObserved = var_s + σ²_noise.
 * Xs, Xt: m×d in the model's input coordinates.
 */
export function targetMoments(model: ExactGpModel, Xs: Matrix, Xt: Matrix): TargetMoments {
  const m = Xs.rows;
  if (Xt.rows !== m || Xt.cols !== Xs.cols) throw new RangeError(`targetMoments: Xs ${m}×${Xs.cols}, Xt ${Xt.rows}×${Xt.cols}`);
  const out = {
    meanTarget: new Float64Array(m),
    varTarget: new Float64Array(m),
    varObserved: new Float64Array(m),
    cov: new Float64Array(m),
    meanObserved: new Float64Array(m),
  };
  const d = Xs.cols;
  const k = model.kernel;
  const theta = model.params.subarray(0, k.size);
  const Xtrain = model.data.X;
  const n = Xtrain.rows;
  const alpha = model.factor.alpha;
  // The constant mean c and the noise σ² read from the parameter vector [θ, ln σ², c].
  const c = model.params[model.layout.meanIndex];
  const noise = Math.exp(model.params[model.layout.noiseIndex]);
  for (let s = 0; s < m; s += CHUNK) {
    const e = Math.min(m, s + CHUNK);
    const b = e - s;
    const As = { rows: b, cols: d, data: Xs.data.subarray(s * d, e * d) };
    const At = { rows: b, cols: d, data: Xt.data.subarray(s * d, e * d) };
    const Ks = k.matrix(theta, Xtrain, As);
    const Kt = k.matrix(theta, Xtrain, At);
    const Vs = solveLowerMatrix(model.factor.L, Ks);
    const Vt = solveLowerMatrix(model.factor.L, Kt);
    const diagS = k.diag(theta, As);
    const diagT = k.diag(theta, At);
    const cross = k.matrix(theta, As, At);
    for (let j = 0; j < b; j++) {
      let muS = c;
      let muT = c;
      let qs = 0;
      let qt = 0;
      let qst = 0;
      for (let i = 0; i < n; i++) {
        muS += Ks.data[i * b + j] * alpha[i];
        muT += Kt.data[i * b + j] * alpha[i];
        const vs = Vs.data[i * b + j];
        const vt = Vt.data[i * b + j];
        qs += vs * vs;
        qt += vt * vt;
        qst += vs * vt;
      }
      out.meanObserved[s + j] = muS;
      out.meanTarget[s + j] = muT;
      out.varTarget[s + j] = Math.max(diagT[j] - qt, 1e-12);
      out.varObserved[s + j] = Math.max(diagS[j] - qs, 1e-12) + noise;
      out.cov[s + j] = cross.data[j * b + j] - qst;
    }
  }
  return out;
}
