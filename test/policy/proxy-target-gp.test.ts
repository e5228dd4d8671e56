/**
 * proxy-mean's 'gp' target model (policy/proxy-target-gp.ts, `multiFidelity.targetModel`):
 * - its posterior mean against the closed form recomputed in the test (R&W 2006 eq. 2.25 with the
 *   Matérn-5/2 ARD kernel s·(1 + √5r + 5r²/3)·e^(−√5r), R&W eq. 4.17, at the fit's own lengthscales,
 *   outputscale s, noise, jitter and constant mean), solved
 *   by Gauss-Jordan elimination: μ(x) = φ(x) + c + k(x, X)(K + (σ² + jitter)I)⁻¹(r − c), r = z − φ(X);
 * - a law that is right (z = φ on the target results) leaves the law as the model, exactly;
 * - through MfPolicy, both ways, against the constructed target's brute-force best row: on a pool whose
 *   target adds a local bump the cheap level cannot see, 'gp' reaches the best target row in fewer
 *   target runs than 'linear'; on a pool where the cheap level is the target (the law is right), both
 *   reach it at the first target run. Same seed, same asks; the diagnostics say which model ran and why.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { fitTargetGp } from '../../policy/proxy-target-gp.js';
import type { BasisFunction } from '../../surrogates/mf-gp/basis-kernel.js';
import { runPoolStudy } from './pool-study-driver.js';
import { solveByElimination } from '../support/gaussian-elimination.js';

/** A law on the first two columns of 3-column rows (the third is the fidelity). */
const law: BasisFunction = { value: (x) => 1.5 * x[0] - 0.8 * x[1], gradient: () => Float64Array.of(1.5, -0.8, 0) };

/** Gauss-Jordan elimination with partial pivoting (independent of the library's Cholesky). */
function rows(n: number, seed: number): Float64Array[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.of(r.uniform(), r.uniform(), 1));
}

test('fitTargetGp: the posterior mean is φ plus the Matérn-5/2 ARD GP posterior mean of the residuals, recomputed by hand', async () => {
  const X = rows(9, 1);
  const z = X.map((x) => law.value(x) + Math.sin(5 * x[0]) * 0.7 + 0.4 * x[1] * x[1]);
  const gp = await fitTargetGp(X, z, [0, 1], law, createRng(3));
  assert.equal(gp.lengthscales.length, 3, 'two weights and φ');
  const inputs = (x: Float64Array) => [x[0], x[1], law.value(x)];
  const k = (a: number[], b: number[]) => {
    const r = Math.sqrt(a.reduce((s, v, j) => s + ((v - b[j]) / gp.lengthscales[j]) ** 2, 0));
    return gp.outputscale * (1 + Math.sqrt(5) * r + (5 * r * r) / 3) * Math.exp(-Math.sqrt(5) * r);
  };
  const F = X.map(inputs);
  const K = F.map((a, i) => F.map((b, j) => k(a, b) + (i === j ? gp.noise + gp.jitter : 0)));
  const alpha = solveByElimination(K, X.map((x, i) => z[i] - law.value(x) - gp.offset));
  const probes = rows(6, 2);
  const got = gp.mean(probes);
  probes.forEach((x, p) => {
    const want = law.value(x) + gp.offset + F.reduce((s, f, i) => s + k(inputs(x), f) * alpha[i], 0);
    assert.ok(Math.abs(got[p] - want) < 1e-6 * Math.max(1, Math.abs(want)), `probe ${p}: ${got[p]} vs by hand ${want}`);
  });
});

test('fitTargetGp: target results that equal the law leave the law as the model', async () => {
  const X = rows(7, 4);
  const gp = await fitTargetGp(X, X.map((x) => law.value(x)), [0, 1], law, createRng(5));
  const probes = rows(5, 6);
  const got = gp.mean(probes);
  probes.forEach((x, p) => assert.ok(Math.abs(got[p] - law.value(x)) < 1e-9, `probe ${p}: ${got[p]} vs φ ${law.value(x)}`));
});

