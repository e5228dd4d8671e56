/**
 * Effective samples per gradient evaluation of warm-started HMC-BNN fits, the figure that sizes a
 * warm ask (leapfrog steps × kept samples). Hartmann6 data (d = 6, standardized), default network;
 * a cold fit at n gives the state, then each leapfrog length L continues from that state after one
 * new observation (step size re-adapted for `warmWarmup` iterations, mass matrix kept), keeps
 * `--samples` states per chain (thin 1), and reports the multi-chain ESS (surrogates/hmc-bnn/ess.ts)
 * of f at 20 random test points: median and minimum over points, per 1,000 chain-gradients of the
 * sampling phase, and worst split R-hat. One JSON line per (n, L).
 * Run: npx tsx benchmarks/hmc-bnn/ess-per-grad.ts [--n 30,100] [--leapfrog 5,10,20,40] [--samples 100] [--seed 1] [--options '{}']
 */
import { parseArgs } from 'node:util';
import { createRng } from '../../core/rng.js';
import { effectiveSampleSize } from '../../surrogates/hmc-bnn/ess.js';
import { splitRhat } from '../../surrogates/hmc-bnn/hmc.js';
import { HmcBnnSurrogate } from '../../surrogates/hmc-bnn/hmc-bnn-surrogate.js';
import { getProblem } from '../problems/all.js';

const { values: a } = parseArgs({
  options: {
    n: { type: 'string', default: '30,100' },
    leapfrog: { type: 'string', default: '5,10,20,40' },
    samples: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    options: { type: 'string', default: '{}' },
  },
});
const prob = getProblem('hartmann6');
const d = 6;
const seed = Number(a.seed);
const samples = Number(a.samples);
const base = JSON.parse(a.options!);
const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];

for (const n of a.n!.split(',').map(Number)) {
  const rng = createRng(seed);
  const X = Float64Array.from({ length: (n + 1) * d }, () => rng.uniform());
  const raw = Array.from({ length: n + 1 }, (_, i) => -prob.f(X.subarray(i * d, i * d + d)));
  const mu = raw.slice(0, n).reduce((s, v) => s + v) / n;
  const sd = Math.sqrt(raw.slice(0, n).reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1));
  const y = Float64Array.from(raw, (v) => (v - mu) / sd);
  const m = 20;
  const Xt = { rows: m, cols: d, data: Float64Array.from({ length: m * d }, () => rng.uniform()) };
  const cold = await new HmcBnnSurrogate(base).fit({ X: { rows: n, cols: d, data: X.subarray(0, n * d) }, y: y.subarray(0, n) }, { rng: createRng(seed + 1) });
  const state = JSON.parse(JSON.stringify(cold.state()));
  for (const L of a.leapfrog!.split(',').map(Number)) {
    const surrogate = new HmcBnnSurrogate({ ...base, warmLeapfrog: L, warmSamplesPerChain: samples, warmThin: 1 });
    const t0 = performance.now();
    const model = await surrogate.fit({ X: { rows: n + 1, cols: d, data: X }, y }, { rng: createRng(seed + 2), warmStart: state });
    const ms = performance.now() - t0;
    const dg = model.diagnostics() as { chains: number; acceptRate: number[]; gradientEvaluations: number; divergences: number; stepSize: number[] };
    const C = dg.chains;
    const values = (model.posterior(Xt) as unknown as { memberMeans(): { rows: number; data: Float64Array } }).memberMeans();
    const K = values.rows / C;
    const ess: number[] = [];
    let rhat = 0;
    for (let j = 0; j < m; j++) {
      const chains = Array.from({ length: C }, (_, c) => Float64Array.from({ length: K }, (_, k) => values.data[(k * C + c) * m + j]));
      ess.push(effectiveSampleSize(chains));
      rhat = Math.max(rhat, splitRhat(chains));
    }
    // Sampling-phase gradients: K proposals per chain of on average ≈ 0.875·L leapfrog steps.
    const samplingGrads = K * C * (Math.ceil(0.75 * L) + L) / 2;
    console.log(JSON.stringify({
      n, leapfrog: L, kept: K * C, essMedian: +median(ess).toFixed(1), essMin: +Math.min(...ess).toFixed(1),
      essPer1kGrads: +((1000 * median(ess)) / samplingGrads).toFixed(2), worstRhat: +rhat.toFixed(3),
      accept: dg.acceptRate.map((v) => +v.toFixed(2)), divergences: dg.divergences, fitMs: Math.round(ms), gradEvals: dg.gradientEvaluations,
    }));
  }
}
