/**
 * Held-out NLL of the PFN against exact GPs on datasets from the PFN's own training prior (issue #8
 * "Must show"). Per dataset: d ~ U{1..maxDim}, n ~ U{minN..maxN} context points and `queries`
 * held-out points from benchmarks/pfn/gp-prior.ts (numbers from the manifest's prior block).
 * Mean NLL per held-out point, in the ORIGINAL y units, of:
 *  (a) pfn: PfnSurrogate on the raw y (it normalizes internally; bar density in y units);
 *  (b) gp-map: our GpSurrogate, Matérn-ν ARD + outputscale (preset botorch-legacy, kernel matched
 *      to the prior's ν), MAP hyperparameters fitted per dataset on standardized y (sample std);
 *      Gaussian predictive with the fitted noise, NLL + log(std) (Jacobian back to y units);
 *  (c) gp-true: exact zero-mean GP with the dataset's true hyperparameters (and true noise).
 * Reports the mean ± standard error over datasets and the paired differences.
 *
 * Usage: npx tsx benchmarks/pfn/nll-eval.ts [--datasets 1000] [--queries 20] [--seed 1]
 *          [--min-n 2] [--max-n 50] [--weights DIR] [--out benchmarks/results/pfn-nll] [--no-map]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cholSolve, choleskyWithJitter, solveLower } from '../../core/linalg/linalg.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng, deriveSeed } from '../../core/rng.js';
import { standardize } from '../../core/standardize.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { ensureTensorBackend } from '../../surrogates/neural/backend.js';
import type { PfnBarPosterior } from '../../surrogates/pfn/bar-posterior.js';
import { PfnSurrogate } from '../../surrogates/pfn/pfn-surrogate.js';
import { loadPfnWeights } from '../../surrogates/pfn/weights-file.js';
import { kernel, priorFromManifest, sampleDataset, type GpHyper } from './gp-prior.js';

const LOG_2PI = Math.log(2 * Math.PI);

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

function gaussNll(y: number, mu: number, v: number): number {
  return 0.5 * (LOG_2PI + Math.log(v) + ((y - mu) * (y - mu)) / v);
}

/** Exact GP predictive NLL per query point with known hyperparameters (zero mean, noise on the diagonal). */
export function trueGpNll(h: GpHyper, X: Matrix, y: Float64Array, Q: Matrix, yq: Float64Array): number[] {
  const n = X.rows;
  const d = X.cols;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] = kernel(h, X.data, i * d, X.data, j * d, d) + (i === j ? h.noise : 0);
  const { L } = choleskyWithJitter({ rows: n, cols: n, data: K });
  const alpha = cholSolve(L, y);
  const out: number[] = [];
  for (let q = 0; q < Q.rows; q++) {
    const k = Float64Array.from({ length: n }, (_, i) => kernel(h, Q.data, q * d, X.data, i * d, d));
    let mu = 0;
    for (let i = 0; i < n; i++) mu += k[i] * alpha[i];
    const w = solveLower(L, k);
    let s = 0;
    for (const t of w) s += t * t;
    const v = Math.max(h.outputscale + h.noise - s, 1e-12);
    out.push(gaussNll(yq[q], mu, v));
  }
  return out;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const se = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length);
};

