import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, type Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { SpaceSpec } from '../../protocol/space.js';
import { optimizeAcquisition, type AcquisitionObjective } from '../../acquisitions/optimize.js';

/** Objective from a per-row function f(x) and optional gradient. */
function objective(f: (x: Float64Array) => number, grad?: (x: Float64Array, g: Float64Array) => void): AcquisitionObjective {
  const o: AcquisitionObjective = {
    values(X: Matrix) {
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) out[i] = f(X.data.slice(i * X.cols, (i + 1) * X.cols));
      return out;
    },
  };
  if (grad) o.valueAndGradient = (x, g) => (grad(x, g), f(x));
  return o;
}

const floats = (d: number): SpaceSpec => Object.fromEntries(Array.from({ length: d }, (_, j) => [`x${j}`, { type: 'float', low: 0, high: 1 }]));

/** Two Gaussian bumps; the global max is at c1 (value 1 + 0.5·e^{-|c1−c2|²/0.05} ≈ 1), a local one at c2. */
function bumps(c1: number[], c2: number[]) {
  const f = (x: Float64Array) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < x.length; j++) {
      a += (x[j] - c1[j]) ** 2;
      b += (x[j] - c2[j]) ** 2;
    }
    return Math.exp(-a / 0.1) + 0.5 * Math.exp(-b / 0.05);
  };
  const g = (x: Float64Array, out: Float64Array) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < x.length; j++) {
      a += (x[j] - c1[j]) ** 2;
      b += (x[j] - c2[j]) ** 2;
    }
    const ea = Math.exp(-a / 0.1);
    const eb = 0.5 * Math.exp(-b / 0.05);
    for (let j = 0; j < x.length; j++) out[j] = (-2 * (x[j] - c1[j]) / 0.1) * ea + (-2 * (x[j] - c2[j]) / 0.05) * eb;
  };
  return { f, g };
}

test('2-D smooth objective: argmax found with analytic gradients and with finite differences', () => {
  const space = createSearchSpace(floats(2));
  const { f, g } = bumps([0.3, 0.7], [0.9, 0.1]); // bump 2 is 0.94 away: shifts the argmax by < 1e-12
  for (const obj of [objective(f, g), objective(f)]) {
    const r = optimizeAcquisition(obj, space, { rng: createRng(1) });
    assert.ok(Math.abs(r.x[0] - 0.3) < 1e-4 && Math.abs(r.x[1] - 0.7) < 1e-4, `${Array.from(r.x)}`);
    assert.ok(Math.abs(r.value - f(r.x)) < 1e-15, 'value is the re-scored winner');
    assert.equal(r.source, 'local');
  }
});

test('6-D smooth objective: argmax within 1e-4; timing reported', () => {
  const space = createSearchSpace(floats(6));
  const c1 = [0.15, 0.8, 0.45, 0.6, 0.3, 0.9];
  const { f, g } = bumps(c1, [0.7, 0.2, 0.9, 0.1, 0.8, 0.2]);
  for (const [name, obj] of [['analytic', objective(f, g)], ['finite-diff', objective(f)]] as const) {
    const t = performance.now();
    const r = optimizeAcquisition(obj, space, { rng: createRng(2) });
    const ms = performance.now() - t;
    const err = Math.max(...c1.map((c, j) => Math.abs(r.x[j] - c)));
    assert.ok(err < 1e-4, `${name}: max error ${err}`);
    console.log(`# optimizer d=6 ${name}: ${ms.toFixed(1)} ms, ${r.evaluations} row evaluations, ${r.starts} starts`);
  }
});

test('integer and categorical: the exact optimum is found by enumeration from a poor start', () => {
  // n ∈ 0..40 with a kink at 27; c ∈ 12 choices where only 'c9' is good; a float peaked at 0.2.
  const space = createSearchSpace({
    n: { type: 'int', low: 0, high: 40 },
    c: { type: 'categorical', choices: Array.from({ length: 12 }, (_, i) => `c${i}`) },
    a: { type: 'float', low: 0, high: 1 },
  });
  const dims = space.dimensions;
  const nGrid = (dims[0] as { grid: Float64Array }).grid;
  const cIdx = (dims[1] as { indices: number[] }).indices;
  const aIdx = (dims[2] as { index: number }).index;
  const bonus = [0.1, 0.3, 0.2, 0.0, 0.25, 0.15, 0.05, 0.3, 0.1, 1.0, 0.2, 0.29];
  const f = (x: Float64Array) => {
    let c = 0;
    for (let j = 1; j < cIdx.length; j++) if (x[cIdx[j]] > x[cIdx[c]]) c = j;
    const exactOneHot = cIdx.every((i, j) => x[i] === (j === c ? 1 : 0));
    return -Math.abs(x[0] - nGrid[27]) * 5 + (exactOneHot ? bonus[c] : -10) - (x[aIdx] - 0.2) ** 2;
  };
  const r = optimizeAcquisition(objective(f), space, { rng: createRng(3), rawSamples: 3, restarts: 1, allowFewRawSamples: true });
  const p = space.decode(r.x);
  assert.equal(p.n, 27);
  assert.equal(p.c, 'c9');
  assert.ok(Math.abs((p.a as number) - 0.2) < 1e-3, `a = ${p.a}`);
});

