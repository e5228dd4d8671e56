/**
 * The sequential design's stop margin (policy/proxy-design-margin.ts, `proxyStopMargin`):
 * - the linear law's gap sd against Bayesian linear regression (surrogates/bayes-linear.ts, Bishop
 *   §3.3) with prior β ~ N(0, σ̂²/λ·I) on centred features, a flat intercept and noise σ̂², whose
 *   posterior is the ridge's; σ̂² = RSS/(n − 1 − df) with the residuals and the hat matrix's trace
 *   computed in the test from that model's mean and covariance;
 * - the GP law's gap sd against a GP refitted in the test with the same seed: Var(f(a) − f(b)) =
 *   C_aa + C_bb − 2C_ab from its noise-free posterior covariance;
 * - the stop with constructed tops and margins: a repeat inside the margin continues, one outside
 *   stops, margin 0 is the repeat alone; the reasons name the margin;
 * - through MfPolicy, both ways: on a pool whose two best target mixtures differ only where the cheap
 *   level is flat, margin 0 stops at a repeat and margin 3 runs the design to its cap (and says so);
 *   on a pool with a clear best mixture the margin design stops at the first repeat whose lead, refitted
 *   by hand on the asked runs, clears the margin; same seed, same asks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { sequentialDesign, type CheckpointTop } from '../../policy/proxy-design-sequence.js';
import { topMargin } from '../../policy/proxy-design-margin.js';
import { fitProxyMean } from '../../policy/proxy-mean.js';
import { fitGpProxyMean } from '../../policy/proxy-mean-gp.js';
import { fitBayesLinear } from '../../surrogates/bayes-linear.js';
import { fitRidge } from '../../surrogates/ridge.js';
import { GpSurrogate } from '../../surrogates/gp/gp-surrogate.js';
import { runPoolStudy } from './pool-study-driver.js';

const COMPONENTS = ['a', 'b', 'c'];
const P = COMPONENTS.length;
const SPACE = createSearchSpace({
  w: { type: 'simplex', components: COMPONENTS },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.01 }, { value: 'L', cost: 1 }], target: 'L' },
});
const fidelityIndex = SPACE.dimensions.find((d) => d.kind === 'fidelity')!.index;
const weights = (p: Params) => COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);
const dirichlet = (rng: ReturnType<typeof createRng>) => () => {
  const g = COMPONENTS.map(() => -Math.log(rng.uniform()));
  const s = g.reduce((a, b) => a + b, 0);
  return Object.fromEntries(COMPONENTS.map((c, j) => [c, g[j] / s]));
};
/** A fixed pseudo-random number in [−0.5, 0.5) per mixture (the cheap level's noise, the same on every run). */
const jitter = (w: number[]) => {
  const h = Math.sin(w[0] * 12.9898 + w[1] * 78.233 + w[2] * 37.719) * 43758.5453;
  return h - Math.floor(h) - 0.5;
};
const standardized = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  return v.map((x) => (x - m) / sd);
};

const rng = createRng(33);
const mix = dirichlet(rng);
const CHEAP: Params[] = Array.from({ length: 40 }, () => ({ w: mix(), size: 'S' }));
const X = { rows: CHEAP.length, cols: SPACE.dim, data: Float64Array.from(CHEAP.flatMap((p) => Array.from(SPACE.encode(p)))) };
const VALUES = CHEAP.map((p) => {
  const w = weights(p);
  return 2 * w[0] - w[1] + 0.4 * jitter(w);
});
const Z = standardized(VALUES);
const LEV = CHEAP.map(() => 0);

