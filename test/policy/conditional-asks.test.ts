/**
 * Asks on a conditional space return only active parameters (property test, seeded): the Sobol
 * design, and one model ask of every surrogate family and of every acquisition on the GP after a
 * design evaluated on a branch-dependent function. Reference: activity recomputed from each
 * suggestion's parent values by the recursive definition (test/core/conditional-fixture.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Observation } from '../../policy/types.js';
import { NESTED, isActive } from '../core/conditional-fixture.js';

const space = createSearchSpace(NESTED);

/** Exactly the active parameters are present (judged from the suggestion's own parents) and valid. */
function assertActiveOnly(p: Params, where: string): void {
  const full: Params = { ...p };
  for (const n of Object.keys(NESTED)) if (!(n in full)) full[n] = '__absent__';
  assert.deepEqual(Object.keys(p).sort(), Object.keys(NESTED).filter((n) => isActive(NESTED, n, full)).sort(), where);
  space.validate(p);
}

/** A branch-dependent objective (minimized): each branch has its own optimum in its own parameters. */
function objective(p: Params): number {
  const lr = Math.log10(p.lr as number) + 2;
  if (p.model === 'linear') return lr ** 2 + (Math.log10(p.C as number) - 1) ** 2 + 0.5;
  if (p.model === 'tree') return lr ** 2 + ((p.depth as number) - 6) ** 2 / 10 + 0.3;
  const layers = p.layers as number;
  return lr ** 2 + (layers - 3) ** 2 / 4 + (p.act === 'relu' ? ((p.slope as number) - 0.1) ** 2 : 0.05) + ('both' in p ? (p.both as number) ** 2 : 0);
}

const algo = (input: AlgorithmInput) => AlgorithmSpec.parse({ initialTrials: 10, seed: 4, ...input });

async function design(n: number): Promise<Observation[]> {
  const d = await new SobolPolicy().suggest({ space, algorithm: algo({ surrogate: 'none' }), direction: 'minimize', completed: [], pending: [], count: n });
  return d.suggestions.map((params) => ({ params, value: objective(params) }));
}

test('the Sobol design (64 points) names only active params and visits every branch', async () => {
  const obs = await design(64);
  obs.forEach((o, i) => assertActiveOnly(o.params, `design point ${i}`));
  assert.deepEqual(new Set(obs.map((o) => o.params.model)), new Set(['linear', 'tree', 'mlp']));
  assert.deepEqual(new Set(obs.filter((o) => o.params.model === 'mlp').map((o) => o.params.layers)), new Set([1, 2, 3, 4]));
});

const cases: AlgorithmInput[] = [
  ...(['log-ei', 'log-pi', 'ucb', 'thompson', 'qlognei', 'posterior-mean'] as const).map((acquisition) => ({ surrogate: 'gp' as const, acquisition })),
  ...(['nngp', 'ntk', 'stp', 'dkl', 'hmc-bnn'] as const).map((surrogate) => ({ surrogate })),
];

for (const input of cases) {
  test(`a model ask (${input.surrogate} / ${input.acquisition ?? 'default acquisition'}) returns only active params`, async () => {
    const completed = await design(10);
    const policy = createPolicy(algo(input));
    const d = await policy.suggest({ space, algorithm: algo(input), direction: 'minimize', completed, pending: [completed[0]!.params], count: 2 });
    assert.equal(d.diagnostics.phase, 'model', JSON.stringify(d.diagnostics).slice(0, 300));
    assert.equal(d.suggestions.length, 2);
    d.suggestions.forEach((p, i) => assertActiveOnly(p, `suggestion ${i}`));
  });
}

test('a pfn model ask on a conditional space within its 8 encoded dimensions returns only active params', async () => {
  const spec: SpaceSpec = {
    b: { type: 'categorical', choices: ['left', 'right'] },
    u: { type: 'float', low: 0, high: 1, when: { b: ['left'] } },
    v: { type: 'float', low: 0, high: 1, when: { b: ['right'] } },
    k: { type: 'int', low: 1, high: 5 },
    w: { type: 'float', low: 0, high: 1, when: { k: [4, 5] } },
  };
  const small = createSearchSpace(spec);
  const f = (p: Params): number => (p.b === 'left' ? ((p.u as number) - 0.2) ** 2 : ((p.v as number) - 0.7) ** 2 + 0.1) + ('w' in p ? (p.w as number) : 0.5);
  const a = algo({ surrogate: 'pfn' });
  const init = await new SobolPolicy().suggest({ space: small, algorithm: algo({ surrogate: 'none' }), direction: 'minimize', completed: [], pending: [], count: 10 });
  const completed = init.suggestions.map((params) => ({ params, value: f(params) }));
  const d = await createPolicy(a).suggest({ space: small, algorithm: a, direction: 'minimize', completed, pending: [], count: 2 });
  assert.equal(d.diagnostics.phase, 'model', JSON.stringify(d.diagnostics).slice(0, 300));
  for (const p of d.suggestions) {
    small.validate(p);
    assert.equal('u' in p, p.b === 'left');
    assert.equal('v' in p, p.b === 'right');
    assert.equal('w' in p, (p.k as number) >= 4);
  }
});
