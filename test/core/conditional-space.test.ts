/**
 * Conditional parameters in the search space (core/conditions.ts, core/search-space.ts): encode /
 * decode round trips over random nested assignments, inactive columns at their fixed values,
 * project/decode consistency on random rows, samples with only active params, and spec and
 * params validation with field paths. Reference: test/core/conditional-fixture.ts, a recursive
 * reading of the `when` definition independent of the topological evaluation under test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { NESTED, isActive, randomFull, referenceActive } from './conditional-fixture.js';

const space = createSearchSpace(NESTED);

/** The fixed value each inactive column must hold: 0.5 for numeric columns, 1/C for a categorical's C columns. */
function expectedFill(name: string): number {
  const p = NESTED[name]!;
  return p.type === 'categorical' ? 1 / p.choices.length : 0.5;
}

function columnsOf(name: string): number[] {
  const d = space.dimensions.find((x) => x.name === name)!;
  return 'indices' in d ? d.indices : [d.index];
}

function assertClose(a: Params, b: Params): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  for (const k of Object.keys(a)) {
    if (typeof a[k] === 'number') assert.ok(Math.abs((a[k] as number) - (b[k] as number)) <= 1e-9 * Math.max(1, Math.abs(b[k] as number)), `${k}: ${a[k]} vs ${b[k]}`);
    else assert.equal(a[k], b[k], k);
  }
}

describe('conditional search space', () => {
  it('round trips 2000 random nested assignments; inactive columns hold their fixed values', () => {
    const rng = createRng(11);
    const branches = new Set<string>();
    for (let t = 0; t < 2000; t++) {
      const params = referenceActive(NESTED, randomFull(NESTED, rng));
      branches.add(Object.keys(params).sort().join(','));
      const x = space.encode(params);
      assertClose(space.decode(x), params);
      assert.deepEqual(Array.from(space.project(x)), Array.from(x), 'an encoded point is already valid');
      for (const name of Object.keys(NESTED)) {
        if (name in params) continue;
        for (const i of columnsOf(name)) assert.equal(x[i], expectedFill(name), `${name} column ${i}`);
      }
      const inactive = new Map(space.inactiveCoordinates(x).map((c) => [c.index, c.value]));
      const expected = Object.keys(NESTED).filter((n) => !(n in params)).flatMap(columnsOf);
      assert.deepEqual([...inactive.keys()].sort((a, b) => a - b), expected.sort((a, b) => a - b));
    }
    // Every combination of active sets the nesting allows is reached (linear, tree, 4 mlp layer counts × relu or not, both).
    assert.ok(branches.size >= 10, `only ${branches.size} branches drawn`);
  });

  it('random rows: decode keeps exactly the active params, encode(decode(x)) = project(x), project is idempotent', () => {
    const rng = createRng(12);
    for (let t = 0; t < 1000; t++) {
      const x = Float64Array.from({ length: space.dim }, () => rng.uniform());
      const p = space.decode(x);
      const names = Object.keys(NESTED).filter((n) => n in p);
      // Activity judged from the decoded parents' values, by the reference definition.
      const full = { ...p };
      for (const n of Object.keys(NESTED)) if (!(n in full)) full[n] = '__absent__';
      assert.deepEqual(names, Object.keys(NESTED).filter((n) => isActive(NESTED, n, full)));
      const xp = space.project(x);
      assert.deepEqual(Array.from(space.project(xp)), Array.from(xp));
      // Float columns go through user units (log/exp), so equal up to rounding.
      space.encode(p).forEach((v, j) => assert.ok(Math.abs(v - xp[j]) <= 1e-12, `column ${j}: ${v} vs ${xp[j]}`));
      assertClose(space.decode(xp), p);
    }
  });

  it('sample and sequence points name only active params and cover every model branch', () => {
    const X = space.sample(256, createRng(5));
    const seq = space.sequence(createRng(5));
    const models = new Set<unknown>();
    for (let i = 0; i < X.rows; i++) {
      const row = X.data.subarray(i * X.cols, (i + 1) * X.cols);
      assert.deepEqual(Array.from(seq.point(i)), Array.from(row));
      const p = space.decode(row);
      space.validate(p); // exactly the active params, each in range
      models.add(p.model);
    }
    assert.equal(models.size, 3);
  });

  it('unconditional spaces are unchanged: not conditional, no inactive coordinates, activeParams is a copy', () => {
    const plain = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'categorical', choices: ['x', 'y'] } });
    assert.equal(plain.conditional, false);
    assert.deepEqual(plain.inactiveCoordinates(new Float64Array(plain.dim).fill(0.3)), []);
    assert.deepEqual(plain.activeParams({ a: 0.2, b: 'y' }), { a: 0.2, b: 'y' });
    assert.equal(space.conditional, true);
    assert.deepEqual(space.conditionColumns, [columnsOf('layers')[0]], 'int parents are moved by discrete steps only');
  });
});