test("the linear law's gap sd is the Bayesian linear model's with prior N(0, σ̂²/λ) and σ̂² = RSS/(n − 1 − df)", () => {
  const proxy = fitProxyMean(SPACE, X, LEV, Z, 1, fidelityIndex);
  const feats = CHEAP.map((p) => Float64Array.from(SPACE.encode(p)).slice(0, P));
  const ridge = fitRidge(feats, Z);
  const n = feats.length;
  const mean = feats.reduce((m, f) => m.map((v, j) => v + f[j] / n), [0, 0, 0]);
  const centred = feats.map((f) => Array.from(f, (v, j) => v - mean[j]));
  const zMean = Z.reduce((a, b) => a + b, 0) / n;
  // (XcᵀXc + λI)⁻¹ as the posterior covariance of β with noise 1 and prior variance 1/λ; its mean is the ridge's β.
  const unit = fitBayesLinear(centred, Z.map((z) => z - zMean), [0, 0, 0], [1 / ridge.lambda, 1 / ridge.lambda, 1 / ridge.lambda], 1);
  const rss = centred.reduce((s, f, i) => s + (Z[i] - zMean - f.reduce((a, v, j) => a + v * unit.mean[j], 0)) ** 2, 0);
  const df = unit.predict(centred).variance.reduce((a, b) => a + b, 0); // Σ x_ciᵀ(XcᵀXc + λI)⁻¹x_ci = tr of the centred hat matrix
  const sigma2 = rss / (n - 1 - df);
  assert.ok(Math.abs(ridge.noiseVariance - sigma2) < 1e-9 * sigma2, `σ̂² ${ridge.noiseVariance} vs ${sigma2}`);
  const scaled = fitBayesLinear(centred, Z.map((z) => z - zMean), [0, 0, 0], [sigma2 / ridge.lambda, sigma2 / ridge.lambda, sigma2 / ridge.lambda], sigma2);
  const a = SPACE.encode({ w: { a: 0.7, b: 0.2, c: 0.1 }, size: 'L' });
  const b = SPACE.encode({ w: { a: 0.1, b: 0.3, c: 0.6 }, size: 'L' });
  const delta = [0, 1, 2].map((j) => a[j] - b[j]);
  const reference = Math.sqrt(scaled.predict([delta]).variance[0]);
  const got = proxy.gapSd!(a, b);
  assert.ok(reference > 0.01, `a visible gap sd (${reference})`);
  assert.ok(Math.abs(got - reference) < 1e-9 * reference, `gap sd ${got} vs Bayesian ${reference}`);
  assert.equal(proxy.gapSd!(a, a), 0);
});

test("the GP law's gap sd and margin against a GP refitted by hand (noise-free posterior covariance)", async () => {
  const proxy = await fitGpProxyMean(SPACE, X, LEV, Z, 1, fidelityIndex, 7);
  const feats = CHEAP.map((p) => Array.from(SPACE.encode(p)).slice(0, P));
  const gp = await new GpSurrogate().fit({ X: { rows: feats.length, cols: P, data: Float64Array.from(feats.flat()) }, y: Float64Array.from(Z) }, { rng: createRng(7) });
  const targets: Params[] = [{ w: { a: 0.8, b: 0.1, c: 0.1 }, size: 'L' }, { w: { a: 0.6, b: 0.1, c: 0.3 }, size: 'L' }];
  const enc = targets.map((t) => SPACE.encode(t));
  const post = gp.posterior({ rows: 2, cols: P, data: Float64Array.from(enc.flatMap((e) => Array.from(e).slice(0, P))) });
  const C = (post as unknown as { covariance(): { data: Float64Array } }).covariance().data;
  const mu = post.mean();
  const sd = Math.sqrt(C[0] + C[3] - 2 * C[1]);
  assert.ok(Math.abs(proxy.gapSd!(enc[0], enc[1]) - sd) < 1e-6 * sd, `GP gap sd ${proxy.gapSd!(enc[0], enc[1])} vs ${sd}`);
  const pool = { rows: 2, cols: SPACE.dim, data: Float64Array.from(enc.flatMap((e) => Array.from(e))) };
  const m = topMargin(proxy, pool, 0, 1)!;
  assert.ok(Math.abs(m.gap - (mu[0] - mu[1])) < 1e-9);
  assert.ok(Math.abs(m.z - (mu[0] - mu[1]) / sd) < 1e-6 * Math.abs(m.z) + 1e-9);
});

