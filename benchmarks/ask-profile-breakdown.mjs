/**
 * Where the default GP ask's CPU goes (issue 20, "Benchmark speed"), from a V8 .cpuprofile of
 * benchmarks/ask-cost.ts: each sample is charged to the first category of the list below found
 * anywhere on its stack (so a Cholesky inside the hyperparameter fit counts as the fit, one inside
 * a per-point prediction as that prediction). Names are the functions of the default ask path;
 * profiles of older commits work as long as those names exist there.
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=DIR benchmarks/ask-cost.ts --problems bbob_f001_i06_d20
 *   node benchmarks/ask-profile-breakdown.mjs DIR/<largest>.cpuprofile
 */
import { readFileSync } from 'node:fs';

/** [label, test on "functionName file"] in priority order. */
const CATEGORIES = [
  ['garbage collection', (f) => f.startsWith('(garbage collector)')],
  ['hyperparameter fit (L-BFGS-B on the log marginal likelihood, Gram matrices, Cholesky)', (f) => /^(fitGpModel|fitGp) .*gp-fit/.test(f)],
  ['qLogNEI prepare (baseline pruning, head posterior and draws)', (f) => /^prepare .*acquisitions\/qlognei/.test(f)],
  ['raw-sample and final scoring (batch posterior, values())', (f) => /^values .*acquisitions\/qlognei/.test(f)],
  ['per point: k(X,x), K⁻¹k, ∇μ, ∇σ² (pointMoments)', (f) => /^pointMoments .*fitted-gp/.test(f)],
  ['per point: cross moments with the baseline, ∂c/∂x (h×n×d)', (f) => /^\(anon(ymous)?\) .*fitted-gp/.test(f)],
  ['per point: MC samples, log-fatplus, chain rule (qLogNEI valueAndGradient)', (f) => /^valueAndGradient .*acquisitions\/qlognei/.test(f)],
  ['L-BFGS-B of the acquisition (its own work)', (f) => /core\/optim\/lbfgsb/.test(f)],
  ['acquisition optimizer other (raw samples, projection, starts)', (f) => /acquisitions\/optimize/.test(f)],
  ['trust region bookkeeping', (f) => /policy\/trust-region/.test(f)],
  ['output transform (half-rank warp, standardize)', (f) => /core\/(output-warp|standardize)/.test(f)],
  ['policy other', (f) => /policy\//.test(f)],
  ['module loading and start-up', (f) => /node:internal|node_modules/.test(f)],
];

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node benchmarks/ask-profile-breakdown.mjs PROFILE.cpuprofile');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^file:\/\/\/.*?\/(?=(acquisitions|core|policy|surrogates|benchmarks|server|node_modules)\/)/, '')}`;
const stackCategory = new Map();
function categoryOf(id) {
  if (stackCategory.has(id)) return stackCategory.get(id);
  const frames = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) frames.push(label(byId.get(cur)));
  const hit = CATEGORIES.find(([, test]) => frames.some(test));
  const out = frames[0].startsWith('(idle)') ? 'idle' : hit ? hit[0] : 'other';
  stackCategory.set(id, out);
  return out;
}
const time = new Map();
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const c = categoryOf(profile.samples[i]);
  const dt = profile.timeDeltas[i] ?? 0;
  if (c === 'idle') continue;
  busy += dt;
  time.set(c, (time.get(c) ?? 0) + dt);
}
console.log(`| where | CPU-s | share |\n|---|---:|---:|`);
for (const [c] of [...CATEGORIES, ['other']]) {
  const t = time.get(c) ?? 0;
  if (t > 0) console.log(`| ${c} | ${(t / 1e6).toFixed(2)} | ${((100 * t) / busy).toFixed(1)}% |`);
}
console.log(`| total sampled (busy) | ${(busy / 1e6).toFixed(2)} | 100% |`);