describe('conditional params validation', () => {
  const base: Params = { lr: 0.01, model: 'mlp', layers: 3, width2: 32, width3: 64, act: 'relu', slope: 0.1 };
  const cases: [string, Params, (string | number)[], RegExp][] = [
    ['an inactive parameter given', { ...base, C: 1 }, ['params', 'C'], /inactive \('model' is "mlp"; it applies only when 'model' is one of "linear"\)/],
    ['a nested inactive parameter given', { ...base, act: 'tanh' }, ['params', 'slope'], /inactive/],
    ['a grandchild of an inactive branch', { lr: 0.01, model: 'tree', depth: 3, width2: 16 }, ['params', 'width2'], /parent 'layers' is inactive/],
    ['an active parameter missing', { ...base, width3: undefined as never }, ['params', 'width3'], /missing parameter/],
    ['a parent outside its domain (reported before its children)', { ...base, model: 'svm' }, ['params', 'model'], /not one of the choices/],
    ['an int parent outside its range', { ...base, layers: 9 }, ['params', 'layers'], /outside \[1, 4\]/],
  ];
  for (const [what, params, path, message] of cases) {
    it(`rejects ${what} with its path`, () => {
      assert.throws(() => space.encode(params), (e: unknown) => {
        assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT', String(e));
        assert.deepEqual(e.issues?.[0]?.path, path, e.message);
        assert.match(e.message, message);
        return true;
      });
    });
  }
  it('accepts exactly the active params of both multi-key branches', () => {
    space.validate({ lr: 0.1, model: 'mlp', layers: 4, width2: 8, width3: 8, act: 'gelu', both: 0.5 });
    space.validate({ lr: 0.1, model: 'tree', depth: 2 }); // layers inactive, so `both` is inactive too
  });
});

describe('conditional spec validation', () => {
  const cat = { type: 'categorical' as const, choices: ['a', 'b'] };
  const cases: [string, SpaceSpec, (string | number)[], RegExp][] = [
    ['an unknown parent', { m: cat, x: { type: 'float', low: 0, high: 1, when: { nope: ['a'] } } }, ['space', 'x', 'when', 'nope'], /unknown parent/],
    ['a float parent', { f: { type: 'float', low: 0, high: 1 }, x: { type: 'float', low: 0, high: 1, when: { f: [0.5] } } }, ['space', 'x', 'when', 'f'], /must be categorical or int/],
    ['a value not among the choices', { m: cat, x: { type: 'float', low: 0, high: 1, when: { m: ['a', 'c'] } } }, ['space', 'x', 'when', 'm', 1], /"c" is not a value of 'm'/],
    ['an int value outside the range', { n: { type: 'int', low: 1, high: 3 }, x: { type: 'float', low: 0, high: 1, when: { n: [4] } } }, ['space', 'x', 'when', 'n', 0], /not a value/],
    ['a non-integer int value', { n: { type: 'int', low: 1, high: 3 }, x: { type: 'float', low: 0, high: 1, when: { n: [1.5] } } }, ['space', 'x', 'when', 'n', 0], /not a value/],
    ['a duplicate value', { m: cat, x: { type: 'float', low: 0, high: 1, when: { m: ['a', 'a'] } } }, ['space', 'x', 'when', 'm', 1], /duplicate/],
    ['a self condition', { m: { ...cat, when: { m: ['a'] } } }, ['space', 'm', 'when', 'm'], /itself/],
    ['a cycle', { p: { ...cat, when: { q: ['a'] } }, q: { ...cat, when: { r: ['b'] } }, r: { ...cat, when: { p: ['a'] } } }, ['space', 'p', 'when', 'q'], /cycle: p -> q -> r -> p/],
    ['a conditional simplex', { m: cat, w: { type: 'simplex', components: ['u', 'v'], when: { m: ['a'] } } }, ['space', 'w', 'when'], /simplex parameter cannot be conditional/],
    ['a conditional fidelity', { m: cat, s: { type: 'fidelity', levels: [{ value: 1, cost: 1 }], when: { m: ['a'] } } }, ['space', 's', 'when'], /fidelity parameter cannot be conditional/],
    ['a never-active parameter (contradictory nesting)', { m: cat, x: { type: 'int', low: 1, high: 3, when: { m: ['a'] } }, y: { type: 'float', low: 0, high: 1, when: { x: [2], m: ['b'] } } }, ['space', 'y', 'when'], /never active/],
    ['an empty condition', { m: cat, x: { type: 'float', low: 0, high: 1, when: {} } }, ['space', 'x', 'when'], /at least one parent/],
    ['an empty value list', { m: cat, x: { type: 'float', low: 0, high: 1, when: { m: [] } } }, ['space', 'x', 'when', 'm'], />=1 items/],
  ];
  for (const [what, spec, path, message] of cases) {
    it(`rejects ${what} at ${path.join('.')}`, () => {
      assert.throws(() => createSearchSpace(spec), (e: unknown) => {
        assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT', String(e));
        assert.deepEqual(e.issues?.[0]?.path, path, e.message);
        assert.match(e.issues?.[0]?.message ?? '', message);
        return true;
      });
    });
  }
  it('accepts a parent given after its child in the spec (order is topological, not positional)', () => {
    const s = createSearchSpace({ x: { type: 'float', low: 0, high: 1, when: { m: ['b'] } }, m: cat });
    assert.deepEqual(s.decode(s.encode({ m: 'b', x: 0.25 })), { x: 0.25, m: 'b' });
    assert.deepEqual(s.decode(s.encode({ m: 'a' })), { m: 'a' });
  });
});
