import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Params, ParamValue, SpaceSpec } from '../../protocol/space.js';
import { BoError } from '../../core/errors.js';
import { createRng, type Rng } from '../../core/rng.js';
import { createSearchSpace, MAX_INT_GRID } from '../../core/search-space.js';
import { dirichlet } from '../../core/simplex.js';

const comps = (prefix: string, k: number): string[] => Array.from({ length: k }, (_, i) => `${prefix}${i}`);

/** Every parameter type, including log float, log int, mixed-type categoricals and simplex K = 2, 5, 19, 30. */
const MIXED: SpaceSpec = {
  lr: { type: 'float', low: 1e-5, high: 0.1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  shift: { type: 'float', low: -3, high: 7 },
  layers: { type: 'int', low: 1, high: 8 },
  width: { type: 'int', low: 16, high: 4096, log: true },
  small_log: { type: 'int', low: 1, high: 3, log: true },
  offset: { type: 'int', low: -1000000, high: 1000000 },
  opt: { type: 'categorical', choices: ['adam', 'sgd', 'lion'] },
  mixed: { type: 'categorical', choices: ['a', 1, true, 2.5, false, '1'] },
  single: { type: 'categorical', choices: ['only'] },
  mix2: { type: 'simplex', components: comps('a', 2) },
  mix5: { type: 'simplex', components: comps('b', 5) },
  mix19: { type: 'simplex', components: comps('c', 19) },
  mix30: { type: 'simplex', components: comps('d', 30) },
  fid: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'medium', cost: 4 }, { value: 2048, cost: 16 }] },
  fid1: { type: 'fidelity', levels: [{ value: 'full', cost: 1 }] },
};

/** A random valid value for each parameter (endpoints and sparse weights included on purpose). */
function randomParams(spec: SpaceSpec, rng: Rng): Params {
  const out: Params = {};
  for (const [name, p] of Object.entries(spec)) {
    const edge = rng.uniform();
    switch (p.type) {
      case 'float': {
        const u = edge < 0.05 ? 0 : edge < 0.1 ? 1 : rng.uniform();
        out[name] = u === 0 ? p.low : u === 1 ? p.high : p.log ? Math.exp(Math.log(p.low) + u * (Math.log(p.high) - Math.log(p.low))) : p.low + u * (p.high - p.low);
        break;
      }
      case 'int':
        out[name] = edge < 0.05 ? p.low : edge < 0.1 ? p.high : p.low + rng.int(p.high - p.low + 1);
        break;
      case 'categorical':
        out[name] = p.choices[rng.int(p.choices.length)];
        break;
      case 'simplex': {
        const w = dirichlet(p.components.map(() => 0.3 + rng.uniform()), rng);
        if (edge < 0.2) { // a sparse mixture: some exact zeros
          w[rng.int(w.length)] = 0;
          const s = w.reduce((a, b) => a + b, 0);
          for (let i = 0; i < w.length; i++) w[i] /= s;
        }
        out[name] = Object.fromEntries(p.components.map((c, i) => [c, w[i]]));
        break;
      }
      case 'fidelity':
        out[name] = p.levels[rng.int(p.levels.length)].value;
        break;
    }
  }
  return out;
}

function assertSameParams(got: Params, want: Params, spec: SpaceSpec): void {
  assert.deepEqual(Object.keys(got), Object.keys(want));
  for (const [name, p] of Object.entries(spec)) {
    const g = got[name] as ParamValue;
    const w = want[name] as ParamValue;
    if (p.type === 'float') assert.ok(Math.abs((g as number) - (w as number)) <= 1e-9 * Math.max(1e-300, Math.abs(w as number)), `${name}: ${g} vs ${w}`);
    else if (p.type === 'simplex') {
      const gw = g as Record<string, number>;
      const ww = w as Record<string, number>;
      assert.deepEqual(Object.keys(gw), Object.keys(ww));
      for (const c of p.components) assert.ok(Math.abs(gw[c] - ww[c]) <= 1e-12, `${name}.${c}: ${gw[c]} vs ${ww[c]}`);
    } else assert.equal(g, w, name);
  }
}

