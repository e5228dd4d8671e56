/**
 * Full-size Monte Carlo check of the NNGP and NTK kernels (issue 4, "Must show"):
 *   NNGP: empirical output covariance of 2,000 random width-2,000 networks (layer-wise exact
 *         sampling, see wide-network.ts) against NetworkKernel, ReLU and erf, depth 1 and 3;
 *   NTK:  mean empirical gradient inner product of explicit width-2,000 networks (every weight drawn)
 *         against NetworkKernel; the NTK concentrates as width grows, so a few networks suffice.
 * Each entry's error is reported in standard errors: (K_ii K_jj + K_ij²)/M for the NNGP's sample
 * second moment, the between-network spread for the NTK.
 *
 * Run: npx tsx benchmarks/nngp/monte-carlo.ts [--width 2000] [--networks 2000] [--ntk-networks 16]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../../core/rng.js';
import { NetworkKernel } from '../../surrogates/nngp/network-kernel.js';
import { empiricalNngp, empiricalNtk, type Act } from './wide-network.js';

const { values } = parseArgs({ options: { width: { type: 'string', default: '2000' }, networks: { type: 'string', default: '2000' }, 'ntk-networks': { type: 'string', default: '16' } } });
const width = Number(values.width);
const networks = Number(values.networks);
const ntkNetworks = Number(values['ntk-networks']);

// The same four inputs and σ_w² = 2, σ_b² = 0.5 as test/surrogates/nngp/monte-carlo.test.ts.
const X = [
  [0.1, 0.5, 0.9],
  [0.8, 0.2, 0.4],
  [0.3, 0.3, 0.3],
  [0.95, 0.7, 0.05],
];
const m = X.length;
const Xm = { rows: m, cols: 3, data: Float64Array.from(X.flat()) };
const wVar = 2;
const bVar = 0.5;

interface Row {
  check: string;
  worstZ: number;
  worstRelative: number;
  seconds: number;
}
const rows: Row[] = [];

for (const act of ['relu', 'erf'] as Act[]) {
  for (const depth of [1, 3]) {
    const K = new NetworkKernel({ kind: 'nngp', activation: act, depth, dim: 3, fixed: { weightVar: wVar, biasVar: bVar } }).matrix(new Float64Array(0), Xm, Xm).data;
    let t0 = performance.now();
    const emp = empiricalNngp(X, act, depth, width, networks, wVar, bVar, createRng(1000 + depth));
    let worstZ = 0;
    let worstRel = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const se = Math.sqrt((K[i * m + i] * K[j * m + j] + K[i * m + j] ** 2) / networks);
        worstZ = Math.max(worstZ, Math.abs(emp[i * m + j] - K[i * m + j]) / se);
        worstRel = Math.max(worstRel, Math.abs(emp[i * m + j] - K[i * m + j]) / Math.abs(K[i * m + j]));
      }
    rows.push({ check: `NNGP ${act} depth ${depth}: ${networks} networks of width ${width}`, worstZ, worstRelative: worstRel, seconds: (performance.now() - t0) / 1000 });
    console.log(rows[rows.length - 1]);

    const T = new NetworkKernel({ kind: 'ntk', activation: act, depth, dim: 3, fixed: { weightVar: wVar, biasVar: bVar } }).matrix(new Float64Array(0), Xm, Xm).data;
    t0 = performance.now();
    const nets = empiricalNtk(X, act, depth, width, ntkNetworks, wVar, bVar, createRng(2000 + depth));
    worstZ = 0;
    worstRel = 0;
    for (let e = 0; e < m * m; e++) {
      const vals = nets.map((n) => n[e]);
      const mean = vals.reduce((a, b) => a + b, 0) / ntkNetworks;
      const se = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (ntkNetworks - 1) / ntkNetworks);
      worstZ = Math.max(worstZ, Math.abs(mean - T[e]) / se);
      worstRel = Math.max(worstRel, Math.abs(mean - T[e]) / Math.abs(T[e]));
    }
    rows.push({ check: `NTK ${act} depth ${depth}: ${ntkNetworks} networks of width ${width}`, worstZ, worstRelative: worstRel, seconds: (performance.now() - t0) / 1000 });
    console.log(rows[rows.length - 1]);
  }
}

console.log('\n| check | worst (abs. error / SE) over the 16 entries | worst relative error | seconds |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.check} | ${r.worstZ.toFixed(2)} | ${(100 * r.worstRelative).toFixed(2)}% | ${r.seconds.toFixed(0)} |`);
