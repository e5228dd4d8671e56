/**
 * Mann-Whitney U test (Wilcoxon rank-sum), two-sided and one-sided, with the normal approximation,
 * tie correction and continuity correction (the asymptotic method of scipy.stats.mannwhitneyu):
 * U1 = R1 − n1(n1+1)/2 with midranks for ties, μ = n1·n2/2,
 * σ² = n1·n2/12 · ((n+1) − Σ(t³ − t)/(n(n−1))), z = (U1 − μ ∓ ½)/σ.
 * Infinite values (runs that never reached the target: "> cap") rank as ties at the top.
 */
import { normalCdf } from '../core/normal.js';

/** U statistic of the first sample and p-value for the alternative. */
export interface MannWhitney {
  readonly u: number;
  readonly p: number;
}

/** `less`: the first sample tends to be smaller (e.g. cheaper). */
export function mannWhitneyU(a: readonly number[], b: readonly number[], alternative: 'two-sided' | 'less' | 'greater' = 'two-sided'): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU: empty sample');
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => (x.v === y.v ? 0 : x.v < y.v ? -1 : 1));
  const n = n1 + n2;
  let r1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]!.first) r1 += rank;
    i = j + 1;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { u, p: 1 };
  if (alternative === 'two-sided') {
    const z = (Math.abs(u - mu) - 0.5) / sigma;
    return { u, p: Math.min(1, 2 * normalCdf(-Math.max(z, 0))) };
  }
  // 'greater': U1 large; 'less': U1 small.
  const z = alternative === 'greater' ? (u - mu - 0.5) / sigma : (mu - u - 0.5) / sigma;
  return { u, p: normalCdf(-z) };
}