/** Assert fn throws INVALID_ARGUMENT whose message and issue path name `name`. */
function assertInvalid(fn: () => unknown, name: string, pathStart: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BoError, `not a BoError: ${String(e)}`);
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.ok(e.message.includes(name), `message '${e.message}' does not name ${name}`);
    assert.ok(e.issues?.some((i) => i.path[0] === pathStart && i.path.includes(name)), `no issue path names ${name}: ${JSON.stringify(e.issues)}`);
    return true;
  });
}

describe('createSearchSpace: encoding layout', () => {
  const space = createSearchSpace(MIXED);
  it('has one column per float/int/fidelity, one-hot blocks and K simplex columns', () => {
    assert.equal(space.dim, 3 + 4 + (3 + 6 + 1) + (2 + 5 + 19 + 30) + 2);
    assert.deepEqual(space.dimensions.map((d) => d.kind), ['continuous', 'continuous', 'continuous', 'integer', 'integer', 'integer', 'integer', 'categorical', 'categorical', 'categorical', 'simplex', 'simplex', 'simplex', 'simplex', 'fidelity', 'fidelity']);
    const opt = space.dimensions[7];
    assert.ok(opt.kind === 'categorical' && opt.choices === 3 && opt.indices.join() === '7,8,9');
    const fid = space.dimensions[14];
    assert.ok(fid.kind === 'fidelity');
    assert.deepEqual(Array.from(fid.grid), [0, 0.5, 1]);
    assert.deepEqual(fid.costs, [1, 4, 16]);
    assert.equal(fid.target, 2, 'target defaults to the costliest level');
    const fid1 = space.dimensions[15];
    assert.ok(fid1.kind === 'fidelity' && fid1.grid[0] === 1 && fid1.target === 0);
  });
  it('int grids list the encoded value of every admissible integer (empty past the cap)', () => {
    for (const name of ['layers', 'width', 'small_log']) {
      const d = space.dimensions.find((x) => x.name === name)!;
      assert.ok(d.kind === 'integer');
      const p = MIXED[name] as { low: number; high: number };
      assert.equal(d.grid.length, p.high - p.low + 1);
      for (let k = p.low; k <= p.high; k++) {
        const x = space.encode({ ...space.decode(new Float64Array(space.dim).fill(0.5)), [name]: k });
        assert.equal(d.grid[k - p.low], x[d.index], `${name} = ${k}`);
        if (k > p.low) assert.ok(d.grid[k - p.low] > d.grid[k - p.low - 1]);
      }
      assert.ok(d.grid[0] > 0 && d.grid[d.grid.length - 1] < 1, 'widened: ends inside (0,1)');
    }
    const big = space.dimensions.find((x) => x.name === 'offset')!;
    assert.ok(big.kind === 'integer' && big.grid.length === 0 && 2000001 > MAX_INT_GRID);
  });
  it('linear ints are widened by half a step: k ↦ (k - low + ½)/(high - low + 1)', () => {
    const d = space.dimensions[3];
    assert.ok(d.kind === 'integer');
    assert.deepEqual(Array.from(d.grid), Array.from({ length: 8 }, (_, i) => (i + 0.5) / 8));
  });
  it('log ints decode by nearest ln k: cells meet at √(k(k+1)), every integer is reachable, decode is monotone', () => {
    const d = space.dimensions.find((x) => x.name === 'width')!;
    assert.ok(d.kind === 'integer');
    const base = space.decode(new Float64Array(space.dim).fill(0.5));
    let prev = 0;
    const hit = new Set<number>();
    const x = space.encode(base);
    for (let t = 0; t <= 50000; t++) {
      x[d.index] = t / 50000; // the narrowest cell (k = 4096) is 4.4e-5 wide
      const k = space.decode(x).width as number;
      assert.ok(k >= prev);
      prev = k;
      hit.add(k);
    }
    assert.equal(hit.size, 4096 - 16 + 1);
    // The boundary between 99 and 100 sits at ln √(9900) in log space.
    const A = Math.log(16) - (Math.log(17) - Math.log(16)) / 2;
    const B = Math.log(4096) + (Math.log(4096) - Math.log(4095)) / 2;
    const cut = (Math.log(Math.sqrt(99 * 100)) - A) / (B - A);
    x[d.index] = cut - 1e-9;
    assert.equal(space.decode(x).width, 99);
    x[d.index] = cut + 1e-9;
    assert.equal(space.decode(x).width, 100);
  });
  it('floats decode exactly to their bounds at 0 and 1, and clamp outside', () => {
    const lo = space.decode(new Float64Array(space.dim).fill(0));
    const hi = space.decode(new Float64Array(space.dim).fill(1));
    assert.deepEqual([lo.lr, lo.dropout, lo.shift, lo.layers, lo.width, lo.offset], [1e-5, 0, -3, 1, 16, -1000000]);
    assert.deepEqual([hi.lr, hi.dropout, hi.shift, hi.layers, hi.width, hi.offset], [0.1, 0.5, 7, 8, 4096, 1000000]);
    const out = space.decode(new Float64Array(space.dim).fill(-5));
    assert.equal(out.lr, 1e-5);
    const out2 = space.decode(new Float64Array(space.dim).fill(Infinity));
    assert.equal(out2.shift, 7);
    assert.throws(() => space.decode(new Float64Array(space.dim).fill(NaN)), RangeError);
    assert.throws(() => space.decode(new Float64Array(3)), RangeError);
  });
  it('categoricals decode by argmax with ties to the first; simplex blocks renormalise (all-zero -> uniform)', () => {
    const x = space.encode(randomParams(MIXED, createRng(1)));
    const opt = space.dimensions[7];
    const mix5 = space.dimensions[11];
    assert.ok(opt.kind === 'categorical' && mix5.kind === 'simplex');
    [0.3, 0.7, 0.7].forEach((v, i) => { x[opt.indices[i]] = v; });
    mix5.indices.forEach((j, i) => { x[j] = [0.8, -1, 0, 0.4, 0.4][i]; }); // clipped to [0,1] first
    const p = space.decode(x);
    assert.equal(p.opt, 'sgd');
    assert.deepEqual(p.mix5, { b0: 0.5, b1: 0, b2: 0, b3: 0.25, b4: 0.25 });
    mix5.indices.forEach((j) => { x[j] = 0; });
    assert.deepEqual(space.decode(x).mix5, { b0: 0.2, b1: 0.2, b2: 0.2, b3: 0.2, b4: 0.2 });
  });
});

