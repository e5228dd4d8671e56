/**
 * DKL vs the stationary GP on 1-D non-stationary functions: held-out mean log predictive density
 * (with observation noise) over a 200-point grid, several seeds.
 * Run: npx tsx benchmarks/dkl/nonstationary.ts [seeds=5] [n=40] [engine=tfjs]
 */
import { createRng } from '../../core/rng.js';
import type { Matrix } from '../../core/matrix.js';
import { standardize } from '../../core/standardize.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import type { FittedSurrogate } from '../../surrogates/types.js';

/** Test functions on [0,1]: a step and a chirp sin(2π(x + 2x³)) whose frequency grows from 1 to 7 cycles per unit. */
export const FUNCTIONS: Record<string, (x: number) => number> = {
  step: (x) => (x > 0.5 ? 1 : 0),
  chirp: (x) => Math.sin(2 * Math.PI * (x + 2 * x * x * x)),
};

/** Mean over the grid of log N(y | μ, s² + σ²) in standardized units. */
export function heldOutLogLik(model: FittedSurrogate, Xt: Matrix, yt: Float64Array): number {
  const p = model.posterior(Xt, { observationNoise: true });
  const m = p.mean();
  const v = p.variance();
  let s = 0;
  for (let i = 0; i < yt.length; i++) s += -0.5 * Math.log(2 * Math.PI * v[i]) - (0.5 * (yt[i] - m[i]) ** 2) / v[i];
  return s / yt.length;
}

/** One seeded data set: n uniform training points with noise sd 0.05, a 200-point test grid (same standardization). */
export function dataset(fn: (x: number) => number, n: number, seed: number) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, () => rng.uniform());
  const yraw = Float64Array.from(x, (t) => fn(t) + 0.05 * rng.normal());
  const st = standardize(yraw);
  const m = 200;
  const xt = Float64Array.from({ length: m }, (_, i) => (i + 0.5) / m);
  const yt = Float64Array.from(xt, (t) => (fn(t) + 0.05 * rng.normal() - st.mean) / st.std);
  return { train: { X: { rows: n, cols: 1, data: x }, y: st.y }, Xt: { rows: m, cols: 1, data: xt } as Matrix, yt };
}

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 5);
  const n = Number(process.argv[3] ?? 40);
  const engine = (process.argv[4] ?? 'tfjs') as 'tfjs' | 'js';
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    const rows: string[] = [];
    for (let s = 0; s < seeds; s++) {
      const { train, Xt, yt } = dataset(fn, n, 100 + s);
      const t0 = performance.now();
      const gp = await new GpSurrogate({ preset: 'botorch' }).fit(train, { rng: createRng(s) });
      const t1 = performance.now();
      const dkl = await new DklSurrogate({ engine }).fit(train, { rng: createRng(s) });
      const t2 = performance.now();
      const lg = heldOutLogLik(gp, Xt, yt);
      const ld = heldOutLogLik(dkl, Xt, yt);
      const dg = dkl.diagnostics();
      rows.push(`${name}\tseed ${s}\tgp ${lg.toFixed(3)} (${(t1 - t0).toFixed(0)} ms)\tdkl ${ld.toFixed(3)} (${(t2 - t1).toFixed(0)} ms, steps ${dg.steps}, ${dg.stopped}, noise ${Number(dg.noise).toExponential(2)})`);
    }
    console.log(rows.join('\n'));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
