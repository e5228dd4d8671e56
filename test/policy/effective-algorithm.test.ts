import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput, type EffectiveAlgorithm } from '../../protocol/algorithm.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { needsTensorBackend, resolveEffectiveAlgorithm } from '../../policy/effective-algorithm.js';

const PLAIN: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'int', low: 0, high: 9 } };
const FIDELITY: SpaceSpec = {
  mix: { type: 'simplex', components: ['a', 'b', 'c'] },
  size: { type: 'fidelity', levels: [{ value: 'small', cost: 0.1 }, { value: 'large', cost: 1 }] },
};
/** 9 encoded dimensions: a categorical counts one per choice. */
const NINE: SpaceSpec = { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } };

type Row = {
  name: string;
  algorithm: AlgorithmInput;
  space: SpaceSpec;
  pool?: boolean;
  pfnMaxDim?: number;
  mode?: 'create' | 'stored';
  /** The effective algorithm (notes compared by count), or the refused field path. */
  want: Partial<EffectiveAlgorithm> | { path: (string | number)[] };
};

const TABLE: Row[] = [
  { name: 'gp default', algorithm: {}, space: PLAIN, want: { policy: 'bo', surrogate: 'gp', acquisition: 'qlognei', notes: [] } },
  { name: 'dkl ucb', algorithm: { surrogate: 'dkl', acquisition: 'ucb' }, space: PLAIN, want: { policy: 'bo', surrogate: 'dkl', acquisition: 'ucb', notes: [] } },
  { name: 'none', algorithm: { surrogate: 'none' }, space: PLAIN, want: { policy: 'space-filling', surrogate: 'none', acquisition: 'none' } },
  { name: 'none in pool mode', algorithm: { surrogate: 'none' }, space: PLAIN, pool: true, want: { policy: 'pool', surrogate: 'none', acquisition: 'none' } },
  { name: 'none with an acquisition', algorithm: { surrogate: 'none', acquisition: 'ucb' }, space: PLAIN, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'none with an option', algorithm: { surrogate: 'none', surrogateOptions: { depth: 3 } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'depth'] } },
  { name: 'gp unknown option', algorithm: { surrogateOptions: { presett: 'botorch' } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'presett'] } },
  { name: 'gp bad option', algorithm: { surrogateOptions: { kernel: 'cosine' } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'kernel'] } },
  { name: 'gp unknown likelihood', algorithm: { surrogateOptions: { likelihood: 'student-t' } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'likelihood'] } },
  { name: 'gp quadratic trend (session 14)', algorithm: { surrogateOptions: { trend: 'quadratic' } }, space: PLAIN, want: { policy: 'bo', surrogate: 'gp', acquisition: 'qlognei', gpTrend: 'quadratic', notes: [] } },
  { name: 'gp unknown trend', algorithm: { surrogateOptions: { trend: 'cubic' } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'trend'] } },
  { name: 'gp + fidelity + trend (mf-gp has no trend)', algorithm: { surrogateOptions: { trend: 'quadratic' } }, space: FIDELITY, want: { path: ['algorithm', 'surrogateOptions'] } },
  { name: 'gp + pool + trend (mf-gp has no trend)', algorithm: { surrogateOptions: { trend: 'quadratic' } }, space: PLAIN, pool: true, want: { path: ['algorithm', 'surrogateOptions'] } },
  { name: 'gp robust-only option on the Gaussian likelihood', algorithm: { surrogateOptions: { outlierPenalty: 2 } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'outlierPenalty'] } },
  { name: 'deep-ensemble qlognei', algorithm: { surrogate: 'deep-ensemble', acquisition: 'qlognei' }, space: PLAIN, want: { policy: 'bo', surrogate: 'deep-ensemble', acquisition: 'qlognei', notes: [] } },
  { name: 'deep-ensemble bad option', algorithm: { surrogate: 'deep-ensemble', surrogateOptions: { members: 0 } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'members'] } },
  { name: 'bnn-sghmc unknown option', algorithm: { surrogate: 'bnn-sghmc', surrogateOptions: { leapfrog: 3 } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'leapfrog'] } },
  { name: 'bnn-sghmc + fidelity', algorithm: { surrogate: 'bnn-sghmc' }, space: FIDELITY, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'hmc-bnn bad posterior', algorithm: { surrogate: 'hmc-bnn', surrogateOptions: { posterior: 'gaussian' } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'posterior'] } },
  { name: 'pfn unknown option', algorithm: { surrogate: 'pfn', surrogateOptions: { steps: 3 } }, space: PLAIN, want: { path: ['algorithm', 'surrogateOptions', 'steps'] } },
  { name: 'gp + fidelity -> mf-gp, mf-mes', algorithm: { surrogate: 'gp' }, space: FIDELITY, want: { policy: 'multi-fidelity', surrogate: 'mf-gp', acquisition: 'mf-mes', notes: ['', ''] } },
  { name: 'gp + fidelity + cost-ei', algorithm: { acquisition: 'cost-ei' }, space: FIDELITY, want: { policy: 'multi-fidelity', surrogate: 'mf-gp', acquisition: 'cost-ei', notes: [''] } },
  { name: 'gp + fidelity + ucb', algorithm: { acquisition: 'ucb' }, space: FIDELITY, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'gp + fidelity + log-ei', algorithm: { acquisition: 'log-ei' }, space: FIDELITY, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'gp + fidelity + thompson', algorithm: { acquisition: 'thompson' }, space: FIDELITY, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'dkl + fidelity', algorithm: { surrogate: 'dkl' }, space: FIDELITY, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'gp + fidelity + surrogateOptions', algorithm: { surrogateOptions: { preset: 'botorch' } }, space: FIDELITY, want: { path: ['algorithm', 'surrogateOptions'] } },
  { name: 'none + fidelity', algorithm: { surrogate: 'none' }, space: FIDELITY, want: { policy: 'space-filling', surrogate: 'none' } },
  { name: 'gp + pool', algorithm: {}, space: PLAIN, pool: true, want: { policy: 'pool', surrogate: 'mf-gp', acquisition: 'mf-mes' } },
  { name: 'nngp + pool', algorithm: { surrogate: 'nngp' }, space: PLAIN, pool: true, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'gp + pool + ucb', algorithm: { acquisition: 'ucb' }, space: PLAIN, pool: true, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'mf-mes without fidelity or pool', algorithm: { acquisition: 'mf-mes' }, space: PLAIN, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'multiFidelity without fidelity or pool', algorithm: { multiFidelity: { kernel: 'icm' } }, space: PLAIN, want: { path: ['algorithm', 'multiFidelity'] } },
  { name: 'multiFidelity with a fidelity parameter', algorithm: { multiFidelity: { kernel: 'icm' } }, space: FIDELITY, want: { policy: 'multi-fidelity', surrogate: 'mf-gp' } },
  { name: 'pfn qlognei', algorithm: { surrogate: 'pfn', acquisition: 'qlognei' }, space: PLAIN, want: { path: ['algorithm', 'acquisition'] } },
  { name: 'pfn over 8 dims', algorithm: { surrogate: 'pfn' }, space: NINE, pfnMaxDim: 8, want: { path: ['algorithm', 'surrogate'] } },
  { name: 'pfn within 8 dims', algorithm: { surrogate: 'pfn' }, space: PLAIN, pfnMaxDim: 8, want: { policy: 'bo', surrogate: 'pfn', acquisition: 'log-ei', limits: { maxDim: 8 } } },
  { name: 'ucbBeta with ucb', algorithm: { acquisition: 'ucb', ucbBeta: 4 }, space: PLAIN, want: { policy: 'bo', acquisition: 'ucb', notes: [] } },
  { name: 'ucbBeta with log-ei', algorithm: { acquisition: 'log-ei', ucbBeta: 4 }, space: PLAIN, want: { path: ['algorithm', 'ucbBeta'] } },
  { name: 'ucbBeta with a fidelity parameter', algorithm: { ucbBeta: 4 }, space: FIDELITY, want: { path: ['algorithm', 'ucbBeta'] } },
  // A study stored before the effective algorithm: its old substitutions stand, named.
  { name: 'stored: dkl + fidelity + ucb', algorithm: { surrogate: 'dkl', acquisition: 'ucb' }, space: FIDELITY, mode: 'stored', want: { policy: 'multi-fidelity', surrogate: 'mf-gp', acquisition: 'mf-mes', notes: ['', ''] } },
  { name: 'stored: pfn qlognei', algorithm: { surrogate: 'pfn', acquisition: 'qlognei' }, space: PLAIN, mode: 'stored', want: { policy: 'bo', surrogate: 'pfn', acquisition: 'log-ei', notes: [''] } },
  { name: 'stored: mf-mes without fidelity never ran', algorithm: { acquisition: 'mf-mes' }, space: PLAIN, mode: 'stored', want: { path: ['algorithm', 'acquisition'] } },
];

