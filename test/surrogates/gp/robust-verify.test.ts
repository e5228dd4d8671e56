/**
 * Replicates and the robust GP (surrogates/gp/robust-fit.ts confirmedRows, policy/verify-outlier.ts).
 * References: the planted outlier rows (known by construction, as robust-gp.test.ts), a brute-force
 * pairwise scan for the replicate test, and the ranks of the planted rows computed here from the
 * values the test made.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../../core/errors.js';
import { createRng } from '../../../core/rng.js';
import { standardize } from '../../../core/standardize.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import { confirmedRows } from '../../../surrogates/gp/robust-fit.js';
import type { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { AlgorithmSpec } from '../../../protocol/algorithm.js';
import { createPolicy } from '../../../policy/create-policy.js';
import type { Observation } from '../../../policy/types.js';
import { n, data, f } from './smooth-2d-fixture.js';

const PLANTED = [3, 17, 40, 41, 66];
const shift = (i: number) => (PLANTED.includes(i) ? (i % 2 ? 2 : -1.5) : 0);
type RobustDiagnostics = { outlierRows: number[]; confirmedRows: number; verifyOutliers?: boolean };
const robustOf = (m: FittedGp) => (m.diagnostics() as { robust?: RobustDiagnostics }).robust;

/** The fixture's rows plus replicates: [row, value] pairs appended after the n rows. */
function withReplicates(raw: number[], replicates: readonly [number, number][]) {
  const X = new Float64Array(2 * (n + replicates.length));
  X.set(data);
  replicates.forEach(([row], k) => X.set(data.subarray(2 * row, 2 * row + 2), 2 * (n + k)));
  return { X: { rows: n + replicates.length, cols: 2, data: X }, y: standardize([...raw, ...replicates.map(([, v]) => v)]).y };
}

test('confirmedRows matches a brute-force pairwise scan: same input (within 1e-9) and same value, both rows', () => {
  const rng = createRng(3);
  const rows = 60;
  const d = 3;
  const X = new Float64Array(rows * d);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    // Every fourth row repeats an earlier input (some within rounding, some exactly); every other repeat keeps the value.
    const source = r >= 8 && r % 4 === 0 ? Math.floor(rng.uniform() * r) : -1;
    for (let j = 0; j < d; j++) X[r * d + j] = source >= 0 ? X[source * d + j] + (r % 8 === 0 ? 1e-12 : 0) : rng.uniform();
    y[r] = source >= 0 && r % 8 === 0 ? y[source] : rng.normal();
  }
  // A far pair with equal values is no replicate.
  y[5] = y[6];
  const brute = new Uint8Array(rows);
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < rows; b++) {
      if (a === b) continue;
      let sq = 0;
      for (let j = 0; j < d; j++) sq += (X[a * d + j] - X[b * d + j]) ** 2;
      if (sq <= 1e-18 && Math.abs(y[a] - y[b]) <= 1e-9 * Math.max(1, Math.abs(y[a]), Math.abs(y[b]))) brute[a] = 1;
    }
  }
  const got = confirmedRows({ rows, cols: d, data: X }, y);
  assert.ok(brute.some((v) => v === 1), 'the fixture has agreeing replicates');
  assert.deepEqual(Array.from(got ?? new Uint8Array(rows)), Array.from(brute));
  assert.equal(confirmedRows({ rows: 5, cols: d, data: X.subarray(0, 5 * d) }, y.subarray(0, 5)), undefined, 'no replicate: undefined');
});

test('robust fit: an agreeing replicate takes its row out of the outliers, a disagreeing one does not', async () => {
  const rng = createRng(1);
  const raw = Array.from({ length: n }, (_, i) => f(i) + 0.02 * rng.normal() + shift(i));
  // Row 3 measured again with the same value (a deterministic objective: the value is real); row 66
  // measured again with its clean value (the first measurement was the outlier).
  const { X, y } = withReplicates(raw, [[3, raw[3]], [66, f(66)]]);
  const m = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X, y }, { rng: createRng(1) })) as FittedGp;
  const r = robustOf(m)!;
  assert.ok(!r.outlierRows.includes(3) && !r.outlierRows.includes(n), `row 3 and its replicate are confirmed: ${r.outlierRows}`);
  assert.ok(r.outlierRows.includes(66) && !r.outlierRows.includes(n + 1), `the first measurement of 66 is the outlier, not its replicate: ${r.outlierRows}`);
  assert.equal(r.confirmedRows, 2);
  // Without the replicates the same fit flags row 3 (robust-gp.test.ts: exactly the planted rows).
  const alone = (await new GpSurrogate({ likelihood: 'robust' }).fit({ X: { rows: n, cols: 2, data }, y: standardize(raw).y }, { rng: createRng(1) })) as FittedGp;
  assert.deepEqual(robustOf(alone)!.outlierRows, PLANTED);
  assert.equal(r.verifyOutliers, undefined, 'verification is off unless asked for');
  assert.equal(m.capabilities.outliersToVerify, undefined);
});

