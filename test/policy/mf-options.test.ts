/**
 * algorithm.multiFidelity reaches the multi-fidelity/pool policy through createPolicy and changes
 * what it does: the low-level cost cap (lowLevelShare 0 -> only target-level picks once the
 * proxies' allowance is spent, 1 -> proxies still picked), targetOnly, and the kernel choice
 * (the fitted model reports LevelIcmKernel for 'icm'); mfPolicyOptions maps the wire object onto
 * MfPolicyOptions, keeping the pool default lowLevelRows 'all' unless the wire says otherwise.
 *
 * The cap (policy/mf-policy.ts): a lower level stays a candidate while
 *   low + c <= share·(total + c) + max(nInit·c, c_target).
 * Here c = 0.1 (level S), c_target = 1, nInit = 2; history: 10 S runs (low = 1.0) + 2 L runs
 * (total = 3.0). share 0: 1.1 > 0 + max(0.2, 1) = 1 -> S is excluded. share 1: no cap.
 * default 0.1: 1.1 <= 0.31 + 1 -> S allowed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { createPolicy, mfPolicyOptions } from '../../policy/create-policy.js';
import { checkPool, expandPool } from '../../policy/pool.js';
import type { Observation } from '../../policy/types.js';

const SPACE = createSearchSpace({
  mix: { type: 'simplex', components: ['a', 'b', 'c'] },
  size: { type: 'fidelity', levels: [{ value: 'S', cost: 0.1 }, { value: 'L', cost: 1 }], target: 'L' },
});
const rng = createRng(7);
/** 20 mixtures, each a candidate at both levels. */
const MIXES = Array.from({ length: 20 }, () => {
  const g = [0, 1, 2].map(() => -Math.log(rng.uniform()));
  const s = g[0] + g[1] + g[2];
  return g.map((v) => v / s);
});
const POOL = expandPool(SPACE, checkPool(SPACE, { columns: ['mix', 'size'], rows: MIXES.map((w) => [w, null]) }));

/** A mixing law: best near a = 0.7; the small model sees a shifted copy. */
function law(w: number[], size: string): number {
  return -((w[0] - 0.7) ** 2) - 0.5 * (w[2] - 0.1) ** 2 + (size === 'S' ? 0.05 * w[1] : 0);
}
const obs = (i: number, size: string): Observation => {
  const w = MIXES[i];
  return { params: { mix: { a: w[0], b: w[1], c: w[2] }, size } as Params, value: law(w, size) };
};
const HISTORY = [...Array.from({ length: 10 }, (_, i) => obs(i, 'S')), obs(0, 'L'), obs(1, 'L')];

async function ask(input: AlgorithmInput, count = 3) {
  const algorithm = AlgorithmSpec.parse({ seed: 5, initialTrials: 2, ...input });
  const policy = createPolicy(algorithm, { pool: POOL });
  return policy.suggest({ space: SPACE, algorithm, direction: 'maximize', completed: HISTORY, pending: [], count });
}

test('lowLevelShare: 0 leaves only target-level picks once the allowance is spent; 1 and the default still pick proxies', async () => {
  const capped = await ask({ multiFidelity: { lowLevelShare: 0 } });
  assert.equal(capped.diagnostics.phase, 'model');
  assert.deepEqual(capped.diagnostics.levels, [1, 1, 1], 'share 0: target only');
  for (const s of capped.suggestions) assert.equal(s.size, 'L');

  const open = await ask({ multiFidelity: { lowLevelShare: 1 } });
  assert.equal(open.diagnostics.phase, 'model');
  const openLevels = open.diagnostics.levels as number[];
  assert.ok(openLevels.includes(0), `share 1 picks S (10x cheaper) at least once: ${openLevels}`);

  const dflt = await ask({});
  assert.ok((dflt.diagnostics.levels as number[]).includes(0), `default share 0.1 still allows S here: ${dflt.diagnostics.levels}`);
});

test('targetOnly: every pick at the target level, also with the cap off', async () => {
  const d = await ask({ multiFidelity: { targetOnly: true, lowLevelShare: 1 } });
  assert.deepEqual(d.diagnostics.levels, [1, 1, 1]);
});

test('kernel: icm fits the level ICM kernel, the default the linear truncated fidelity kernel', async () => {
  const icm = await ask({ multiFidelity: { kernel: 'icm' } }, 1);
  assert.equal(icm.diagnostics.phase, 'model');
  assert.match(String((icm.diagnostics.model as { kernel: string }).kernel), /level-icm/);
  const lt = await ask({}, 1);
  assert.match(String((lt.diagnostics.model as { kernel: string }).kernel), /linear-truncated/);
  // cost-ei is the other acquisition the wire selects
  const ei = await ask({ acquisition: 'cost-ei', multiFidelity: { maxValueSamples: 2 } }, 1);
  assert.equal(ei.diagnostics.acquisition, 'cost-ei');
});

test('mfPolicyOptions maps the wire object and keeps pool defaults unless overridden', () => {
  const spec = AlgorithmSpec.parse({ multiFidelity: { lowLevelShare: 0.3, kernel: 'icm', biasScale: false, levelNoise: true, maxValueSamples: 16, levelStandardize: false, targetOnly: true } });
  assert.deepEqual(mfPolicyOptions(spec, { lowLevelRows: 'all' }), {
    lowLevelRows: 'all',
    acquisition: 'mf-mes',
    lowLevelShare: 0.3,
    targetOnly: true,
    maxValueSamples: 16,
    levelStandardize: false,
    fit: { kernel: 'icm', biasScale: false, levelNoise: true },
  });
  assert.equal(mfPolicyOptions(AlgorithmSpec.parse({ multiFidelity: { lowLevelRows: 'twins' } }), { lowLevelRows: 'all' }).lowLevelRows, 'twins');
  // absent object: only the acquisition (every other field keeps MfPolicy's default)
  assert.deepEqual(mfPolicyOptions(AlgorithmSpec.parse({})), { acquisition: 'mf-mes' });
});