test('the effective algorithm of each (spec, space) in the table, or the refused field path', () => {
  for (const row of TABLE) {
    const input = { algorithm: AlgorithmSpec.parse(row.algorithm), space: createSearchSpace(row.space), pool: row.pool ?? false, pfnMaxDim: row.pfnMaxDim, mode: row.mode };
    if ('path' in row.want) {
      const want = row.want.path;
      assert.throws(
        () => resolveEffectiveAlgorithm(input),
        (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && want.every((p, i) => e.issues?.[0]?.path[i] === p),
        row.name,
      );
      continue;
    }
    const got = resolveEffectiveAlgorithm(input);
    const { notes, ...rest } = row.want;
    for (const [k, v] of Object.entries(rest)) assert.deepEqual(got[k as keyof EffectiveAlgorithm], v, `${row.name}: ${k}`);
    if (notes !== undefined) assert.equal(got.notes?.length ?? 0, notes.length, `${row.name}: notes ${JSON.stringify(got.notes)}`);
  }
});

test('a pfn study over 8 dimensions is refused at create, not Sobol forever (message names both counts)', () => {
  const input = { algorithm: AlgorithmSpec.parse({ surrogate: 'pfn' }), space: createSearchSpace(NINE), pool: false, pfnMaxDim: 8 };
  assert.throws(() => resolveEffectiveAlgorithm(input), /at most 8 encoded dimensions .* encodes to 9/);
});

test('which algorithms need a TensorFlow.js backend checked at create', () => {
  const needs = (a: AlgorithmInput) => needsTensorBackend(AlgorithmSpec.parse(a));
  assert.equal(needs({ surrogate: 'pfn' }), true);
  assert.equal(needs({ surrogate: 'dkl' }), true);
  assert.equal(needs({ surrogate: 'dkl', surrogateOptions: { engine: 'js' } }), false);
  assert.equal(needs({ surrogate: 'hmc-bnn', surrogateOptions: { engine: 'js' } }), false);
  assert.equal(needs({ surrogate: 'deep-ensemble' }), false);
  assert.equal(needs({ surrogate: 'bnn-sghmc' }), false);
  assert.equal(needs({ surrogate: 'gp' }), false);
  assert.equal(needs({ surrogate: 'nngp' }), false);
});

test("gpTrend is recorded only when not 'constant': the default and an explicit 'constant' leave today's record unchanged", () => {
  const space = createSearchSpace(PLAIN);
  for (const surrogateOptions of [undefined, { trend: 'constant' }]) {
    const e = resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse({ surrogate: 'gp', ...(surrogateOptions ? { surrogateOptions } : {}) }), space, pool: false });
    assert.equal('gpTrend' in e, false, JSON.stringify(e));
  }
});

