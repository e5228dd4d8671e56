/**
 * The multi-objective bench problems against independent references: the closed-form DTLZ2
 * hypervolumes against dense sampling of its Pareto-optimal set, BoTorch's published BraninCurrin
 * and VehicleSafety max hypervolumes against dense designs (which must stay below and, on the
 * 2-D grid, within 0.5%), and the TypeScript problems against the Python ones the Optuna peers
 * run (benchmarks/peers/optuna_mo.py) at fixed points.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fromRows } from '../../core/matrix.js';
import { hypervolume } from '../../core/pareto/hypervolume.js';
import { denseMaxHv } from '../../benchmarks/mo/dense-front.js';
import { createRng } from '../../core/rng.js';
import { braninCurrin, c2dtlz2, dtlz2, MO_PROBLEMS, vehicleSafety } from '../../benchmarks/mo/problems.js';

test('DTLZ2 closed-form max hypervolume matches dense sampling of the Pareto-optimal set (2 and 3 objectives)', () => {
  for (const m of [2, 3]) {
    const p = dtlz2(6, m);
    const est = denseMaxHv(p).value;
    // 4096 points: on the 1-D front of m = 2 the gaps cost < 0.5%; on the 2-D front of m = 3 they cost 1.4%.
    assert.ok(est <= p.maxHv.value + 1e-12 && est > p.maxHv.value * (m === 2 ? 0.995 : 0.98), `m=${m}: estimate ${est} vs closed form ${p.maxHv.value}`);
  }
});

test('DTLZ2 with 4 objectives: the closed form 1.1^4 − (π²/2)/16 equals a Monte Carlo volume of {z ∈ [0, 1.1]^4 : |z| ≥ 1}', () => {
  // For z ≥ 0 some front point (the unit sphere's positive part) lies below z iff |z| ≥ 1, so the
  // dominated region inside the reference box is the box minus the ball's orthant.
  const rng = createRng(44);
  const N = 200_000;
  let hit = 0;
  for (let i = 0; i < N; i++) {
    let r2 = 0;
    for (let k = 0; k < 4; k++) r2 += (1.1 * rng.uniform()) ** 2;
    if (r2 >= 1) hit++;
  }
  const box = 1.1 ** 4;
  const mc = (box * hit) / N;
  const se = box * Math.sqrt((hit / N) * (1 - hit / N) / N);
  const p = dtlz2(6, 4);
  assert.ok(Math.abs(mc - p.maxHv.value) < 4 * se, `MC ${mc} ± ${se} vs closed form ${p.maxHv.value}`);
});

test("BoTorch's published BraninCurrin max hypervolume is just above a 1001² grid's", () => {
  const N = 1000;
  const rows: number[][] = [];
  for (let i = 0; i <= N; i++) for (let j = 0; j <= N; j++) rows.push(braninCurrin.f([i / N, j / N]).map((v) => -v));
  // Only the 2-D front matters: sweep it out before the exact hypervolume.
  rows.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const front: number[][] = [];
  for (const r of rows) if (front.length === 0 || r[1] > front[front.length - 1][1]) front.push(r);
  const hv = hypervolume(fromRows(front), braninCurrin.ref.map((r) => -r));
  assert.ok(hv <= braninCurrin.maxHv.value && hv > 0.995 * braninCurrin.maxHv.value, `grid ${hv} vs published ${braninCurrin.maxHv.value}`);
});

test("C2-DTLZ2's max hypervolume (dense sampling of the feasible optimal set) is at least BoTorch's NSGA-II approximation, within 0.5%", () => {
  const published = 0.3996406303723544; // BoTorch C2DTLZ2._max_hv, m = 2 (approximated with NSGA-II)
  const est = c2dtlz2(6, 2).maxHv.value;
  assert.ok(est >= published && est < 1.005 * published, `estimate ${est} vs published ${published}`);
});

test("BoTorch's published VehicleSafety max hypervolume is above a dense design's", () => {
  const est = denseMaxHv(vehicleSafety, 2 ** 13).value;
  assert.ok(est < vehicleSafety.maxHv.value && est > 0.8 * vehicleSafety.maxHv.value, `estimate ${est} vs published ${vehicleSafety.maxHv.value}`);
});

const PY = '/usr/bin/python3';
const hasOptuna = existsSync(PY) && (() => {
  try {
    execFileSync(PY, ['-c', 'import optuna'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('the Optuna peer script computes the same objectives and constraints', { skip: hasOptuna ? false : 'python3-optuna is not installed (apt-get install -y python3-optuna)' }, () => {
  const points = (p: (typeof MO_PROBLEMS)[number]) => [0.13, 0.5, 0.91].map((u, k) => Array.from({ length: p.dim }, (_, j) => p.lower[j] + (p.upper[j] - p.lower[j]) * ((u + 0.17 * j * (k + 1)) % 1)));
  const cases = MO_PROBLEMS.flatMap((p) => points(p).map((x) => ({ name: p.name, x })));
  const script = [
    'import sys, json; sys.path.insert(0, "benchmarks/peers"); import optuna_mo as m',
    'cases = json.loads(sys.stdin.read())',
    'out = []',
    'for c in cases:',
    '    dim, lo, hi, f, con = m.PROBLEMS[c["name"]]',
    '    out.append({"f": f(c["x"]), "c": con(c["x"]) if con else []})',
    'print(json.dumps(out))',
  ].join('\n');
  const py = JSON.parse(execFileSync(PY, ['-c', script], { input: JSON.stringify(cases) }).toString()) as { f: number[]; c: number[] }[];
  cases.forEach((c, i) => {
    const p = MO_PROBLEMS.find((q) => q.name === c.name)!;
    const f = p.f(c.x);
    const con = p.c?.(c.x) ?? [];
    f.forEach((v, k) => assert.ok(Math.abs(v - py[i].f[k]) <= 1e-9 * Math.max(1, Math.abs(v)), `${c.name} f${k}: ${v} vs ${py[i].f[k]}`));
    con.forEach((v, k) => assert.ok(Math.abs(v - py[i].c[k]) <= 1e-9 * Math.max(1, Math.abs(v)), `${c.name} c${k}: ${v} vs ${py[i].c[k]}`));
  });
});
