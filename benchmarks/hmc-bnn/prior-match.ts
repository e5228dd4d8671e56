/**
 * How well the GP-matched BNN priors match their target (surrogates/hmc-bnn/gp-prior-target.ts,
 * the default GP at its first start) and what the matching costs. Per input dimension and method:
 * CPU time of the match; on fresh measurement sets (seeds unused by the matching), float64 Monte
 * Carlo draws of the prior (prior-stats.ts) give the RMS gap between the sample covariance and the
 * kernel (next to the RMS Monte Carlo standard error), the mean marginal variance, the correlation
 * at distance ℓ/2 and ℓ, and the sliced W₁ to GP draws (sliced-wasserstein.ts). Rows 'unmatched'
 * (ψ's start, σ = 1 everywhere) and 'fan-in' (the surrogate's default prior) are the baselines.
 * Run: nice -n 10 npx tsx benchmarks/hmc-bnn/prior-match.ts --dims 2,6,10 --widths 50
 */
import { createRng } from '../../core/rng.js';
import { defaultGpTarget, measurementSet, meanLengthscale, targetDraws, targetGram, type GpPriorTarget } from '../../surrogates/hmc-bnn/gp-prior-target.js';
import type { LayerPrior } from '../../surrogates/hmc-bnn/log-posterior.js';
import { layout, type MlpShape } from '../../surrogates/hmc-bnn/mlp.js';
import { priorFunctionDraws, priorFunctionStats, zeroMeanCovariance } from '../../surrogates/hmc-bnn/prior-stats.js';
import { fanInPriors, matchGpPrior, type PriorMatch } from '../../surrogates/hmc-bnn/priors.js';
import { randomDirections, slicedWasserstein1 } from '../../surrogates/hmc-bnn/sliced-wasserstein.js';
import { provenance } from '../provenance.js';

/** Figures of one prior against its target. */
export interface PriorFit {
  readonly covRmsGap: number;
  readonly covRmsSe: number;
  readonly variance: number;
  readonly corrHalf: number;
  readonly corrOne: number;
  readonly sw1: number;
}

/** Matérn-5/2 with unit variance at distance r, lengthscale ℓ (closed form). */
export function matern52(r: number, ell: number): number {
  const z = (Math.sqrt(5) * r) / ell;
  return (1 + z + (z * z) / 3) * Math.exp(-z);
}

/** Evaluates a prior against the target on `sets` fresh measurement sets (seed 1000+). */
export function evaluatePrior(shape: MlpShape, priors: readonly LayerPrior[], target: GpPriorTarget, sets = 4, networks = 2000): PriorFit {
  const M = 16;
  const K = 128;
  let gap = 0;
  let se = 0;
  let sw = 0;
  let variance = 0;
  for (let t = 0; t < sets; t++) {
    const rng = createRng(1000 + t);
    const X = measurementSet(target, M, rng);
    const Kx = targetGram(target, X).data;
    const F = priorFunctionDraws(shape, priors, X, networks, rng);
    const c = zeroMeanCovariance(F, networks, M);
    for (let k = 0; k < M * M; k++) {
      gap += (c.cov[k] - Kx[k]) ** 2 / (M * M * sets);
      se += c.se[k] ** 2 / (M * M * sets);
    }
    for (let i = 0; i < M; i++) variance += c.cov[i * M + i] / (M * sets);
    const G = targetDraws(target, X, networks, rng);
    sw += slicedWasserstein1(F, G, networks, M, randomDirections(M, K, rng), K) / sets;
  }
  const ell = meanLengthscale(target);
  const half = priorFunctionStats(shape, priors, ell / 2, createRng(2000), networks);
  const one = priorFunctionStats(shape, priors, ell, createRng(2001), networks);
  return { covRmsGap: Math.sqrt(gap), covRmsSe: Math.sqrt(se), variance, corrHalf: half.correlation, corrOne: one.correlation, sw1: sw };
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const dims = arg('dims', '2,6,10').split(',').map(Number);
  const widths = arg('widths', '50').split(',').map(Number);
  console.log(JSON.stringify(await provenance()));
  console.log('| d | prior | match CPU s | final loss | cov RMS gap (MC se) | variance (GP 1) | corr ℓ/2 (GP) | corr ℓ (GP) | SW₁ to GP draws |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const d of dims) {
    const shape: MlpShape = { inputDim: d, widths, activation: 'tanh' };
    const target = defaultGpTarget(d);
    const ell = meanLengthscale(target);
    const slots = layout(shape).layers;
    const rows: [string, readonly LayerPrior[], string, string][] = [
      ['unmatched (σ = 1)', fanInPriors(slots, 1, 1, 1), '', ''],
      ['fan-in default (output σ² 4)', fanInPriors(slots, 1, 1, 4), '', ''],
    ];
    for (const method of ['moment', 'wasserstein'] as PriorMatch[]) {
      const c0 = process.cpuUsage();
      const m = await matchGpPrior(shape, { method, target });
      const cpu = process.cpuUsage(c0);
      rows.push([`gp-matched ${method}`, m.priors, ((cpu.user + cpu.system) / 1e6).toFixed(1), m.finalLoss.toPrecision(3)]);
    }
    for (const [name, priors, cpu, loss] of rows) {
      const f = evaluatePrior(shape, priors, target);
      console.log(
        `| ${d} | ${name} | ${cpu} | ${loss} | ${f.covRmsGap.toFixed(3)} (${f.covRmsSe.toFixed(3)}) | ${f.variance.toFixed(3)} | ${f.corrHalf.toFixed(3)} (${matern52(ell / 2, ell).toFixed(3)}) | ${f.corrOne.toFixed(3)} (${matern52(ell, ell).toFixed(3)}) | ${f.sw1.toFixed(3)} |`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
