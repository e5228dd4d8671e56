/**
 * Does the multi-fidelity GP's inter-level correlation match the data? Fits the MF-GP the way
 * MfPolicy does (per-level standardized y, fidelity coordinate = cost / target cost) on a pool
 * problem's rows, with the linear truncated fidelity kernel (ADMIRE, biasScale on) and with the ICM
 * kernel, and prints the model's prior correlation corr(f(w, level), f(w, target)) averaged over the
 * target mixtures (also with the mixing-law prior's basis added, whose s_β·φφᵀ term is perfectly
 * correlated across levels), next to the measured Spearman and Pearson correlations of the runs that exist
 * at both levels (same mixture).
 *   npx tsx benchmarks/mixture/fidelity-correlation.ts [admire-ift|regmix-pile]
 */
import { levelStandardize } from '../../acquisitions/mf/level-transform.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { fitMfGp } from '../../surrogates/mf-gp/mf-gp.js';
import { levelCorrelations } from '../../surrogates/mf-gp/level-correlation.js';
import { mixingLawPrior } from '../../policy/mixing-law-prior.js';
import { admireIft, regmixPile } from './problems.js';

const problem = process.argv[2] === 'regmix-pile' ? regmixPile() : admireIft();
const space = createSearchSpace(problem.space);
const L = problem.costs.length;
const modelValue = problem.costs.map((c) => c / problem.costs[problem.target]!);
const fIndex = space.dim - 1; // the fidelity parameter is the last block (problems.ts)
const rows = problem.pool.map((p, i) => {
  const x = space.encode(p);
  x[fIndex] = modelValue[problem.poolLevel[i]!]!;
  return x;
});
const X = { rows: rows.length, cols: space.dim, data: Float64Array.from(rows.flatMap((r) => Array.from(r))) };
const y = levelStandardize(problem.poolValue, problem.poolLevel, L).z;

const key = (x: Float64Array) => Array.from(x.subarray(0, fIndex), (v) => v.toFixed(4)).join(',');
function ranks(v: number[]): number[] {
  const r = new Array<number>(v.length);
  [...v.keys()].sort((i, j) => v[i]! - v[j]!).forEach((i, k) => (r[i] = k));
  return r;
}
function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
/** The rows idx of X as a matrix. */
function pickRows(M: { rows: number; cols: number; data: Float64Array }, idx: readonly number[]) {
  return { rows: idx.length, cols: M.cols, data: Float64Array.from(idx.flatMap((i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)))) };
}
const targetRows = rows.flatMap((_, i) => (problem.poolLevel[i] === problem.target ? [i] : []));
for (let l = 0; l < L; l++) {
  if (l === problem.target) continue;
  const at = new Map(rows.flatMap((x, i) => (problem.poolLevel[i] === l ? [[key(x), problem.poolValue[i]!] as const] : [])));
  const pairs = targetRows.filter((i) => at.has(key(rows[i]!))).map((i) => [at.get(key(rows[i]!))!, problem.poolValue[i]!] as const);
  if (pairs.length < 3) {
    console.log(`measured ${problem.levelNames[l]} vs ${problem.levelNames[problem.target]}: ${pairs.length} shared mixtures (no measured correlation)`);
    continue;
  }
  const a = pairs.map((p) => p[0]);
  const b = pairs.map((p) => p[1]);
  console.log(`measured ${problem.levelNames[l]} vs ${problem.levelNames[problem.target]} on ${pairs.length} shared mixtures: Spearman ${pearson(ranks(a), ranks(b)).toFixed(3)}, Pearson ${pearson(a, b).toFixed(3)}`);
}
// The mixing-law prior's basis (the policy's default since issue 22), fitted on every lower-level row.
const law = mixingLawPrior(space, X, problem.poolLevel, y, problem.target);
for (const [kernel, basis] of [['linear-truncated', undefined], ['icm', undefined], ['linear-truncated', law.basis]] as const) {
  const t0 = performance.now();
  const fit = await fitMfGp({ X, y }, fIndex, { rng: createRng(1) }, { biasScale: true, kernel, levels: Float64Array.from(modelValue), target: problem.target, ...(basis ? { basis } : {}) });
  const theta = fit.params.slice(0, fit.layout.kernel.size);
  const k = fit.layout.kernel;
  const corr = levelCorrelations(k, theta, pickRows(X, targetRows), fIndex, modelValue, problem.target);
  console.log(`${kernel}${basis ? ' + mixing-law basis' : ''}: model correlation with the target ${problem.levelNames.map((n, l) => `${n} ${corr[l]!.toFixed(3)}`).join(', ')}; noise ${fit.noise.toPrecision(3)}; fit ${((performance.now() - t0) / 1000).toFixed(1)} s; ${JSON.stringify(k.natural(theta), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(3)) : v))}`);
}
