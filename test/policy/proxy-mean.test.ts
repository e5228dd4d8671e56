/**
 * The 'proxy-mean' model of the multi-fidelity policy (policy/proxy-mean*.ts), against independent
 * references:
 * - φ equals a ridge fitted directly on the lower-level rows' z-scores (surrogates/ridge.ts, whose
 *   LOO is checked against brute force in test/surrogates/ridge.test.ts), and is 0 below 3 runs;
 * - on a pool whose levels follow one noiseless linear law, the design asks ⌈budget·c_T/c_0⌉
 *   cheapest-level rows, proxies of target rows first; the first target pick is the pool's best
 *   target row found by brute force over the pool; the recommendation after two target runs is
 *   that row too;
 * - the wire: zod refuses bad values at algorithm.multiFidelity.<field>, and create-time checks
 *   refuse 'proxy-mean' without a pool or a fidelity parameter and proxyBudget without it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { BoError } from '../../core/errors.js';
import { levelStandardize } from '../../acquisitions/mf/level-transform.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { MfPolicy } from '../../policy/mf-policy.js';
import { fitProxyMean } from '../../policy/proxy-mean.js';
import { refuseProxyMean } from '../../policy/proxy-mean-options.js';
import { resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';
import type { Observation } from '../../policy/types.js';
import { fitRidge } from '../../surrogates/ridge.js';

const K = 4;
const COMPONENTS = ['a', 'b', 'c', 'd'];
const SPACE = createSearchSpace({
  w: { type: 'simplex', components: COMPONENTS },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.2 }, { value: 'M', cost: 0.5 }, { value: 'L', cost: 1 }], target: 'L' },
});
const COEF = [0.3, -0.2, 0.9, 0.1];
/** One linear law at every level, shifted and scaled per level (per-level z-scores remove that). */
function law(p: Params): number {
  const w = COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);
  const lin = w.reduce((s, v, j) => s + v * COEF[j], 0);
  return p.size === 'S' ? 2 * lin + 1 : p.size === 'M' ? 0.5 * lin - 3 : lin;
}
const rng = createRng(21);
const MIXES = Array.from({ length: 30 }, () => {
  const g = COMPONENTS.map(() => -Math.log(rng.uniform()));
  const s = g.reduce((a, b) => a + b, 0);
  return Object.fromEntries(COMPONENTS.map((c, j) => [c, g[j] / s]));
});
/** Target rows are mixtures 0-11; S rows: all 30 (0-11 are twins of target rows); M rows: 0-5. */
const POOL: Params[] = [
  ...MIXES.map((w) => ({ w, size: 'S' })),
  ...MIXES.slice(0, 6).map((w) => ({ w, size: 'M' })),
  ...MIXES.slice(0, 12).map((w) => ({ w, size: 'L' })),
];

test('fitProxyMean: φ equals a ridge on the lower-level z-scores; 0 with fewer than 3 runs', () => {
  const rows = [0, 1, 2, 3, 4, 5, 6, 30, 31];
  const params = rows.map((i) => POOL[i]);
  const X = { rows: rows.length, cols: SPACE.dim, data: new Float64Array(rows.length * SPACE.dim) };
  params.forEach((p, i) => X.data.set(SPACE.encode(p), i * SPACE.dim));
  const level = params.map((p) => (p.size === 'S' ? 0 : 1));
  const tr = levelStandardize(params.map(law), level, 3);
  const fid = SPACE.dimensions.find((d) => d.kind === 'fidelity');
  const fidelityIndex = fid && fid.kind === 'fidelity' ? fid.index : undefined;
  const proxy = fitProxyMean(SPACE, X, level, tr.z, 2, fidelityIndex);
  const weights = (p: Params) => COMPONENTS.map((c) => (p.w as Record<string, number>)[c]);
  const ridge = fitRidge(params.map(weights), Array.from(tr.z));
  for (const i of [10, 40, 41]) {
    const x = SPACE.encode(POOL[i]);
    assert.ok(Math.abs(proxy.basis.value(x) - ridge.predict(weights(POOL[i]))) < 1e-12);
  }
  assert.equal(proxy.runs, rows.length);
  const few = fitProxyMean(SPACE, { rows: 2, cols: X.cols, data: X.data.slice(0, 2 * X.cols) }, [0, 0], [1, -1], 2, fidelityIndex);
  assert.equal(few.basis.value(SPACE.encode(POOL[3])), 0);
  assert.equal(few.looRmse, undefined);
});