function observations(replicates: readonly number[] = []): Observation[] {
  const params = (i: number) => ({ a: data[2 * i], b: data[2 * i + 1] });
  return [
    ...Array.from({ length: n }, (_, i) => ({ params: params(i), value: f(i) + shift(i) })),
    ...replicates.map((i) => ({ params: params(i), value: f(i) + shift(i) })),
  ];
}

test('policy: with verifyOutliers the ask re-measures the best-ranked flagged row; once a replicate agrees, the next one', async () => {
  const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
  const spec = AlgorithmSpec.parse({ surrogate: 'gp', surrogateOptions: { likelihood: 'robust', verifyOutliers: true }, acquisition: 'qlognei', exploration: { mode: 'off' }, seed: 5, initialTrials: 10 });
  const values = observations().map((o) => o.value);
  // The planted rows by observed value, best (largest: the study maximizes) first.
  const byRank = [...PLANTED].sort((a, b) => values[b] - values[a] || a - b);
  const ask = (completed: Observation[], count = 1) => createPolicy(spec).suggest({ space, algorithm: spec, direction: 'maximize', completed, pending: [], count });

  const first = await ask(observations());
  assert.equal(first.diagnostics.phase, 'verification', JSON.stringify(first.diagnostics.verification));
  const v1 = first.diagnostics.verification as { row: number; rank: number; flagged: number; replicated: number };
  assert.equal(v1.row, byRank[0]);
  assert.equal(v1.rank, 1 + values.filter((v) => v > values[byRank[0]]).length);
  assert.deepEqual({ flagged: v1.flagged, replicated: v1.replicated }, { flagged: PLANTED.length, replicated: 0 });
  const p = first.suggestions[0] as { a: number; b: number };
  assert.ok(Math.abs(p.a - data[2 * byRank[0]]) < 1e-12 && Math.abs(p.b - data[2 * byRank[0] + 1]) < 1e-12, 'the suggestion is that row\'s point');

  // The replicate came back with the same value: that row is confirmed and the next ask verifies the next-ranked row.
  const second = await ask(observations([byRank[0]]));
  const robust = (second.diagnostics.model as { robust: RobustDiagnostics }).robust;
  assert.equal(robust.confirmedRows, 2);
  assert.ok(!robust.outlierRows.includes(byRank[0]));
  assert.equal(second.diagnostics.phase, 'verification');
  assert.equal((second.diagnostics.verification as { row: number }).row, byRank[1]);

  // In a batch the re-measured point takes one slot; without the option it runs the acquisition.
  const batch = await ask(observations(), 2);
  assert.equal(batch.diagnostics.phase, 'model');
  assert.deepEqual(batch.diagnostics.verification, v1);
  assert.deepEqual(batch.suggestions[0], first.suggestions[0], 'the first slot is the re-measured point (slots: gp-likelihood-default.test.ts)');
  const plain = AlgorithmSpec.parse({ ...spec, surrogateOptions: { likelihood: 'robust' } });
  const noVerify = await createPolicy(plain).suggest({ space, algorithm: plain, direction: 'maximize', completed: observations(), pending: [], count: 1 });
  assert.equal(noVerify.diagnostics.phase, 'model');
});

test('verifyOutliers without the robust likelihood is INVALID_ARGUMENT at surrogateOptions.verifyOutliers', () => {
  assert.throws(
    () => createSurrogate('gp', { verifyOutliers: true }),
    (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && JSON.stringify(e.issues?.[0]?.path) === JSON.stringify(['surrogateOptions', 'verifyOutliers']),
  );
  assert.doesNotThrow(() => createSurrogate('gp', { likelihood: 'robust', verifyOutliers: true }));
});
