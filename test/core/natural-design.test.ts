/**
 * The initial design centred on a mixture's natural distribution (core/natural-design.ts): the
 * field's validation (paths), point 0 = the natural mixture, the draws' mean = the natural weights
 * (Monte Carlo against the Dirichlet's closed-form mean and variance), zeros kept, determinism,
 * and the mixture constraints met by every point; end to end through the BO policy's design.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import { naturalDraw } from '../../core/natural-design.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { SimplexParam } from '../../protocol/space.js';
import { pickSpaceFilling } from '../../policy/space-filling.js';
import { BoPolicy } from '../../policy/bo-policy.js';

const comps = ['web', 'code', 'books', 'wiki', 'math'];
const natural = { web: 0.6, code: 0.2, books: 0.1, wiki: 0.1, math: 0 };
const spec = (extra: Partial<SimplexParam>) => ({ mix: { type: 'simplex', components: comps, ...extra } as SimplexParam });

function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT', String(e));
    return [...(e.issues ?? []).map((i) => i.path.join('.')), e.message];
  }
  assert.fail('expected INVALID_ARGUMENT');
}

describe('natural-distribution design', () => {
  it('refuses a bad natural distribution at create with the field path', () => {
    assert.ok(issuePaths(() => createSearchSpace(spec({ natural: { web: 0.5, nope: 0.5 } }))).includes('space.mix.natural.nope'));
    assert.ok(issuePaths(() => createSearchSpace(spec({ natural: { web: 0.5, code: 0.3 } }))).includes('space.mix.natural'));
    const negative = issuePaths(() => createSearchSpace(spec({ natural: { web: 1.2, code: -0.2 } })));
    assert.ok(negative.some((p) => p.startsWith('space.mix.natural.')), negative.join(' / '));
    // Within the tolerance (±1e-2) the weights are renormalised.
    const space = createSearchSpace(spec({ natural: { web: 0.604, code: 0.2, books: 0.1, wiki: 0.1 } }));
    const dim = space.dimensions[0];
    assert.ok(dim.kind === 'simplex' && dim.natural);
    assert.ok(Math.abs(dim.natural.reduce((s, v) => s + v, 0) - 1) < 1e-15);
  });

  it('draws have the natural mean (Monte Carlo vs the Dirichlet closed form) and keep its zeros', () => {
    const p = Float64Array.of(0.6, 0.2, 0.1, 0.1, 0);
    const K = p.length;
    const n = 20000;
    const rng = createRng(3);
    const sum = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const w = naturalDraw(p, rng);
      assert.equal(w[4], 0);
      for (let j = 0; j < K; j++) sum[j] += w[j];
    }
    // Dirichlet(α) with α_j = K·p_j over the support: Var w_j = p_j(1−p_j)/(α₀+1), α₀ = K·Σp = K.
    for (let j = 0; j < 4; j++) {
      const se = Math.sqrt((p[j] * (1 - p[j])) / (K + 1) / n);
      assert.ok(Math.abs(sum[j] / n - p[j]) < 5 * se, `component ${j}: mean ${sum[j] / n} vs ${p[j]} (5 standard errors ${5 * se})`);
    }
  });

  it('point 0 is the natural mixture, the sequence is deterministic, constraints hold at every point', () => {
    const space = createSearchSpace({ ...spec({ natural, min: { code: 0.25 }, minWeight: 0.05 }), lr: { type: 'float', low: 0, high: 1 } });
    const a = pickSpaceFilling(space, 7, 0, 64, []).points.map((x) => space.decode(x));
    const b = pickSpaceFilling(space, 7, 0, 64, []).points.map((x) => space.decode(x));
    assert.deepEqual(a, b);
    // natural has code 0.2 < min 0.25: point 0 is natural projected into the constraints (code raised to 0.25).
    const w0 = a[0].mix as Record<string, number>;
    assert.ok(Math.abs(w0.code - 0.25) < 1e-12 && w0.web > w0.books && w0.math === 0, JSON.stringify(w0));
    for (const [i, p] of a.entries()) {
      const w = p.mix as Record<string, number>;
      assert.ok(Math.abs(Object.values(w).reduce((s, v) => s + v, 0) - 1) < 1e-12, `point ${i}`);
      assert.ok(w.code >= 0.25 - 1e-12, `point ${i}: code ${w.code}`);
      for (const c of comps) assert.ok(w[c] === 0 || w[c] >= 0.05 - 1e-12, `point ${i}: ${c} = ${w[c]}`);
      assert.ok(typeof p.lr === 'number' && p.lr >= 0 && p.lr <= 1);
    }
    // Centred: the design's mean web weight is near the natural 0.6 (uniform design: 0.2); 64 draws, sd of a draw ≤ 0.2.
    const meanWeb = a.reduce((s, p) => s + (p.mix as Record<string, number>).web, 0) / a.length;
    assert.ok(Math.abs(meanWeb - 0.6) < 0.1, `mean web ${meanWeb}`);
  });

  it('the BO policy asks the natural mixture first', async () => {
    const space = createSearchSpace(spec({ natural }));
    const algorithm = AlgorithmSpec.parse({ seed: 11, initialTrials: 4 });
    const d = await new BoPolicy().suggest({ space, algorithm, direction: 'minimize', completed: [], pending: [], count: 2 });
    assert.deepEqual(d.suggestions[0].mix, natural);
    assert.notDeepEqual(d.suggestions[1].mix, natural);
  });
});