describe('createSearchSpace: properties (seeded)', () => {
  const space = createSearchSpace(MIXED);
  it('decode(encode(p)) equals p for 2000 random params; encode lands in [0,1] and on a valid point', () => {
    const rng = createRng(42);
    for (let r = 0; r < 2000; r++) {
      const p = randomParams(MIXED, rng);
      const x = space.encode(p);
      for (const v of x) assert.ok(v >= 0 && v <= 1);
      assertSameParams(space.decode(x), p, MIXED);
      const px = space.project(x);
      for (let i = 0; i < x.length; i++) assert.ok(Math.abs(px[i] - x[i]) <= 1e-12, `project moved a valid point at ${i}`);
      space.validate(p);
    }
  });
  it('project is idempotent, agrees with encode(decode(x)) and decode(project(x)) = decode(x) (2000 random x)', () => {
    const rng = createRng(43);
    for (let r = 0; r < 2000; r++) {
      const x = Float64Array.from({ length: space.dim }, () => -0.2 + 1.4 * rng.uniform());
      const px = space.project(x);
      assert.deepEqual(space.project(px), px);
      const ed = space.encode(space.decode(x));
      for (let i = 0; i < px.length; i++) assert.ok(Math.abs(ed[i] - px[i]) <= 1e-12, `coordinate ${i}: ${ed[i]} vs ${px[i]}`);
      assertSameParams(space.decode(px), space.decode(x), MIXED);
    }
  });
  it('sample(n) is deterministic per seed, valid, and stratified for 2^k points', () => {
    const a = space.sample(256, createRng(5));
    assert.deepEqual(a, space.sample(256, createRng(5)));
    assert.notDeepEqual(a.data, space.sample(256, createRng(6)).data);
    assert.equal(a.rows, 256);
    assert.equal(a.cols, space.dim);
    const counts: Record<string, Map<unknown, number>> = {};
    const simplexMean = new Float64Array(30);
    for (let i = 0; i < 256; i++) {
      const row = a.data.subarray(i * space.dim, (i + 1) * space.dim);
      assert.deepEqual(space.project(row), row, 'sampled rows are already valid');
      const p = space.decode(row);
      for (const name of ['layers', 'opt', 'fid', 'small_log']) {
        counts[name] ??= new Map();
        counts[name].set(p[name], (counts[name].get(p[name]) ?? 0) + 1);
      }
      const w = p.mix30 as Record<string, number>;
      Object.values(w).forEach((v, j) => { simplexMean[j] += v / 256; });
    }
    // 8 ints from a stratified marginal of 256 points: exactly 32 each; 3 choices/levels: 85 or 86.
    assert.deepEqual([...counts.layers.values()].sort(), new Array(8).fill(32));
    for (const name of ['opt', 'fid']) for (const c of counts[name].values()) assert.ok(c === 85 || c === 86, `${name}: ${c}`);
    assert.equal(counts.opt.size, 3);
    // log int 1..3: cells [A, ln√2), [ln√2, ln√6), [ln√6, B] with A = -½ln2, B = ln3 + ½ln1.5, so widths
    // ln2, ½ln3, ln1.5 in log space; a stratified marginal gives counts within 1 of 256·width/total.
    const widths = [Math.log(2), Math.log(3) / 2, Math.log(1.5)];
    const total = widths[0] + widths[1] + widths[2];
    widths.forEach((w, i) => {
      const c = counts.small_log.get(i + 1) ?? 0;
      assert.ok(Math.abs(c - (256 * w) / total) <= 1, `small_log = ${i + 1}: ${c} vs ${(256 * w) / total}`);
    });
    // Simplex K=30 from 29 Sobol coordinates: mean weight 1/30 (sd of a Beta(1,29) mean over 256 ≈ 0.002; 5 sd).
    for (const m of simplexMean) assert.ok(Math.abs(m - 1 / 30) < 0.01, `mean weight ${m}`);
  });
  it('sample works past 1111 Sobol columns (5 simplex params of 256 components)', () => {
    const wide: SpaceSpec = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`m${i}`, { type: 'simplex', components: comps('x', 256) }]));
    const s = createSearchSpace(wide);
    const m = s.sample(8, createRng(1));
    assert.equal(m.cols, 1280);
    for (let i = 0; i < 8; i++) assert.deepEqual(s.project(m.data.subarray(i * 1280, (i + 1) * 1280)), m.data.subarray(i * 1280, (i + 1) * 1280));
  });
});