test('the stop with margins: a repeat inside the margin continues, outside it stops; margin 0 is the repeat alone', async () => {
  const cap = 17;
  const base = { start: 0.5, batch: 0.125, targeted: false }; // checkpoints 9, 12, 15, 17
  const tops = [5, 5, 5, 5];
  const zs = [4, 0.5, 2.5, 3];
  const at = async (n: number): Promise<CheckpointTop> => {
    const k = [9, 12, 15, 17].indexOf(n);
    return { runs: n, top: tops[k], runnerUp: 8, law: 'gp', margin: { gap: zs[k], sd: 1, z: zs[k] } };
  };
  const plain = await sequentialDesign(cap, 6, 17, at, { ...base, stopMargin: 0 });
  assert.deepEqual([plain.phase, plain.size], ['done', 12]);
  const two = await sequentialDesign(cap, 6, 17, at, { ...base, stopMargin: 2 });
  assert.deepEqual([two.phase, two.size], ['done', 15]);
  assert.match(two.reason, /leads the runner-up \(8\) by 2\.50 posterior sd \(stop margin 2\)/);
  const waiting = await sequentialDesign(cap, 6, 13, at, { ...base, stopMargin: 2 });
  assert.deepEqual([waiting.phase, waiting.size], ['cheap', 15]);
  assert.match(waiting.reason, /repeated inside the stop margin \(0\.50 sd < 2\)/);
  const never = await sequentialDesign(cap, 6, 17, at, { ...base, stopMargin: 5 });
  assert.deepEqual([never.phase, never.size], ['done', 17]);
  assert.match(never.reason, /no repeat of the top target row cleared the stop margin/);
});

/** A pool study: the cheap level on `cheap` mixtures (value `cheapValue`), the target on `targets`. */
function poolStudy(cheap: Params[], targets: Params[], cheapValue: (w: number[]) => number, margin: number | undefined, seed: number, asks: number) {
  const pool = [...cheap, ...targets];
  const policy = new MfPolicy({ pool, model: 'proxy-mean', proxyLaw: 'linear', proxyDesign: 'sequential', proxyBudget: 0.4, lowLevelRows: 'all', ...(margin !== undefined ? { proxyStopMargin: margin } : {}) });
  const value = (p: Params) => (p.size === 'S' ? cheapValue(weights(p)) : 2 * weights(p)[0]);
  return runPoolStudy(policy, { space: SPACE, pool, value, cost: (p) => (p.size === 'S' ? 0.01 : 1) }, seed, asks);
}
type Design = { phase: string; size: number; cap: number; checkpoints: CheckpointTop[]; reason: string };
const designAt = (run: Awaited<ReturnType<typeof poolStudy>>, i: number) => run[i].diagnostics.proxyDesign as Design;

