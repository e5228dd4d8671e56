/**
 * The 24 bbob functions against independent references: COCO's own regression values (its
 * cocoex-generated test data, copied into ../fixtures/coco-bbob-regression.json with the source),
 * f(x_opt) = f_opt on every function × dimension × instance, closed forms (f1, f5), and the
 * relation between a separable function and its rotated version (f2 -> f10).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BBOB_FUNCTIONS, bbobFunction } from '../../../benchmarks/problems/bbob/functions.js';
import { instanceSeed } from '../../../benchmarks/problems/bbob/instance.js';
import { legacyFopt, legacyRotation, legacyXopt } from '../../../benchmarks/problems/bbob/legacy-rng.js';
import { multiply, subtract } from '../../../benchmarks/problems/bbob/transforms.js';
import { createRng } from '../../../core/rng.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/coco-bbob-regression.json', import.meta.url), 'utf8')) as { cases: [number, number[], number][] };
const COCO_DIMS = [2, 3, 5, 10, 20, 40];
const COCO_INSTANCES = [1, 2, 3, 4, 5, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60];

test('bbob: values of COCO regression points (cocoex test data) agree to 1e-9 relative', () => {
  const seen = new Set<number>();
  for (const [index, x, want] of fixture.cases) {
    const d = COCO_DIMS[Math.floor(index / 360)];
    const fid = Math.floor((index % 360) / 15) + 1;
    const instance = COCO_INSTANCES[index % 15];
    assert.equal(x.length, d, `case ${index}`);
    const got = bbobFunction(fid).build(d, instance).f(x);
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `f${fid} d${d} i${instance}: ${got} vs COCO ${want}`);
    seen.add(fid);
  }
  assert.equal(seen.size, 24, 'the fixture covers every function');
});

test('bbob: f(x_opt) = f_opt and x_opt in the box for every function, d in {2,5,10,20}, instances 1-15', () => {
  for (const { id, build } of BBOB_FUNCTIONS)
    for (const d of [2, 5, 10, 20])
      for (let instance = 1; instance <= 15; instance++) {
        const inst = build(d, instance);
        assert.equal(inst.fopt, legacyFopt(id, instance));
        // Schwefel's stated optimum 4.2096874633 has 10 digits: f there is f_opt + O(1e-9).
        const tol = id === 20 ? 1e-6 : 1e-9 * Math.max(1, Math.abs(inst.fopt));
        const at = inst.f(inst.xopt);
        assert.ok(Math.abs(at - inst.fopt) <= tol, `f${id} d${d} i${instance}: f(x_opt) ${at} vs f_opt ${inst.fopt}`);
        for (const v of inst.xopt) assert.ok(Math.abs(v) <= 5, `f${id} d${d}: x_opt in [-5, 5]`);
      }
});

test('bbob: no uniform point of the box is below f_opt (seeded, 200 points per function in d = 5)', () => {
  const rng = createRng(7);
  for (const { id, build } of BBOB_FUNCTIONS) {
    const inst = build(5, 3);
    for (let n = 0; n < 200; n++) {
      const x = Array.from({ length: 5 }, () => -5 + 10 * rng.uniform());
      assert.ok(inst.f(x) >= inst.fopt - 1e-9, `f${id}`);
    }
  }
});

test('bbob legacy instance generator: rotations orthogonal, x_opt on the 1e-4 grid of [-4, 4], f_opt with 2 decimals in [-1000, 1000]', () => {
  for (const d of [2, 5, 20]) {
    const R = legacyRotation(d, 10017);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += R[k][i] * R[k][j];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12);
      }
    for (const v of legacyXopt(d, 30003)) {
      assert.ok(v >= -4 && v < 4);
      assert.ok(Math.abs((v + 4) * 1e4 / 8 - Math.round((v + 4) * 1e4 / 8)) < 1e-6);
    }
  }
  for (let inst = 1; inst <= 15; inst++) {
    const f = legacyFopt(7, inst);
    assert.ok(Math.abs(f) <= 1000 && Math.abs(f * 100 - Math.round(f * 100)) < 1e-6);
  }
  // f4 and f18 share the optimal values of f3 and f17 (COCO draws them from the same seed).
  assert.equal(legacyFopt(4, 2), legacyFopt(3, 2));
  assert.equal(legacyFopt(18, 2), legacyFopt(17, 2));
});

test('bbob f1: closed form ||x - x_opt||^2 + f_opt at random points', () => {
  const rng = createRng(1);
  const inst = bbobFunction(1).build(10, 4);
  for (let n = 0; n < 50; n++) {
    const x = Array.from({ length: 10 }, () => -5 + 10 * rng.uniform());
    const want = x.reduce((s, v, i) => s + (v - inst.xopt[i]) ** 2, 0) + inst.fopt;
    assert.ok(Math.abs(inst.f(x) - want) < 1e-9);
  }
});

test('bbob f5: optimum at the corner 5·sign(x_opt), linear inside, flat beyond the boundary on the optimum side', () => {
  const d = 5;
  const inst = bbobFunction(5).build(d, 2);
  for (const v of inst.xopt) assert.equal(Math.abs(v), 5);
  const s = Array.from(inst.xopt, (v, i) => Math.sign(v) * 10 ** (i / (d - 1)));
  const rng = createRng(2);
  for (let n = 0; n < 20; n++) {
    const x = Array.from({ length: d }, () => -5 + 10 * rng.uniform());
    const want = s.reduce((acc, si, i) => acc + 5 * Math.abs(si) - si * x[i], 0) + inst.fopt;
    assert.ok(Math.abs(inst.f(x) - want) < 1e-9);
    const beyond = Array.from(inst.xopt, (v) => v * (1 + rng.uniform()));
    assert.ok(Math.abs(inst.f(beyond) - inst.fopt) < 1e-12);
  }
});

test('bbob f10 is f2 seen through the rotation: f10(x) - f_opt = f2(x_opt2 + R(x - x_opt10)) - f_opt2', () => {
  const d = 5;
  const rng = createRng(3);
  const f2 = bbobFunction(2).build(d, 1);
  const f10 = bbobFunction(10).build(d, 1);
  const R = legacyRotation(d, instanceSeed(10, 1) + 1000000);
  for (let n = 0; n < 20; n++) {
    const x = Array.from({ length: d }, () => -5 + 10 * rng.uniform());
    const y = multiply(R, subtract(x, f10.xopt));
    const viaF2 = f2.f(Array.from(y, (v, i) => v + f2.xopt[i])) - f2.fopt;
    const direct = f10.f(x) - f10.fopt;
    assert.ok(Math.abs(direct - viaF2) <= 1e-9 * Math.max(1, direct), `${direct} vs ${viaF2}`);
  }
});
