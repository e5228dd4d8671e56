/**
 * Reference values: /work/shared/reference/benchmark-problems.json (computed by the peers' harness with numpy).
 * The file is read at test time when present; otherwise the test checks only the minimizers.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SHIFTED, SUITE, getProblem } from '../../benchmarks/problems/all.js';

const REF = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/benchmark-problems.json');

interface RefProblem {
  dim: number;
  lower: number[];
  upper: number[];
  optimum: number;
  noise_sd: number;
  argmin: number[];
  reference_points_native: number[][];
  reference_values: number[];
}

test('problems reproduce benchmark-problems.json reference values to 1e-9', { skip: !existsSync(REF) && 'reference file absent' }, () => {
  const ref = JSON.parse(readFileSync(REF, 'utf8')) as Record<string, RefProblem>;
  assert.equal(Object.keys(ref).length, SUITE.length);
  for (const [name, r] of Object.entries(ref)) {
    const p = getProblem(name);
    assert.equal(p.dim, r.dim, name);
    assert.deepEqual([...p.lower], r.lower, name);
    for (let i = 0; i < p.dim; i++) assert.ok(Math.abs(p.upper[i] - r.upper[i]) < 1e-12, `${name} upper`);
    assert.ok(Math.abs(p.optimum - r.optimum) < 1e-9, `${name} optimum`);
    assert.equal(p.noise, r.noise_sd, name);
    r.reference_points_native.forEach((x, k) => {
      const got = p.f(x);
      const want = r.reference_values[k];
      assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${name} point ${k}: ${got} vs ${want}`);
    });
  }
});

test('f(argmin) equals the optimum (published minimizers are rounded, hence 1e-5)', () => {
  for (const p of [...SUITE, ...SHIFTED]) {
    const v = p.f(p.argmin);
    assert.ok(Math.abs(v - p.optimum) < 1e-5, `${p.name}: f(argmin) = ${v}, optimum ${p.optimum}`);
    for (let i = 0; i < p.dim; i++) assert.ok(p.argmin[i] >= p.lower[i] && p.argmin[i] <= p.upper[i], `${p.name} argmin in box`);
  }
});

test('no point of a random sample beats the optimum', () => {
  // seeded LCG so the test is deterministic; 2000 points per problem
  let s = 12345;
  const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (const p of [...SUITE, ...SHIFTED]) {
    for (let k = 0; k < 2000; k++) {
      const x = p.lower.map((lo, i) => lo + u() * (p.upper[i] - lo));
      assert.ok(p.f(x) >= p.optimum - 1e-9, p.name);
    }
  }
});

test('shifted variants move the minimizer away from the centre', () => {
  for (const p of SHIFTED) {
    const centre = p.lower.map((lo, i) => (lo + p.upper[i]) / 2);
    const far = p.argmin.some((a, i) => Math.abs(a - centre[i]) > 0.1 * (p.upper[i] - p.lower[i]));
    assert.ok(far, p.name);
    assert.ok(p.f(centre) > p.optimum + 1e-3, p.name);
  }
});
