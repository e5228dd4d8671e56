import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, SurrogateKind, type AlgorithmInput } from '../../protocol/algorithm.js';
import type { Params } from '../../protocol/space.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { createPolicy } from '../../policy/create-policy.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Observation, Policy, PolicyState, SuggestRequest } from '../../policy/types.js';
import { hasSurrogate } from '../../surrogates/registry.js';
import type { Surrogate } from '../../surrogates/types.js';
import { branin } from '../../benchmarks/problems/branin.js';

const space2 = createSearchSpace({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } });
const space1 = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });

// The model path under test: exploratory asks (the GP's default since session 12) are off here and tested in exploration.test.ts.
const algo = (input: AlgorithmInput = {}) => AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', seed: 3, exploration: { mode: 'off' }, ...input });
const brn = (p: Params) => branin.f([p.x1 as number, p.x2 as number]);

function req(over: Partial<SuggestRequest> & Pick<SuggestRequest, 'completed'>): SuggestRequest {
  return { space: space2, algorithm: algo(), direction: 'minimize', pending: [], count: 1, ...over };
}

/** Run an ask/tell loop of `budget` evaluations of f; returns the observations. */
async function loop(policy: Policy, f: (p: Params) => number, budget: number, base: Omit<SuggestRequest, 'completed' | 'state'>): Promise<Observation[]> {
  const completed: Observation[] = [];
  let state: PolicyState | undefined;
  for (let t = 0; t < budget; t++) {
    const d = await policy.suggest({ ...base, completed, state });
    state = d.state;
    for (const params of d.suggestions) completed.push({ params, value: f(params) });
  }
  return completed;
}

/** Sobol design of n points on space2, evaluated on Branin. */
async function brDesign(n: number): Promise<Observation[]> {
  const d = await new SobolPolicy().suggest(req({ completed: [], count: n, algorithm: algo({ surrogate: 'none' }) }));
  return d.suggestions.map((params) => ({ params, value: brn(params) }));
}

const dist = (a: Params, b: Params, names: string[]) => Math.hypot(...names.map((n) => (a[n] as number) - (b[n] as number)));

test('initial design: max(5, 2·d) Sobol trials by default, counting completed + pending', async () => {
  const policy = new BoPolicy();
  const design = await brDesign(6);
  for (let n = 0; n < 5; n++) assert.equal((await policy.suggest(req({ completed: design.slice(0, n) }))).diagnostics.phase, 'initial-design', `n=${n}`);
  assert.equal((await policy.suggest(req({ completed: design.slice(0, 5) }))).diagnostics.phase, 'model');
  // 3 completed + 2 pending = 5 trials: the design is done.
  const d = await policy.suggest(req({ completed: design.slice(0, 3), pending: design.slice(3, 5).map((o) => o.params) }));
  assert.equal(d.diagnostics.phase, 'model');
  // algorithm.initialTrials overrides the default.
  assert.equal((await policy.suggest(req({ completed: design.slice(0, 5), algorithm: algo({ initialTrials: 6 }) }))).diagnostics.phase, 'initial-design');
  // the design is the study's Sobol sequence: trial i gets point i
  const sob = await new SobolPolicy().suggest(req({ completed: design.slice(0, 2), algorithm: algo({ surrogate: 'none' }) }));
  const bo = await policy.suggest(req({ completed: design.slice(0, 2) }));
  assert.deepEqual(bo.suggestions, sob.suggestions);
});

test('same seed and data give the same suggestions; another seed differs', async () => {
  const completed = await brDesign(8);
  const a = await new BoPolicy().suggest(req({ completed }));
  const b = await createPolicy(algo()).suggest(req({ completed }));
  assert.deepEqual(a.suggestions, b.suggestions);
  const c = await new BoPolicy().suggest(req({ completed, algorithm: algo({ seed: 4 }) }));
  assert.equal(a.diagnostics.phase, 'model');
  assert.equal(c.diagnostics.phase, 'model');
  assert.notDeepEqual(a.suggestions, c.suggestions);
  assert.ok(typeof a.diagnostics.fitMs === 'number' && typeof a.diagnostics.acquireMs === 'number');
  assert.equal((a.state.surrogate as { kind: string }).kind, 'gp');
});

test('two asks without a tell get distinct points (pending trials are fantasized); a batch of 3 is distinct', async () => {
  const completed = await brDesign(8);
  for (const acquisition of ['log-ei', 'qlognei', 'ucb'] as const) {
    const policy = new BoPolicy();
    const first = await policy.suggest(req({ completed, algorithm: algo({ acquisition }) }));
    const second = await policy.suggest(req({ completed, pending: first.suggestions, algorithm: algo({ acquisition }), state: first.state }));
    assert.equal(second.diagnostics.phase, 'model', acquisition);
    assert.ok(dist(first.suggestions[0], second.suggestions[0], ['x1', 'x2']) > 1e-3, `${acquisition}: ${JSON.stringify([first.suggestions, second.suggestions])}`);
  }
  const batch = await new BoPolicy().suggest(req({ completed, count: 3 }));
  assert.equal(batch.suggestions.length, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) assert.ok(dist(batch.suggestions[i], batch.suggestions[j], ['x1', 'x2']) > 1e-3);
});