describe('createSearchSpace: bad specs name the parameter', () => {
  const f = (o: object) => ({ type: 'float', low: 0, high: 1, ...o });
  const cases: [string, unknown, string][] = [
    ['low >= high (float)', { good: f({}), bad: f({ low: 2, high: 1 }) }, 'bad'],
    ['low == high (int)', { bad: { type: 'int', low: 3, high: 3 } }, 'bad'],
    ['log with low <= 0', { lr: f({ low: 0, high: 1, log: true }) }, 'lr'],
    ['log int with low 0', { n: { type: 'int', low: 0, high: 10, log: true } }, 'n'],
    ['NaN bound', { x: f({ low: NaN }) }, 'x'],
    ['infinite bound', { x: f({ high: Infinity }) }, 'x'],
    ['range overflowing a double', { x: f({ low: -1e308, high: 1e308 }) }, 'x'],
    ['non-integer int bound', { k: { type: 'int', low: 0.5, high: 3 } }, 'k'],
    ['empty choices', { c: { type: 'categorical', choices: [] } }, 'c'],
    ['duplicate choices', { c: { type: 'categorical', choices: ['a', 'b', 'a'] } }, 'c'],
    ['simplex with 1 component', { w: { type: 'simplex', components: ['a'] } }, 'w'],
    ['simplex with duplicate components', { w: { type: 'simplex', components: ['a', 'b', 'a'] } }, 'w'],
    ['simplex component named like a parameter', { a: f({}), w: { type: 'simplex', components: ['a', 'b'] } }, 'w'],
    ['fidelity with duplicate level values', { fi: { type: 'fidelity', levels: [{ value: 1, cost: 1 }, { value: 1, cost: 2 }] } }, 'fi'],
    ['fidelity target not among levels', { fi: { type: 'fidelity', levels: [{ value: 1, cost: 1 }], target: 2 } }, 'fi'],
    ['fidelity cost <= 0', { fi: { type: 'fidelity', levels: [{ value: 1, cost: 0 }] } }, 'fi'],
    ['unknown type', { t: { type: 'complex' } }, 't'],
    ['unknown key', { x: f({ step: 0.1 }) }, 'x'],
    ['bad name', { '9lives': f({}) }, '9lives'],
  ];
  for (const [what, spec, name] of cases) it(what, () => assertInvalid(() => createSearchSpace(spec as SpaceSpec), name, 'space'));
  it('an empty space and a non-object are rejected', () => {
    for (const spec of [{}, 5, null]) {
      assert.throws(() => createSearchSpace(spec as unknown as SpaceSpec), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && e.issues![0].path[0] === 'space');
    }
  });
  it('several problems are reported together, one issue each', () => {
    try {
      createSearchSpace({ a: f({ low: 1, high: 0 }), b: { type: 'categorical', choices: [1, 1] } } as SpaceSpec);
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof BoError);
      assert.deepEqual(e.issues!.map((i) => i.path), [['space', 'a', 'low'], ['space', 'b', 'choices', 1]]);
    }
  });
  it('numbers and strings are distinct choices and levels (1 vs "1" is not a duplicate)', () => {
    const s = createSearchSpace({ c: { type: 'categorical', choices: [1, '1'] } });
    assert.equal(s.decode(s.encode({ c: '1' })).c, '1');
  });
});

