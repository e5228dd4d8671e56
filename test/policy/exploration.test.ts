/**
 * Exploratory asks (protocol/exploration.ts, policy/exploration.ts, policy/bo-policy.ts):
 * - the ε draws are uniform: the share below ε over 20,000 trial counts is within 5 binomial sd of ε,
 *   and the decision is the draw compared with ε;
 * - the skill statistic is Spearman's ρ of the leave-one-out means, checked against brute force: the
 *   fitted GP conditioned afresh on the other n − 1 rows (FittedGp.onData, same hyperparameters)
 *   predicts each left-out row;
 * - the gate explores exactly when ρ < minSkill (fake models whose LOO means are y or −y: ρ = ±1),
 *   and is not read below 10 observations;
 * - in the policy an exploratory ask is the point a Sobol study of the same seed asks at that trial
 *   count; ε = 0 without a gate changes nothing (the same suggestion as mode 'off'); a spec without the
 *   field runs the family's default (policy/exploration-default.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createRng } from '../../core/rng.js';
import { branin } from '../../benchmarks/problems/branin.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { BoPolicy } from '../../policy/bo-policy.js';
import { epsilonDraw, explorationDecision, leaveOneOutSkill } from '../../policy/exploration.js';
import { DEFAULT_EXPLORATION, defaultExploration } from '../../policy/exploration-default.js';
import { spearman } from '../../policy/rank-correlation.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Observation } from '../../policy/types.js';
import type { FittedGp } from '../../surrogates/gp/fitted-gp.js';
import { createSurrogate } from '../../surrogates/registry.js';
import type { FittedSurrogate } from '../../surrogates/types.js';

const space = createSearchSpace({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } });
const algo = (input: AlgorithmInput = {}) => AlgorithmSpec.parse({ surrogate: 'gp', acquisition: 'log-ei', seed: 9, ...input });

async function design(n: number): Promise<Observation[]> {
  const d = await new SobolPolicy().suggest({ space, algorithm: algo({ surrogate: 'none' }), direction: 'minimize', completed: [], pending: [], count: n });
  return d.suggestions.map((params) => ({ params, value: branin.f([params.x1 as number, params.x2 as number]) }));
}

test('ε draws: the share below 0.1 over 20,000 trial counts is within 5 binomial sd; deterministic by (seed, trials)', () => {
  const n = 20000;
  let below = 0;
  for (let t = 0; t < n; t++) if (epsilonDraw(42, t) < 0.1) below++;
  assert.ok(Math.abs(below - 0.1 * n) < 5 * Math.sqrt(n * 0.1 * 0.9), `${below} of ${n}`);
  assert.equal(epsilonDraw(42, 17), epsilonDraw(42, 17));
  assert.notEqual(epsilonDraw(42, 17), epsilonDraw(43, 17));
});

/** A model whose leave-one-out means are `means` (no posterior: the gate reads only LOO). */
const fakeModel = (means: number[] | undefined): FittedSurrogate =>
  ({ kind: 'fake', dim: 1, posterior: () => { throw new Error('not used'); }, diagnostics: () => ({}), state: () => ({ kind: 'fake' }),
    capabilities: { posteriorKind: 'gaussian', ...(means ? { leaveOneOut: () => ({ mean: Float64Array.from(means), variance: new Float64Array(means.length).fill(1) }) } : {}) } }) as unknown as FittedSurrogate;

test('the decision: ε alone explores iff draw < ε; the gate iff ρ < minSkill; a model without LOO says why', () => {
  const y = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, -2.1, 0.05, 1.1, -0.7];
  for (let t = 0; t < 200; t++) {
    const d = explorationDecision({ mode: 'epsilon', epsilon: 0.3 }, 5, t, fakeModel(y), y)!;
    assert.equal(d.explore, epsilonDraw(5, t) < 0.3);
    assert.equal(d.reason, d.explore ? 'epsilon' : undefined);
  }
  const skilled = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: 0 }, 5, 3, fakeModel(y), y)!;
  assert.equal(skilled.skill, 1);
  assert.equal(skilled.explore, false);
  const inverted = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: 0 }, 5, 3, fakeModel(y.map((v) => -v)), y)!;
  assert.equal(inverted.skill, -1);
  assert.deepEqual([inverted.explore, inverted.reason], [true, 'skill']);
  const flat = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: -1 }, 5, 3, fakeModel(y), y.map(() => 1))!;
  assert.deepEqual([flat.skill, flat.explore], [null, true], 'constant data have no ranking: counted as no skill');
  const blind = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: 0 }, 5, 3, fakeModel(undefined), y)!;
  assert.equal(blind.explore, false);
  assert.match(blind.skillSkipped!, /leave-one-out/);
  const few = explorationDecision({ mode: 'epsilon', epsilon: 0, minSkill: 0 }, 5, 3, fakeModel(y.slice(0, 9).map((v) => -v)), y.slice(0, 9))!;
  assert.deepEqual([few.explore, few.skill], [false, undefined], 'below 10 observations the gate is not read');
  assert.match(few.skillSkipped!, /9 observations/);
  assert.equal(explorationDecision({ mode: 'off' }, 5, 3, fakeModel(y), y), undefined);
  assert.equal(explorationDecision(undefined, 5, 3, fakeModel(y), y), undefined);
});