test('MfPolicy: two best target mixtures the cheap level cannot tell apart: margin 0 stops at a repeat, margin 3 runs to the cap', async () => {
  const r = createRng(5);
  const draw = dirichlet(r);
  const cheap: Params[] = Array.from({ length: 60 }, () => ({ w: draw(), size: 'S' }));
  // The top two differ only between b and c, where the cheap level is flat (its value reads a alone).
  const twins: Params[] = [{ w: { a: 0.9, b: 0.07, c: 0.03 }, size: 'L' }, { w: { a: 0.9, b: 0.03, c: 0.07 }, size: 'L' }];
  const others: Params[] = Array.from({ length: 10 }, (_, k) => ({ w: { a: 0.05 * k, b: 1 - 0.05 * k - 0.1, c: 0.1 }, size: 'L' }));
  const flatInBc = (w: number[]) => 2 * w[0] + 0.3 * jitter(w);
  const asks = 45; // cap ⌈0.4·1/0.01⌉ = 40 runs: checkpoints 20, 25, 30, 35, 40
  const plain = await poolStudy(cheap, [...twins, ...others], flatInBc, 0, 2, asks);
  const firstPlain = plain.findIndex((x) => x.i >= 60);
  assert.ok(firstPlain < 40, `margin 0 stopped at ${firstPlain}`);
  assert.match(designAt(plain, firstPlain).reason, /did not move it/);
  const sure = await poolStudy(cheap, [...twins, ...others], flatInBc, 3, 2, asks);
  const firstSure = sure.findIndex((x) => x.i >= 60);
  assert.equal(firstSure, 40, 'margin 3 runs the design to its cap');
  const d = designAt(sure, firstSure);
  assert.deepEqual([d.phase, d.size], ['done', 40]);
  // Every repeat was inside the margin: the twins' order is a coin flip for the cheap level.
  for (let k = 1; k < d.checkpoints.length; k++) {
    const c = d.checkpoints[k];
    if (c.top === d.checkpoints[k - 1].top) assert.ok(c.margin!.z < 3, `checkpoint ${c.runs}: z ${c.margin!.z}`);
  }
  assert.ok(d.checkpoints.every((c) => c.top >= 60 && c.top <= 61 && c.runnerUp! >= 60 && c.runnerUp! <= 61), 'the top two are the twins');
  assert.match(d.reason, /no repeat of the top target row cleared the stop margin|moved at every checkpoint/);
  // The asks before the first target run are the same cheap rows in the same order up to margin 0's stop.
  assert.deepEqual(sure.slice(0, firstPlain).map((x) => x.i), plain.slice(0, firstPlain).map((x) => x.i));
});

test('MfPolicy: with a clear best mixture the margin design stops at the first repeat whose lead, refitted by hand, clears the margin; deterministic', async () => {
  const r = createRng(8);
  const draw = dirichlet(r);
  const cheap: Params[] = Array.from({ length: 60 }, () => ({ w: draw(), size: 'S' }));
  const targets: Params[] = Array.from({ length: 12 }, () => ({ w: draw(), size: 'L' }));
  const law = (w: number[]) => 2 * w[0] - w[1] + 0.1 * jitter(w);
  const margin = 1;
  const run = await poolStudy(cheap, targets, law, margin, 4, 45);
  const first = run.findIndex((x) => x.i >= 60);
  const d = designAt(run, first);
  assert.equal(d.size, first);
  assert.ok(first < 40, `stopped at ${first}`);
  const k = d.checkpoints.length - 1;
  assert.equal(d.checkpoints[k].top, d.checkpoints[k - 1].top);
  // Refit the ridge on the design's first `first` runs and recompute the top row's lead over the runner-up.
  const asked = run.slice(0, first).map((x) => cheap[x.i]);
  const feats = asked.map((p) => Float64Array.from(weights(p)));
  const ridge = fitRidge(feats, standardized(asked.map((p) => law(weights(p)))));
  const phi = targets.map((t) => ridge.predict(weights(t)));
  const order = phi.map((_, i) => i).sort((a, b) => phi[b] - phi[a] || a - b);
  assert.equal(d.checkpoints[k].top, 60 + order[0]);
  const delta = [0, 1, 2].map((j) => weights(targets[order[0]])[j] - weights(targets[order[1]])[j]);
  let q = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += delta[i] * ridge.gramInverse[i * 3 + j] * delta[j];
  const z = (phi[order[0]] - phi[order[1]]) / Math.sqrt(ridge.noiseVariance * q);
  assert.ok(Math.abs(z - d.checkpoints[k].margin!.z) < 1e-6 * Math.abs(z), `z ${d.checkpoints[k].margin!.z} vs by hand ${z}`);
  assert.ok(z >= margin);
  // No earlier checkpoint met both conditions.
  for (let j = 1; j < k; j++) assert.ok(!(d.checkpoints[j].top === d.checkpoints[j - 1].top && d.checkpoints[j].margin!.z >= margin), `checkpoint ${d.checkpoints[j].runs}`);
  assert.match(d.reason, /posterior sd \(stop margin 1\)/);
  const again = await poolStudy(cheap, targets, law, margin, 4, 45);
  assert.deepEqual(again.map((x) => x.i), run.map((x) => x.i));
});
