/** policy/outcome-resolution.ts: every row of its table, refusals by field path. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput, type EffectiveAlgorithm } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';
import { multiOutcomeAcquisition, resolveOutcomes } from '../../policy/outcome-resolution.js';
import { DEFAULT_SCALARIZED_START } from '../../policy/scalarized-start.js';

const PLAIN: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } };
const FIDELITY: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, n: { type: 'fidelity', levels: [{ value: 1, cost: 0.1 }, { value: 2, cost: 1 }] } };
const TWO = ['acc', 'latency'];
const THREE = ['a', 'b', 'c'];

type Row = { name: string; algorithm: AlgorithmInput; objectives: string[]; constraints?: string[]; space?: SpaceSpec; pool?: boolean; want: Partial<EffectiveAlgorithm> | { path: (string | number)[] } };

const TABLE: Row[] = [
  { name: 'one objective unchanged', algorithm: {}, objectives: ['acc'], want: { policy: 'bo', acquisition: 'qlognei' } },
  { name: 'two objectives, gp default -> qlognehvi', algorithm: {}, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qlognehvi' } },
  { name: 'five objectives, default -> qnparego', algorithm: {}, objectives: ['a', 'b', 'c', 'd', 'e'], want: { policy: 'multi-outcome', acquisition: 'qnparego' } },
  { name: 'five objectives, qlognehvi refused', algorithm: { acquisition: 'qlognehvi' }, objectives: ['a', 'b', 'c', 'd', 'e'], want: { path: ['algorithm', 'acquisition'] } },
  { name: 'two objectives, qnparego as asked', algorithm: { acquisition: 'qnparego' }, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qnparego' } },
  { name: 'dkl default (log-ei) -> qlognehvi', algorithm: { surrogate: 'dkl', surrogateOptions: { engine: 'js' } }, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qlognehvi' } },
  { name: 'two objectives, ucb refused', algorithm: { acquisition: 'ucb' }, objectives: TWO, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'stp (Student-t) -> qlognehvi', algorithm: { surrogate: 'stp' }, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qlognehvi' } },
  { name: 'hmc-bnn ensemble -> qlognehvi', algorithm: { surrogate: 'hmc-bnn', surrogateOptions: { engine: 'js', posterior: 'ensemble' } }, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qlognehvi' } },
  { name: 'deep-ensemble + constraint -> constrained qlognei', algorithm: { surrogate: 'deep-ensemble' }, objectives: ['acc'], constraints: ['mem'], want: { policy: 'multi-outcome', acquisition: 'qlognei' } },
  { name: 'bnn-sghmc, five objectives -> qnparego', algorithm: { surrogate: 'bnn-sghmc' }, objectives: ['a', 'b', 'c', 'd', 'e'], want: { policy: 'multi-outcome', acquisition: 'qnparego' } },
  { name: 'pfn refused (rows predicted independently)', algorithm: { surrogate: 'pfn' }, objectives: TWO, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'pfn with constraints refused', algorithm: { surrogate: 'pfn' }, objectives: ['acc'], constraints: ['mem'], want: { path: ['algorithm', 'surrogate'] } },
  { name: 'auto refused', algorithm: { surrogate: 'auto' }, objectives: TWO, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'none stays space filling', algorithm: { surrogate: 'none' }, objectives: TWO, want: { policy: 'space-filling', acquisition: 'none' } },
  { name: 'fidelity refused at objectives', algorithm: {}, objectives: TWO, space: FIDELITY, want: { path: ['objectives'] } },
  { name: 'pool with constraints refused at constraints', algorithm: {}, objectives: ['acc'], constraints: ['mem'], pool: true, want: { path: ['constraints'] } },
  { name: 'one objective + constraint -> constrained qlognei', algorithm: {}, objectives: ['acc'], constraints: ['mem'], want: { policy: 'multi-outcome', acquisition: 'qlognei' } },
  { name: 'one objective + constraint, log-ei refused', algorithm: { acquisition: 'log-ei' }, objectives: ['acc'], constraints: ['mem'], want: { path: ['algorithm', 'acquisition'] } },
  { name: 'one objective, qlognehvi refused', algorithm: { acquisition: 'qlognehvi' }, objectives: ['acc'], want: { path: ['algorithm', 'acquisition'] } },
  { name: 'constraint named like an objective', algorithm: {}, objectives: TWO, constraints: ['acc'], want: { path: ['constraints', 'acc'] } },
  { name: 'reference point with one objective', algorithm: { referencePoint: { acc: 0 } }, objectives: ['acc'], want: { path: ['algorithm', 'referencePoint'] } },
  { name: 'reference point naming an unknown objective', algorithm: { referencePoint: { acc: 0, latency: 1, cost: 3 } }, objectives: TWO, want: { path: ['algorithm', 'referencePoint', 'cost'] } },
  { name: 'reference point missing an objective', algorithm: { referencePoint: { acc: 0 } }, objectives: TWO, want: { path: ['algorithm', 'referencePoint', 'latency'] } },
  { name: 'three objectives, default: a scalarized start', algorithm: {}, objectives: THREE, want: { acquisition: 'qlognehvi', scalarizedStart: DEFAULT_SCALARIZED_START } },
  { name: 'four objectives, default: a scalarized start', algorithm: {}, objectives: [...THREE, 'd'], want: { acquisition: 'qlognehvi', scalarizedStart: DEFAULT_SCALARIZED_START } },
  { name: 'two objectives, default: none', algorithm: {}, objectives: TWO, want: { acquisition: 'qlognehvi', scalarizedStart: undefined } },
  { name: 'three objectives, qlognehvi by name: none', algorithm: { acquisition: 'qlognehvi' }, objectives: THREE, want: { acquisition: 'qlognehvi', scalarizedStart: undefined } },
  { name: 'three objectives, scalarizedStart 0 as asked', algorithm: { scalarizedStart: 0 }, objectives: THREE, want: { acquisition: 'qlognehvi', scalarizedStart: 0 } },
  { name: 'two objectives, scalarizedStart 5 as asked', algorithm: { scalarizedStart: 5 }, objectives: TWO, want: { acquisition: 'qlognehvi', scalarizedStart: 5 } },
  { name: 'scalarizedStart with qnparego refused', algorithm: { acquisition: 'qnparego', scalarizedStart: 5 }, objectives: THREE, want: { path: ['algorithm', 'scalarizedStart'] } },
  { name: 'scalarizedStart with five objectives (qnparego) refused', algorithm: { scalarizedStart: 5 }, objectives: ['a', 'b', 'c', 'd', 'e'], want: { path: ['algorithm', 'scalarizedStart'] } },
  { name: 'scalarizedStart with one objective refused', algorithm: { scalarizedStart: 5 }, objectives: ['acc'], want: { path: ['algorithm', 'scalarizedStart'] } },
  { name: 'scalarizedStart with one objective + constraint refused', algorithm: { scalarizedStart: 5 }, objectives: ['acc'], constraints: ['mem'], want: { path: ['algorithm', 'scalarizedStart'] } },
  { name: 'scalarizedStart with surrogate none refused', algorithm: { surrogate: 'none', scalarizedStart: 5 }, objectives: THREE, want: { path: ['algorithm', 'scalarizedStart'] } },
  { name: 'reference point complete', algorithm: { referencePoint: { acc: 0, latency: 1 } }, objectives: TWO, want: { policy: 'multi-outcome', acquisition: 'qlognehvi' } },
];

for (const row of TABLE) {
  test(`outcome resolution: ${row.name}`, () => {
    const algorithm = AlgorithmSpec.parse(row.algorithm);
    const space = createSearchSpace(row.space ?? PLAIN);
    const run = () => resolveOutcomes(resolveEffectiveAlgorithm({ algorithm, space, pool: row.pool ?? false }), { algorithm, objectives: row.objectives, constraints: row.constraints ?? [] });
    if ('path' in row.want) {
      const path = row.want.path;
      assert.throws(run, (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(path));
      return;
    }
    const got = run();
    for (const [k, v] of Object.entries(row.want)) assert.deepEqual(got[k as keyof EffectiveAlgorithm], v, k);
    // What the policy runs is what the study shows.
    if (got.policy === 'multi-outcome') assert.equal(multiOutcomeAcquisition(algorithm.acquisition, row.objectives.length), got.acquisition);
  });
}

test('outcome resolution: hmc-bnn moment-matched (its default) runs, and the notes say its networks are drawn as members', () => {
  const algorithm = AlgorithmSpec.parse({ surrogate: 'hmc-bnn', surrogateOptions: { engine: 'js' } });
  const got = resolveOutcomes(resolveEffectiveAlgorithm({ algorithm, space: createSearchSpace(PLAIN), pool: false }), { algorithm, objectives: TWO, constraints: [] });
  assert.equal(got.policy, 'multi-outcome');
  assert.equal(got.acquisition, 'qlognehvi');
  assert.ok(got.notes?.some((n) => n.includes('kept networks jointly')), JSON.stringify(got.notes));
});

test('outcome resolution: the pfn refusal says why (independent rows) and lists what runs', () => {
  const algorithm = AlgorithmSpec.parse({ surrogate: 'pfn' });
  assert.throws(
    () => resolveOutcomes(resolveEffectiveAlgorithm({ algorithm, space: createSearchSpace(PLAIN), pool: false }), { algorithm, objectives: TWO, constraints: [] }),
    (e: unknown) => e instanceof BoError && /predicts each point independently/.test(e.message) && /stp/.test(e.message) && /deep-ensemble/.test(e.message),
  );
});
