/**
 * Held-out predictive quality on hartmann6 (−f, standardized on the training rows): the first n of
 * 300 scrambled Sobol points train, the last 200 test; GP vs a cold DKL fit vs a DKL warm-started
 * along n = 20, 30, 40, 50 (as in a BO run). Prints mean log predictive density (with noise) and
 * RMSE, plus the DKL's noise, outputscale, objective and steps. Shows DKL's small-n overfitting.
 * Run: npx tsx benchmarks/dkl/heldout-hartmann.ts ['{"engine":"js", ...DKL options}']
 */
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { sobol } from '../../core/sobol.js';
import { standardize } from '../../core/standardize.js';
import { DklSurrogate } from '../../surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import type { FittedSurrogate, SurrogateState } from '../../surrogates/types.js';
import { hartmann6 } from '../problems/hartmann.js';

const d = 6;
const opts = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const all = sobol(300, d, createRng(4));
const f = (i: number): number => -hartmann6.f(all.data.subarray(i * d, i * d + d));
const test: Matrix = { rows: 200, cols: d, data: all.data.slice(100 * d) };
const yt = Float64Array.from({ length: 200 }, (_, i) => f(100 + i));

function score(m: FittedSurrogate, ytz: Float64Array): string {
  const p = m.posterior(test, { observationNoise: true });
  const mu = p.mean();
  const v = p.variance();
  let ll = 0;
  let se = 0;
  for (let i = 0; i < 200; i++) {
    ll += (-0.5 * Math.log(2 * Math.PI * v[i]) - (0.5 * (ytz[i] - mu[i]) ** 2) / v[i]) / 200;
    se += (ytz[i] - mu[i]) ** 2 / 200;
  }
  return `ll ${ll.toFixed(2)} rmse ${Math.sqrt(se).toFixed(2)}`;
}

function facts(m: FittedSurrogate): string {
  const g = m.diagnostics();
  return `noise ${Number(g.noise).toExponential(1)} os ${Number(g.outputscale).toFixed(2)} obj ${Number(g.objective).toFixed(1)} steps ${g.steps}`;
}

let state: SurrogateState | undefined;
for (const n of [20, 30, 40, 50]) {
  const st = standardize(Float64Array.from({ length: n }, (_, i) => f(i)));
  const data = { X: { rows: n, cols: d, data: all.data.slice(0, n * d) }, y: st.y };
  const ytz = yt.map((v) => (v - st.mean) / st.std);
  const gp = await new GpSurrogate({ preset: 'botorch' }).fit(data, { rng: createRng(1) });
  const cold = await new DklSurrogate(opts).fit(data, { rng: createRng(1) });
  const warm = state ? await new DklSurrogate(opts).fit(data, { rng: createRng(1), warmStart: state }) : cold;
  state = warm.state();
  console.log(`n ${n}: gp ${score(gp, ytz)} | dkl cold ${score(cold, ytz)} ${facts(cold)} | dkl warm ${score(warm, ytz)} ${facts(warm)}`);
}
