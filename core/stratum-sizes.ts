/**
 * Stratified allocation of S Monte Carlo draws to K weighted members (a weighted mixture's draws,
 * Cochran 1977 "Sampling Techniques" §5.5, proportional allocation): S_k ≈ w_k·S by largest
 * remainder, every member with w_k > 0 at least one draw (a stratum with no draw would drop its
 * member from the estimate), Σ S_k = S. Needs S ≥ the number of members with positive weight.
 */
export function stratumSizes(weights: ArrayLike<number>, S: number): Int32Array {
  const K = weights.length;
  const positive = Array.from({ length: K }, (_, k) => weights[k] > 0);
  const members = positive.filter(Boolean).length;
  if (members === 0) throw new RangeError('stratumSizes: no member has positive weight');
  if (S < members) throw new RangeError(`stratumSizes: ${S} draws cannot cover ${members} members`);
  let total = 0;
  for (let k = 0; k < K; k++) total += positive[k] ? weights[k] : 0;
  const sizes = new Int32Array(K);
  const remainder = new Float64Array(K).fill(-Infinity);
  let used = 0;
  for (let k = 0; k < K; k++) {
    if (!positive[k]) continue;
    const exact = (weights[k] / total) * S;
    sizes[k] = Math.max(1, Math.floor(exact));
    remainder[k] = exact - Math.floor(exact);
    used += sizes[k];
  }
  // Hand out what is left by largest remainder; take back (from the largest strata) what the floor of 1 overspent.
  const order = [...sizes.keys()].filter((k) => positive[k]).sort((a, b) => remainder[b] - remainder[a] || a - b);
  for (let r = 0; used < S; r = (r + 1) % order.length, used++) sizes[order[r]]++;
  while (used > S) {
    let big = -1;
    for (let k = 0; k < K; k++) if (sizes[k] > 1 && (big < 0 || sizes[k] > sizes[big])) big = k;
    sizes[big]--;
    used--;
  }
  return sizes;
}