async function main(): Promise<void> {
  const datasets = Number(arg('datasets', '1000'));
  const queries = Number(arg('queries', '20'));
  const seed = Number(arg('seed', '1'));
  const minN = Number(arg('min-n', '2'));
  const maxN = Number(arg('max-n', '50'));
  const out = arg('out', 'benchmarks/results/pfn-nll');
  const withMap = !process.argv.includes('--no-map');
  const backend = await ensureTensorBackend();
  const weights = await loadPfnWeights(process.argv.includes('--weights') ? arg('weights', '') : undefined);
  const arch = weights.manifest.architecture;
  const spec = priorFromManifest(weights.manifest.prior as Record<string, unknown> | undefined);
  const pfn = new PfnSurrogate({}, weights);
  const gpKernel = spec.maternNu === 2.5 ? 'matern52' : spec.maternNu === 1.5 ? 'matern32' : null;
  if (withMap && !gpKernel) throw new Error(`GpSurrogate has no Matérn-${spec.maternNu} kernel`);
  const gp = new GpSurrogate({ preset: 'botorch-legacy', kernel: gpKernel ?? 'matern52' });
  const rows: { d: number; n: number; pfn: number; map: number; truth: number }[] = [];
  let mapFailures = 0;
  const t0 = Date.now();
  let pfnMs = 0;
  let mapMs = 0;
  for (let i = 0; i < datasets; i++) {
    const rng = createRng(deriveSeed(seed, 8, i));
    const d = 1 + rng.int(arch.maxDim);
    const n = minN + rng.int(maxN - minN + 1);
    const ds = sampleDataset(spec, d, n + queries, rng);
    const X: Matrix = { rows: n, cols: d, data: ds.X.data.slice(0, n * d) };
    const y = ds.y.slice(0, n);
    const Q: Matrix = { rows: queries, cols: d, data: ds.X.data.slice(n * d) };
    const yq = ds.y.slice(n);
    let t = performance.now();
    const fp = await pfn.fit({ X, y }, { rng: createRng(1) });
    const pfnNll = mean(Array.from((fp.posterior(Q) as PfnBarPosterior).nll(yq)));
    pfnMs += performance.now() - t;
    const truth = mean(trueGpNll(ds.hyper, X, y, Q, yq));
    let map = NaN;
    if (withMap) {
      t = performance.now();
      try {
        const z = standardize(y);
        const fg = await gp.fit({ X, y: z.y }, { rng: createRng(deriveSeed(seed, 9, i)) });
        const post = fg.posterior(Q, { observationNoise: true });
        const mu = post.mean();
        const v = post.variance();
        map = mean(Array.from(yq, (yy, q) => gaussNll((yy - z.mean) / z.std, mu[q], v[q]) + Math.log(z.std)));
      } catch {
        mapFailures++;
      }
      mapMs += performance.now() - t;
    }
    rows.push({ d, n, pfn: pfnNll, map, truth });
    if ((i + 1) % 100 === 0) process.stderr.write(`${i + 1}/${datasets} datasets, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const ok = rows.filter((r) => Number.isFinite(r.map) || !withMap);
  const summarize = (sel: typeof rows) => ({
    datasets: sel.length,
    pfn: { mean: mean(sel.map((r) => r.pfn)), se: se(sel.map((r) => r.pfn)) },
    gpMap: withMap ? { mean: mean(sel.map((r) => r.map)), se: se(sel.map((r) => r.map)) } : null,
    gpTrue: { mean: mean(sel.map((r) => r.truth)), se: se(sel.map((r) => r.truth)) },
    pfnMinusGpMap: withMap ? { mean: mean(sel.map((r) => r.pfn - r.map)), se: se(sel.map((r) => r.pfn - r.map)) } : null,
    pfnMinusGpTrue: { mean: mean(sel.map((r) => r.pfn - r.truth)), se: se(sel.map((r) => r.pfn - r.truth)) },
  });
  const groups: [string, (r: (typeof rows)[number]) => boolean][] = [
    ['all', () => true],
    ['n 2-10', (r) => r.n <= 10],
    ['n 11-25', (r) => r.n > 10 && r.n <= 25],
    ['n 26-50', (r) => r.n > 25],
  ];
  const result = {
    command: `npx tsx benchmarks/pfn/nll-eval.ts ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    backend: backend.name,
    weightsSha256: weights.sha256,
    weightsSource: weights.source,
    trainingSteps: weights.manifest.training?.steps ?? null,
    architecture: arch,
    prior: spec,
    settings: { datasets, queries, seed, minN, maxN },
    mapFailures,
    seconds: { total: (Date.now() - t0) / 1000, pfn: pfnMs / 1000, gpMap: mapMs / 1000 },
    groups: Object.fromEntries(groups.map(([name, f]) => [name, summarize(ok.filter(f))])),
  };
  const f = (s: { mean: number; se: number } | null) => (s ? `${s.mean.toFixed(4)} ± ${s.se.toFixed(4)}` : 'n/a');
  const lines = [
    `# PFN held-out NLL (nats per held-out point, original y units; mean ± s.e. over datasets)`,
    '',
    `weights ${weights.sha256.slice(0, 12)} (${weights.source}, ${String(result.trainingSteps)} steps), backend ${backend.name}, ` +
      `${datasets} datasets (seed ${seed}), n ~ U{${minN}..${maxN}}, d ~ U{1..${arch.maxDim}}, ${queries} held-out points each; GP-MAP failures: ${mapFailures}`,
    '',
    '| group | datasets | PFN | GP (MAP) | GP (true hyper) | PFN − GP(MAP) | PFN − GP(true) |',
    '|---|---|---|---|---|---|---|',
    ...groups.map(([name]) => {
      const g = result.groups[name];
      return `| ${name} | ${g.datasets} | ${f(g.pfn)} | ${f(g.gpMap)} | ${f(g.gpTrue)} | ${f(g.pfnMinusGpMap)} | ${f(g.pfnMinusGpTrue)} |`;
    }),
    '',
    `Time: PFN ${result.seconds.pfn.toFixed(1)} s, GP-MAP ${result.seconds.gpMap.toFixed(1)} s, total ${result.seconds.total.toFixed(1)} s.`,
    `Command: \`${result.command}\``,
    '',
  ];
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${out}.md`, lines.join('\n'));
  console.log(lines.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