function simplexCase(K: number, target: number[]) {
  const space = createSearchSpace({ w: { type: 'simplex', components: Array.from({ length: K }, (_, i) => `k${i}`) }, t: { type: 'float', low: 0, high: 1 } });
  const idx = (space.dimensions[0] as { indices: number[] }).indices;
  const f = (x: Float64Array) => -idx.reduce((s, i, k) => s + (x[i] - target[k]) ** 2, 0) - (x[space.dim - 1] - 0.5) ** 2;
  const g = (x: Float64Array, out: Float64Array) => {
    idx.forEach((i, k) => (out[i] = -2 * (x[i] - target[k])));
    out[space.dim - 1] = -2 * (x[space.dim - 1] - 0.5);
  };
  const r = optimizeAcquisition(objective(f, g), space, { rng: createRng(K) });
  const w = idx.map((i) => r.x[i]);
  assert.ok(w.every((v) => v >= 0), 'weights >= 0');
  assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-12, `sum ${w.reduce((a, b) => a + b, 0)}`);
  const err = Math.max(...w.map((v, k) => Math.abs(v - target[k])));
  return err;
}

test('simplex K = 5 and K = 30: exactly on the simplex and at the known best (zeros included)', () => {
  assert.ok(simplexCase(5, [0.5, 0.3, 0.2, 0, 0]) < 1e-4);
  const rng = createRng(9);
  const t30 = Array.from({ length: 30 }, (_, k) => (k % 2 === 0 ? rng.uniform() : 0));
  const s = t30.reduce((a, b) => a + b, 0);
  assert.ok(simplexCase(30, t30.map((v) => v / s)) < 1e-3);
});

test('fidelity pinned with `fixed`; levels enumerated otherwise', () => {
  const space = createSearchSpace({
    x: { type: 'float', low: 0, high: 1 },
    fid: { type: 'fidelity', levels: [{ value: 's', cost: 1 }, { value: 'm', cost: 2 }, { value: 'l', cost: 4 }], target: 'l' },
  });
  const fd = space.dimensions[1] as { index: number; grid: Float64Array };
  const f = (x: Float64Array) => -((x[0] - 0.4) ** 2) + (x[fd.index] === fd.grid[1] ? 1 : 0);
  const pinned = optimizeAcquisition(objective(f), space, { rng: createRng(4), fixed: [{ index: fd.index, value: fd.grid[2] }] });
  assert.equal(space.decode(pinned.x).fid, 'l');
  const free = optimizeAcquisition(objective(f), space, { rng: createRng(4) });
  assert.equal(space.decode(free.x).fid, 'm');
});

test('avoid: a categorical-only space returns the second best when the best is pending; pool mode too', () => {
  const space = createSearchSpace({ c: { type: 'categorical', choices: ['a', 'b', 'c', 'd'] } });
  const bonus = [0.2, 0.9, 0.5, 0.1];
  const f = (x: Float64Array) => bonus[x.indexOf(1)];
  const best = space.encode({ c: 'b' });
  const r = optimizeAcquisition(objective(f), space, { rng: createRng(5), avoid: fromRows([best]) });
  assert.equal(space.decode(r.x).c, 'c');
  const pool = fromRows(['a', 'b', 'c', 'd'].map((c) => space.encode({ c })));
  const p = optimizeAcquisition(objective(f), space, { rng: createRng(5), candidates: pool, avoid: fromRows([best]) });
  assert.equal(space.decode(p.x).c, 'c');
  assert.equal(p.source, 'pool');
});

test('abort and deadline: returns a valid point, fast', () => {
  const space = createSearchSpace({ ...floats(3), w: { type: 'simplex', components: ['p', 'q', 'r'] } });
  // A virtual clock (Date.now is what deadlines read) that advances 100 µs per scored row and
  // nowhere else: the run sees the same times on a quiet or a loaded machine (regression: a wall
  // clock deadline failed when the machine was busy, and a generous one let a quiet machine finish).
  let virtual = Date.parse('2026-01-01T00:00:00Z');
  const slow = (x: Float64Array) => {
    virtual += 0.1;
    return -x.reduce((s, v) => s + (v - 0.3) ** 2, 0);
  };
  const ac = new AbortController();
  ac.abort();
  const a = optimizeAcquisition(objective(slow), space, { rng: createRng(6), signal: ac.signal });
  assert.equal(a.stopped, 'aborted');
  assert.ok(a.evaluations <= 1);
  assert.deepEqual(Array.from(space.project(a.x)), Array.from(a.x));
  // Scoring the 512 raw rows alone takes 51.2 virtual ms, so a 20 ms deadline always cuts the run;
  // after it at most a few small calls start (the in-flight L-BFGS evaluation's caller re-scores its point once).
  const realNow = Date.now;
  Date.now = () => Math.floor(virtual);
  try {
    const deadline = Date.now() + 20;
    const late: number[] = [];
    const base = objective(slow);
    const timed: AcquisitionObjective = {
      values(X) {
        if (Date.now() > deadline) late.push(X.rows);
        return base.values(X);
      },
    };
    const b = optimizeAcquisition(timed, space, { rng: createRng(6), deadline });
    assert.equal(b.stopped, 'deadline');
    assert.ok(late.length <= 3 && late.every((r) => r <= space.dim + 1), `calls after the deadline: ${late}`);
    assert.deepEqual(Array.from(space.project(b.x)), Array.from(b.x));
    assert.ok(Number.isFinite(b.value));
  } finally {
    Date.now = realNow;
  }
});
