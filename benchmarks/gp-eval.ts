/**
 * Cost of one GP marginal-likelihood + gradient evaluation (the unit a fit repeats ~5–100 times)
 * against n, per linear-algebra backend, split into its parts: K_y (JS kernel loops), Cholesky,
 * K_y⁻¹ (cholInverse), and the kernel-gradient contraction. Default model: the registry's GP
 * (Matérn-5/2 ARD + outputscale, 'botorch-legacy'), d = 6, seeded uniform X.
 *   npx tsx benchmarks/gp-eval.ts [--sizes 500,1000,2000] [--backends js,wasm,native] [--reps 3] [--rebuild-gram]
 * --rebuild-gram hides StationaryArdKernel.gramGradientWithWeightedSum, so ScaleKernel rebuilds the
 * base Gram matrix for ∂/∂ln s as before 2026-12-05 (an A/B of that change, same process).
 */
import { cholesky, cholInverse, setLinalgBackend, type LinalgBackend } from '../core/linalg/linalg.js';
import { createRng } from '../core/rng.js';
import { likelihoodWeights, logMarginalLikelihoodWithGradient, parameterLayout, trainingCovariance, factorize } from '../surrogates/gp/gp-likelihood.js';
import { GpOptions, resolveModelSpec } from '../surrogates/gp/gp-options.js';
import { median } from './stats.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const sizes = opt('sizes', '500,1000,2000').split(',').map(Number);
const backends = opt('backends', 'js,wasm,native').split(',') as LinalgBackend[];
const reps = Number(opt('reps', '3'));
const rebuild = argv.includes('--rebuild-gram');

const time = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

console.log(`| backend | n | K_y ms | Cholesky ms | inverse ms | kernel gradient ms | whole evaluation ms |${rebuild ? ' (--rebuild-gram)' : ''}`);
console.log('|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const d = 6;
  const rng = createRng(n);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X.data[i * d]) + 0.1 * rng.normal());
  const data = { X, y };
  const spec = resolveModelSpec(GpOptions.parse({ preset: 'botorch-legacy' }), d);
  if (rebuild) (spec.kernel as unknown as { base: Record<string, unknown> }).base.gramGradientWithWeightedSum = undefined;
  const layout = parameterLayout(spec.kernel, spec.minNoise, spec.maxNoise);
  const v = new Float64Array(layout.size);
  v.set(layout.kernel.initialTheta());
  v[layout.noiseIndex] = Math.log(0.01);
  const p = layout.kernel.size;
  for (const b of backends) {
    try {
      setLinalgBackend(b);
    } catch {
      continue; // not available here (native without the addon)
    }
    const parts: number[][] = [[], [], [], [], []];
    for (let r = 0; r <= reps; r++) {
      const K = trainingCovariance(layout, v, data);
      const t = [time(() => trainingCovariance(layout, v, data)), time(() => cholesky(K))];
      const f = factorize(layout, v, data);
      t.push(time(() => cholInverse(f.L)));
      const W = likelihoodWeights(f).W;
      t.push(time(() => layout.kernel.gramGradient(v.subarray(0, p), X, W, new Float64Array(p))));
      t.push(time(() => logMarginalLikelihoodWithGradient(layout, v, data, new Float64Array(layout.size))));
      if (r > 0) t.forEach((x, i) => parts[i].push(x)); // r = 0 warms up
    }
    console.log(`| ${b} | ${n} | ${parts.map((x) => median(x).toFixed(0)).join(' | ')} |`);
  }
}
setLinalgBackend('auto');
console.log(`\nCommand: npx tsx benchmarks/gp-eval.ts ${argv.join(' ')}`);