test('gpLengthscalePrior records the prior a GP study runs at its encoded dimension: Gamma up to 10, dimension-scaled above, an explicit one as given', () => {
  const floats = (d: number): SpaceSpec => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }]));
  const record = (spec: SpaceSpec, algorithm: AlgorithmInput = { surrogate: 'gp' }) => resolveEffectiveAlgorithm({ algorithm: AlgorithmSpec.parse(algorithm), space: createSearchSpace(spec), pool: false }).gpLengthscalePrior;
  assert.equal(record(PLAIN), 'gamma');
  assert.equal(record(floats(10)), 'gamma');
  assert.equal(record(floats(11)), 'dimension-scaled');
  // The encoded dimension decides: 9 floats and a 3-choice categorical encode to 12 columns.
  assert.equal(record({ ...floats(9), c: { type: 'categorical', choices: ['a', 'b', 'c'] } }), 'dimension-scaled');
  assert.equal(record(floats(20), { surrogate: 'gp', surrogateOptions: { lengthscalePrior: 'gamma' } }), 'gamma');
  assert.equal(record(PLAIN, { surrogate: 'gp', surrogateOptions: { preset: 'botorch' } }), 'dimension-scaled');
  assert.equal(record(floats(20), { surrogate: 'nngp' }), undefined);
});