test('proxy-mean policy: design of ⌈budget·c_T/c_0⌉ proxies of target rows, then the brute-force best target row', async () => {
  const algorithm = AlgorithmSpec.parse({ seed: 3 });
  const policy = new MfPolicy({ pool: POOL, model: 'proxy-mean', proxyBudget: 1.5, lowLevelRows: 'all' });
  const completed: Observation[] = [];
  const ask = async () => {
    const d = await policy.suggest({ space: SPACE, algorithm, direction: 'maximize', completed, pending: [], count: 1 });
    const i = (d.diagnostics.poolIndices as number[])[0];
    completed.push({ params: POOL[i], value: law(POOL[i]), cost: { S: 0.2, M: 0.5, L: 1 }[POOL[i].size as 'S'] });
    return { d, i };
  };
  // ⌈1.5·1/0.2⌉ = 8 design runs, all at S and among the twins of target rows (indices 0-11).
  for (let k = 0; k < 8; k++) {
    const { d, i } = await ask();
    assert.equal(d.diagnostics.phase, 'proxy-design');
    assert.equal(POOL[i].size, 'S');
    assert.ok(i < 12, `design row ${i} is not a proxy of a target row`);
  }
  const targets = POOL.flatMap((p, i) => (p.size === 'L' ? [i] : []));
  const bestTarget = targets.reduce((a, b) => (law(POOL[b]) > law(POOL[a]) ? b : a));
  const first = await ask();
  assert.equal(first.d.diagnostics.phase, 'proxy-verify');
  assert.equal(first.i, bestTarget, 'a ridge on exact linear proxies ranks the best target row first');
  const second = await ask();
  assert.equal(second.d.diagnostics.phase, 'proxy-verify');
  const third = await ask();
  assert.equal(third.d.diagnostics.phase, 'model');
  assert.equal((third.d.diagnostics.poolRecommendation as { poolIndex: number }).poolIndex, bestTarget);
  assert.ok(POOL[third.i].size === 'L' && third.i !== first.i && third.i !== second.i);
  assert.equal((third.d.diagnostics.proxyMean as { design: number }).design, 8);
});

test('proxy-mean options: zod paths, and create-time refusals with the field path', () => {
  for (const [field, value] of [['model', 'proxy'], ['proxyBudget', 0], ['proxyBudget', -1]] as const) {
    const r = AlgorithmSpec.safeParse({ multiFidelity: { [field]: value } });
    assert.ok(!r.success);
    assert.deepEqual(r.error.issues[0].path, ['multiFidelity', field]);
  }
  const refused = (fn: () => void, field: string) => {
    assert.throws(fn, (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(['algorithm', 'multiFidelity', field]));
  };
  refused(() => refuseProxyMean({ model: 'proxy-mean' }, true, false), 'model');
  refused(() => refuseProxyMean({ model: 'proxy-mean' }, false, true), 'model');
  refused(() => refuseProxyMean({ model: 'joint', proxyBudget: 2 }, true, true), 'proxyBudget');
  // The model left out: proxy-mean in a pool study with a fidelity parameter (session 11's default), joint
  // when the spec names an acquisition or a joint-only field, and never proxy-mean without pool and fidelity.
  assert.doesNotThrow(() => refuseProxyMean({ proxyBudget: 2 }, true, true));
  refused(() => refuseProxyMean({ proxyBudget: 2 }, true, true, 'cost-ei'), 'proxyBudget');
  refused(() => refuseProxyMean({ proxyBudget: 2, kernel: 'icm' }, true, true), 'proxyBudget');
  refused(() => refuseProxyMean({ proxyBudget: 2 }, false, true), 'proxyBudget');
  assert.doesNotThrow(() => refuseProxyMean({ model: 'proxy-mean', proxyBudget: 2 }, true, true));
  assert.throws(() => refuseProxyMean({ model: 'proxy-mean' }, true, true, 'cost-ei'), (e: unknown) => e instanceof BoError && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(['algorithm', 'acquisition']));
  assert.doesNotThrow(() => refuseProxyMean(undefined, false, false));
});

test("the effective algorithm says that 'proxy-mean' runs no acquisition function", () => {
  const e = resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean' } }), space: SPACE, pool: true });
  assert.ok((e.notes ?? []).some((n) => n.includes("'proxy-mean'") && n.includes('no acquisition function')), JSON.stringify(e.notes));
  assert.throws(() => resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean' } }), space: SPACE, pool: false }), (err: unknown) => err instanceof BoError && JSON.stringify(err.issues?.[0]?.path) === JSON.stringify(['algorithm', 'multiFidelity', 'model']));
});