describe('createSearchSpace: bad values name the parameter', () => {
  const space = createSearchSpace(MIXED);
  const good = randomParams(MIXED, createRng(3));
  const cases: [string, Params, string][] = [
    ['missing parameter', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'dropout')), 'dropout'],
    ['unknown parameter', { ...good, momentum: 0.9 }, 'momentum'],
    ['prototype key as parameter', { ...good, toString: 1 }, 'toString'],
    ['float out of bounds', { ...good, dropout: 0.6 }, 'dropout'],
    ['float below log bounds', { ...good, lr: 1e-6 }, 'lr'],
    ['float NaN', { ...good, shift: NaN }, 'shift'],
    ['float Infinity', { ...good, shift: Infinity }, 'shift'],
    ['float as string', { ...good, shift: '1' }, 'shift'],
    ['int not integer', { ...good, layers: 2.5 }, 'layers'],
    ['int out of bounds', { ...good, width: 8 }, 'width'],
    ['int as boolean', { ...good, layers: true }, 'layers'],
    ['unknown choice', { ...good, opt: 'rmsprop' }, 'opt'],
    ['choice of the wrong type', { ...good, mixed: 2 }, 'mixed'],
    ['boolean vs string choice', { ...good, opt: true }, 'opt'],
    ['simplex not an object', { ...good, mix2: 0.5 }, 'mix2'],
    ['simplex as array', { ...good, mix2: [0.5, 0.5] as unknown as Record<string, number> }, 'mix2'],
    ['simplex missing component', { ...good, mix2: { a0: 1 } }, 'mix2'],
    ['simplex unknown component', { ...good, mix2: { a0: 0.5, a1: 0.5, z: 0 } }, 'mix2'],
    ['simplex negative weight', { ...good, mix2: { a0: 1.5, a1: -0.5 } }, 'mix2'],
    ['simplex weights not summing to 1', { ...good, mix2: { a0: 0.5, a1: 0.4 } }, 'mix2'],
    ['simplex NaN weight', { ...good, mix2: { a0: NaN, a1: 1 } }, 'mix2'],
    ['unknown fidelity level', { ...good, fid: 'large' }, 'fid'],
    ['fidelity level of the wrong type', { ...good, fid: '2048' }, 'fid'],
  ];
  for (const [what, params, name] of cases) {
    it(what, () => {
      assertInvalid(() => space.encode(params), name, 'params');
      assertInvalid(() => space.validate(params), name, 'params');
    });
  }
  it('simplex weights within 1e-6 of summing to 1 are accepted and renormalised', () => {
    const x = space.encode({ ...good, mix2: { a0: 0.5, a1: 0.5000005 } });
    const w = space.decode(x).mix2 as Record<string, number>;
    assert.ok(Math.abs(w.a0 + w.a1 - 1) < 1e-15);
  });
  it('a non-object params value is rejected', () => {
    assert.throws(() => space.encode(null as unknown as Params), (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT');
  });
});