test('a batch that straddles the end of the initial design mixes Sobol and model points', async () => {
  const completed = await brDesign(4);
  const d = await new BoPolicy().suggest(req({ completed, count: 3 }));
  assert.equal(d.suggestions.length, 3);
  assert.equal(d.diagnostics.phase, 'model');
  assert.equal(d.diagnostics.initialDesignInBatch, 1);
});

test('a surrogate that throws falls back to a space-filling point and says why', async () => {
  const broken: Surrogate = {
    kind: 'broken',
    fit: async () => {
      throw new Error('cholesky exploded');
    },
  };
  const completed = await brDesign(6);
  const d = await new BoPolicy({ surrogate: broken }).suggest(req({ completed, count: 2 }));
  assert.equal(d.diagnostics.phase, 'fallback');
  assert.match(String(d.diagnostics.fallbackReason), /cholesky exploded/);
  assert.equal(d.suggestions.length, 2);
  const seen = [...completed.map((o) => o.params), ...d.suggestions];
  for (let i = 0; i < seen.length; i++) for (let j = 0; j < i; j++) assert.ok(dist(seen[i], seen[j], ['x1', 'x2']) > 1e-9);
  for (const s of d.suggestions) space2.validate(s);
});

test('direction: minimizing f and maximizing −f give identical suggestions; the model goes to the right end', async () => {
  // f(x) = (x − 0.3)² on [0, 1]: the minimizer is 0.3, the maximizer x = 1.
  const f = (p: Params) => ((p.x as number) - 0.3) ** 2;
  const xs = [0.05, 0.2, 0.45, 0.6, 0.8, 0.95];
  const obs = (g: (p: Params) => number) => xs.map((x) => ({ params: { x }, value: g({ x }) }));
  const base = { space: space1, algorithm: algo({ initialTrials: 5 }), pending: [], count: 1 };
  const min = await new BoPolicy().suggest({ ...base, direction: 'minimize', completed: obs(f) });
  const max = await new BoPolicy().suggest({ ...base, direction: 'maximize', completed: obs((p) => -f(p)) });
  assert.deepEqual(min.suggestions, max.suggestions);
  assert.ok(Math.abs((min.suggestions[0].x as number) - 0.3) < 0.1, `minimize went to ${min.suggestions[0].x}`);
  const up = await new BoPolicy().suggest({ ...base, direction: 'maximize', completed: obs(f) });
  assert.ok((up.suggestions[0].x as number) > 0.9, `maximize went to ${up.suggestions[0].x}`);
});

test('GP + LogEI on Branin: 30 evaluations reach simple regret < 0.05 (seed 3)', async () => {
  const obs = await loop(new BoPolicy(), brn, 30, { space: space2, algorithm: algo({ initialTrials: 10 }), direction: 'minimize', pending: [], count: 1 });
  const best = Math.min(...obs.map((o) => o.value));
  assert.ok(best - branin.optimum < 0.05, `regret ${best - branin.optimum}`);
});

test('every surrogate kind the protocol accepts is built and registered; none means the Sobol policy', () => {
  // A kind accepted on the wire but missing from the registry would fail every ask of its studies.
  for (const kind of SurrogateKind.options) if (kind !== 'none') assert.ok(hasSurrogate(kind), `surrogate '${kind}' is not registered`);
  assert.ok(createPolicy(algo({ surrogate: 'none' })) instanceof SobolPolicy);
});

test("outputTransform 'yeo-johnson' models heavy-tailed values and still heads for the minimum", async () => {
  // f = exp(12·|x − 0.3|) on [0, 1]: values span e^0 … e^8.4, a heavy right tail the z-score alone leaves skewed.
  const f = (p: Params) => Math.exp(12 * Math.abs((p.x as number) - 0.3));
  const completed = [0.05, 0.2, 0.45, 0.6, 0.8, 0.95].map((x) => ({ params: { x }, value: f({ x }) }));
  const d = await new BoPolicy({ outputTransform: 'yeo-johnson' }).suggest({ space: space1, algorithm: algo({ initialTrials: 5 }), direction: 'minimize', completed, pending: [], count: 1 });
  assert.equal(d.diagnostics.phase, 'model');
  assert.equal(d.diagnostics.outputTransform, 'yeo-johnson');
  assert.ok(Math.abs((d.suggestions[0].x as number) - 0.3) < 0.1, `went to ${d.suggestions[0].x}`);
});