test("the skill statistic equals Spearman's ρ of brute-force leave-one-out means (each row predicted by the GP refitted on the others)", async () => {
  const rng = createRng(21);
  const n = 14;
  const X = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X.data[2 * i]) + X.data[2 * i + 1] ** 2 + 0.1 * rng.normal());
  const model = (await createSurrogate('gp', {}).fit({ X, y }, { rng: createRng(4) })) as FittedGp;
  const brute: number[] = [];
  for (let i = 0; i < n; i++) {
    const keep = [...Array(n).keys()].filter((k) => k !== i);
    const Xi = { rows: n - 1, cols: 2, data: Float64Array.from(keep.flatMap((k) => [X.data[2 * k], X.data[2 * k + 1]])) };
    const other = model.onData({ X: Xi, y: Float64Array.from(keep.map((k) => y[k])) });
    brute.push(other.posterior({ rows: 1, cols: 2, data: X.data.slice(2 * i, 2 * i + 2) }).mean()[0]);
  }
  const skill = leaveOneOutSkill(model, y)!;
  assert.ok(Math.abs(skill - spearman(brute, Array.from(y))) < 1e-12, `${skill} vs brute force ${spearman(brute, Array.from(y))}`);
  assert.ok(skill > 0.5, 'a smooth function with small noise is ranked well');
});

test('an exploratory ask is the Sobol study\'s point at that trial count; ε = 0 without a gate changes nothing', async () => {
  const completed = await design(8);
  const req = (input: AlgorithmInput) => ({ space, algorithm: algo(input), direction: 'minimize' as const, completed, pending: [], count: 1 });
  const explore = await new BoPolicy().suggest(req({ exploration: { mode: 'epsilon', epsilon: 1 } }));
  assert.equal(explore.diagnostics.phase, 'exploration');
  assert.deepEqual((explore.diagnostics.exploration as { reason: string }).reason, 'epsilon');
  const sobol = await new SobolPolicy().suggest({ ...req({ surrogate: 'none' }) });
  assert.deepEqual(explore.suggestions, sobol.suggestions);
  assert.ok(explore.state.surrogate, 'the fit is kept as warm state');
  const plain = await new BoPolicy().suggest(req({ exploration: { mode: 'off' } }));
  assert.equal(plain.diagnostics.exploration, undefined);
  const zero = await new BoPolicy().suggest(req({ exploration: { mode: 'epsilon', epsilon: 0 } }));
  assert.equal(zero.diagnostics.phase, 'model');
  assert.deepEqual(zero.suggestions, plain.suggestions);
  assert.equal((zero.diagnostics.exploration as { explore: boolean }).explore, false);
});

test("a spec without the field runs the family's default: gp and auto explore by default, nngp does not", async () => {
  const completed = await design(8);
  const req = (input: AlgorithmInput) => ({ space, algorithm: algo(input), direction: 'minimize' as const, completed, pending: [], count: 1 });
  const unnamed = await new BoPolicy().suggest(req({}));
  const named = await new BoPolicy().suggest(req({ exploration: DEFAULT_EXPLORATION }));
  assert.deepEqual(unnamed.suggestions, named.suggestions);
  assert.deepEqual(unnamed.diagnostics.exploration, named.diagnostics.exploration);
  assert.equal((unnamed.diagnostics.exploration as { minSkill: number }).minSkill, 0);
  assert.deepEqual(defaultExploration('auto'), DEFAULT_EXPLORATION);
  assert.deepEqual(defaultExploration('nngp'), { mode: 'off' });
});
