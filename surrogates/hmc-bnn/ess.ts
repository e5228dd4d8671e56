/**
 * Effective sample size of one scalar over several chains (BDA3 §11.5; Stan's estimator): the
 * combined autocorrelation ρ_t = 1 − (W − mean_c acov_c(t)) / var⁺ is summed over lags with Geyer's
 * initial positive sequence (pairs ρ_{2k} + ρ_{2k+1} kept while positive, made monotone), and
 * ESS = m·n / (−1 + 2 Σ_k P_k). Used to choose leapfrog lengths and kept-sample counts per gradient.
 */

/** chains[c][k]: draw k of chain c (all chains the same length ≥ 4). */
export function effectiveSampleSize(chains: ArrayLike<number>[]): number {
  const m = chains.length;
  const n = Math.min(...chains.map((c) => c.length));
  if (m < 1 || n < 4) return Number.NaN;
  const means = chains.map((c) => mean(c, n));
  const acov = chains.map((c, i) => autocovariance(c, n, means[i]));
  // W: mean within-chain variance (unbiased); var⁺ adds the between-chain part when m > 1.
  const W = acov.reduce((a, ac) => a + (ac[0] * n) / (n - 1), 0) / m;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const B = m > 1 ? (n / (m - 1)) * means.reduce((a, mu) => a + (mu - grand) ** 2, 0) : 0;
  const varPlus = ((n - 1) / n) * W + B / n;
  if (!(varPlus > 0)) return Number.NaN;
  const rho = (t: number) => 1 - (W - acov.reduce((a, ac) => a + ac[t], 0) / m) / varPlus;
  // Geyer: Γ_k = ρ_{2k} + ρ_{2k+1}, truncated at the first non-positive pair, then made non-increasing.
  let sum = 0;
  let prev = Infinity;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = rho(2 * k) + rho(2 * k + 1);
    if (!(pair > 0)) break;
    if (pair > prev) pair = prev;
    prev = pair;
    sum += pair;
  }
  const tau = -1 + 2 * sum;
  return (m * n) / Math.max(tau, 1 / Math.log10(m * n));
}

function mean(x: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

/** Biased autocovariance (divide by n) at lags 0..n−1, as in Stan: it keeps the sequence positive definite. */
function autocovariance(x: ArrayLike<number>, n: number, mu: number): Float64Array {
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i] - mu) * (x[i + t] - mu);
    out[t] = s / n;
  }
  return out;
}