const COMPONENTS = ['a', 'b', 'c'];
const SPACE = createSearchSpace({
  w: { type: 'simplex', components: COMPONENTS },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.01 }, { value: 'L', cost: 1 }], target: 'L' },
});
const weights = (p: Params) => COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);
/** The target rows: a grid on the simplex (step 0.1); the cheap level has a twin of each. */
const GRID: Params[] = [];
for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10 - i; j++) GRID.push({ w: { a: i / 10, b: j / 10, c: (10 - i - j) / 10 }, size: 'L' });
const CHEAP: Params[] = GRID.map((p) => ({ ...p, size: 'S' }));
const cheapLaw = (w: number[]) => 2 * w[0] - w[1];
/** A bump the cheap level does not see, centred on a mixture the law ranks in the middle. */
const CENTRE = [0.4, 0.1, 0.5];
const bump = (w: number[]) => 2.5 * Math.exp(-w.reduce((s, v, j) => s + (v - CENTRE[j]) ** 2, 0) / (2 * 0.12 ** 2));

async function study(targetModel: 'linear' | 'gp', target: (w: number[]) => number, seed: number, asks: number) {
  const pool = [...CHEAP, ...GRID];
  const policy = new MfPolicy({ pool, model: 'proxy-mean', proxyLaw: 'linear', proxyDesign: 'fixed', proxyBudget: 0.2, lowLevelRows: 'all', targetModel });
  const value = (p: Params) => (p.size === 'S' ? cheapLaw(weights(p)) : target(weights(p)));
  const run = await runPoolStudy(policy, { space: SPACE, pool, value, cost: (p) => (p.size === 'S' ? 0.01 : 1) }, seed, asks);
  // Brute force: the target row of the highest target value.
  const best = GRID.reduce((b, p, i) => (target(weights(p)) > target(weights(GRID[b])) ? i : b), 0) + CHEAP.length;
  const targetAsks = run.filter((x) => x.i >= CHEAP.length);
  return { run, best, toBest: targetAsks.findIndex((x) => x.i === best) + 1 };
}

test('MfPolicy targetModel: a local discrepancy the cheap level cannot see is found in fewer target runs by gp than by linear', async () => {
  const target = (w: number[]) => cheapLaw(w) + bump(w);
  const asks = 20 + 30; // design ⌈0.2·1/0.01⌉ = 20 cheap runs, then target runs
  const gp = await study('gp', target, 7, asks);
  const linear = await study('linear', target, 7, asks);
  assert.ok(gp.toBest > 0, 'gp reached the best target row');
  assert.ok(linear.toBest === 0 || gp.toBest < linear.toBest, `gp ${gp.toBest} target runs, linear ${linear.toBest === 0 ? 'never' : linear.toBest}`);
  const model = gp.run.find((x) => x.diagnostics.phase === 'model')!.diagnostics;
  assert.equal((model.targetModel as { model: string }).model, 'gp');
  assert.match(model.phaseReason as string, /φ plus a GP on their residuals/);
  const verify = gp.run.find((x) => x.diagnostics.phase === 'proxy-verify')!.diagnostics;
  assert.match(verify.phaseReason as string, /fewer than 2/);
  const linearModel = linear.run.find((x) => x.diagnostics.phase === 'model')!.diagnostics;
  assert.equal((linearModel.targetModel as { model: string }).model, 'linear');
  // φ's coefficient belongs to the linear model; the GP keeps φ's weight at one.
  assert.ok(linearModel.proxyWeight !== undefined && model.proxyWeight === undefined);
  const again = await study('gp', target, 7, asks);
  assert.deepEqual(again.run.map((x) => x.i), gp.run.map((x) => x.i));
});

test('MfPolicy targetModel: when the cheap level is the target both models verify the best row first', async () => {
  for (const targetModel of ['gp', 'linear'] as const) {
    const r = await study(targetModel, cheapLaw, 3, 22);
    assert.equal(r.toBest, 1, `${targetModel}: the first target run is the brute-force best row`);
  }
});
