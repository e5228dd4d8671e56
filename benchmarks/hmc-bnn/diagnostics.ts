/**
 * Sampler diagnostics of the HMC-BNN surrogate over several seeds on the 1-D regression of
 * test/surrogates/hmc-bnn/diagnostics.test.ts (y = sin(6x) + N(0, 0.1²), n = 40, standardized):
 * worst split R-hat over 20 test points (4 chains), per-chain acceptance, 95% predictive coverage on
 * 200 held-out points, sampled noise variance / true. One JSON line per seed.
 * Run: npx tsx benchmarks/hmc-bnn/diagnostics.ts [seeds=8] ['{"widths":[20]}' options JSON]
 */
import { createRng } from '../../core/rng.js';
import { splitRhat } from '../../surrogates/hmc-bnn/hmc.js';
import { HmcBnnSurrogate } from '../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';

const seeds = Number(process.argv[2] ?? 8);
const opts = JSON.parse(process.argv[3] ?? '{"widths":[20]}');
const summary = { rhatOk: 0, acceptOk: 0, coverageOk: 0, all: 0 };
for (let seed = 1; seed <= seeds; seed++) {
  const rng = createRng(seed);
  const n = 40;
  const X = new Float64Array(n);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = rng.uniform();
    raw[i] = Math.sin(6 * X[i]) + 0.1 * rng.normal();
  }
  const mu = raw.reduce((a, b) => a + b) / n;
  const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
  const y = raw.map((v) => (v - mu) / sd);
  const t0 = performance.now();
  const model = await new HmcBnnSurrogate(opts).fit({ X: { rows: n, cols: 1, data: X }, y }, { rng: createRng(seed + 100) });
  const fitMs = performance.now() - t0;
  const dg = model.diagnostics() as { acceptRate: number[]; noiseVariance: number; chains: number; divergences: number };
  const m = 200;
  const Xt = new Float64Array(m);
  const yt = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    Xt[i] = rng.uniform();
    yt[i] = (Math.sin(6 * Xt[i]) + 0.1 * rng.normal() - mu) / sd;
  }
  const pred = model.posterior({ rows: m, cols: 1, data: Xt }, { observationNoise: true });
  const pm = pred.mean();
  const pv = pred.variance();
  let cov = 0;
  for (let i = 0; i < m; i++) if (Math.abs(yt[i] - pm[i]) <= 1.96 * Math.sqrt(pv[i])) cov++;
  const draws = (model.posterior({ rows: m, cols: 1, data: Xt }) as unknown as { memberMeans(): { rows: number; data: Float64Array } }).memberMeans();
  const C = dg.chains;
  const K = draws.rows / C;
  let worst = 0;
  for (let j = 0; j < m; j += 10) worst = Math.max(worst, splitRhat(Array.from({ length: C }, (_, c) => Array.from({ length: K }, (_, k) => draws.data[(k * C + c) * m + j]))));
  const acceptOk = dg.acceptRate.every((a) => a >= 0.6 && a <= 0.9);
  const coverage = cov / m;
  summary.rhatOk += worst < 1.05 ? 1 : 0;
  summary.acceptOk += acceptOk ? 1 : 0;
  summary.coverageOk += coverage >= 0.85 && coverage <= 0.99 ? 1 : 0;
  summary.all += worst < 1.05 && acceptOk && coverage >= 0.85 && coverage <= 0.99 ? 1 : 0;
  console.log(JSON.stringify({ seed, worstRhat: +worst.toFixed(3), accept: dg.acceptRate.map((a) => +a.toFixed(2)), coverage, noiseRatio: +(dg.noiseVariance / (0.01 / sd ** 2)).toFixed(2), divergences: dg.divergences, fitMs: Math.round(fitMs) }));
}
console.log(JSON.stringify({ options: opts, seeds, ...summary }));
