import { createRng } from '/work/main/core/rng.js';
import { standardize } from '/work/main/core/standardize.js';
import { sobol } from '/work/main/core/sobol.js';
import { DklSurrogate } from '/work/main/surrogates/dkl/dkl-surrogate.js';
import { GpSurrogate } from '/work/main/surrogates/gp/gp-surrogate.js';
import { hartmann6 } from '/work/main/benchmarks/problems/hartmann.js';
const d = 6;
const opts = JSON.parse(process.argv[2] ?? '{}');
// held-out quality vs n with random data, cold fits and warm chains
const rng = createRng(4);
const all = sobol(300, d, rng);
const f = (i: number) => -hartmann6.f(all.data.subarray(i * d, i * d + d));
const test = { rows: 200, cols: d, data: all.data.slice(100 * d) };
const yt = Float64Array.from({ length: 200 }, (_, i) => f(100 + i));
let state: any;
for (const n of [20, 30, 40, 50]) {
  const yraw = Float64Array.from({ length: n }, (_, i) => f(i));
  const st = standardize(yraw);
  const data = { X: { rows: n, cols: d, data: all.data.slice(0, n * d) }, y: st.y };
  const ytz = yt.map((v) => (v - st.mean) / st.std);
  const score = (m: any) => { const p = m.posterior(test, { observationNoise: true }); const mu = p.mean(), v = p.variance(); let ll = 0, se = 0; for (let i = 0; i < 200; i++) { ll += (-0.5 * Math.log(2 * Math.PI * v[i]) - 0.5 * (ytz[i] - mu[i]) ** 2 / v[i]) / 200; se += (ytz[i] - mu[i]) ** 2 / 200; } return `ll ${ll.toFixed(2)} rmse ${Math.sqrt(se).toFixed(2)}`; };
  const gp = await new GpSurrogate().fit(data, { rng: createRng(1) });
  const cold = await new DklSurrogate(opts).fit(data, { rng: createRng(1) });
  const warm = state ? await new DklSurrogate(opts).fit(data, { rng: createRng(1), warmStart: state }) : cold;
  state = warm.state();
  const dg = (m: any) => { const g = m.diagnostics(); return `noise ${Number(g.noise).toExponential(1)} os ${Number(g.outputscale).toFixed(2)} ls ${(g.lengthscale as number[]).map((x) => x.toFixed(2)).join(',')} obj ${Number(g.objective).toFixed(1)} steps ${g.steps}`; };
  console.log(`n ${n}: gp ${score(gp)} | cold ${score(cold)} ${dg(cold)} | warm ${score(warm)} ${dg(warm)}`);
}
