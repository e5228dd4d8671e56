/**
 * Subset-of-data hyperparameter fits (surrogates/gp/fit-subset.ts) against the exact fit on all
 * rows: cold fit time, the full-data log posterior (lml + log prior) at the hyperparameters found,
 * and the RMSE of the posterior mean on held-out points, for n observations of a 30-weight
 * mixture space (the constrained-ask-latency space without constraints: 29 free coordinates).
 *   npx tsx benchmarks/gp-fit-subset.ts [n=600] [fitRows=128,256,all] [seed=1]
 * 'all' is the exact fit (fitRows ≥ n). The objective: a smooth mixing-law-like loss plus a bump
 * near one corner, so the lengthscales matter.
 */
import { createRng } from '../core/rng.js';
import { createSearchSpace } from '../core/search-space.js';
import { fitGp } from '../surrogates/gp/gp-fit.js';
import { GpOptions, resolveModelSpec } from '../surrogates/gp/gp-options.js';
import { factorize, logPrior } from '../surrogates/gp/gp-likelihood.js';
import { standardize } from '../core/standardize.js';

const n = Number(process.argv[2] ?? 600);
const variants = (process.argv[3] ?? '128,256,all').split(',');
const seed = Number(process.argv[4] ?? 1);
const K = 30;
const comps = Array.from({ length: K }, (_, i) => `d${i}`);
const space = createSearchSpace({ mix: { type: 'simplex', components: comps } });
const loss = (w: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += (1 + (i % 5)) * (w[i] - 1 / K) ** 2 * K;
  return Math.log(0.5 + s) - 0.3 * Math.exp(-40 * ((w[0] - 0.15) ** 2 + (w[1] - 0.1) ** 2));
};
const rng = createRng(seed);
const all = space.sample(n + 200, rng);
const d = space.dim;
const rowsOf = (a: number, b: number) => ({ rows: b - a, cols: d, data: all.data.slice(a * d, b * d) });
const wOf = (X: { rows: number; data: Float64Array }) =>
  Float64Array.from({ length: X.rows }, (_, i) => {
    const w = space.decode(X.data.subarray(i * d, (i + 1) * d)).mix as Record<string, number>;
    return loss(comps.map((c) => w[c]!));
  });
const Xtr = rowsOf(0, n);
const Xte = rowsOf(n, n + 200);
const raw = wOf(Xtr);
const z = standardize(raw);
const yte = wOf(Xte);
const data = { X: Xtr, y: z.y };

console.log('| n | hyperparameter rows | polish iterations | fit ms (wall) | fit ms (CPU) | evaluations | full-data log posterior | held-out RMSE (raw units) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const v of variants) {
  const fitRows = v === 'all' ? 1_000_000 : Number(v);
  const options = GpOptions.parse({ fitRows });
  const t = performance.now();
  const c0 = process.cpuUsage();
  const model = await fitGp(options, data, { rng: createRng(seed + 1) });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const f = factorize(model.layout, model.params, data);
  const lp = f.lml + logPrior(model.layout, { prior: resolveModelSpec(options, d).noisePrior, fixed: false }, model.params);
  const mu = model.posterior(Xte).mean();
  let se = 0;
  for (let i = 0; i < mu.length; i++) se += (mu[i] * z.std + z.mean - yte[i]) ** 2;
  const diag = model.diagnostics();
  console.log(`| ${n} | ${Math.min(n, fitRows)} | ${fitRows < n ? options.polishIterations : '–'} | ${ms.toFixed(0)} | ${cpuMs.toFixed(0)} | ${diag.evaluations} | ${lp.toFixed(2)} | ${Math.sqrt(se / mu.length).toPrecision(4)} |`);
}
