/**
 * PfnSurrogate with tiny random weights (fixtures/random-weights.ts), so it runs without the
 * trainer's export. Independent references: the contract's y normalization makes the predictive
 * affine-equivariant (fitting a·y + b gives the law of a·Y + b: mean a·μ + b, variance a²·v),
 * which is exact algebra, not the implementation; the posterior must equal the bar algebra of the
 * raw logits; and the whole ask path (BoPolicy → acquire → candidate-set optimizer) must return
 * valid, distinct points on a mixed space.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { createSearchSpace } from '../../../core/search-space.js';
import { BoPolicy } from '../../../policy/bo-policy.js';
import { BarDistribution } from '../../../surrogates/pfn/bar-distribution.js';
import { PfnBarPosterior } from '../../../surrogates/pfn/bar-posterior.js';
import { PfnSurrogate, selectContext, type FittedPfn } from '../../../surrogates/pfn/pfn-surrogate.js';
import { loadPfnWeights } from '../../../surrogates/pfn/weights-file.js';
import { isBar, type TrainingData } from '../../../surrogates/types.js';
import { writeRandomWeights } from './fixtures/random-weights.js';

const root = mkdtempSync(join(tmpdir(), 'pfn-sur-'));
after(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, 'w');
writeRandomWeights(dir, 3);

function data(n: number, d: number, seed: number, a = 1, b = 0): TrainingData {
  const rng = createRng(seed);
  const X = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => a * (Math.sin(4 * X[i * d]) + X[i * d + 1] ** 2) + b);
  return { X: { rows: n, cols: d, data: X }, y };
}

const Q = { rows: 6, cols: 2, data: Float64Array.from({ length: 12 }, (_, i) => ((i * 0.37) % 1)) };

describe('PfnSurrogate (random weights)', () => {
  it('posterior is a bar posterior equal to the bar algebra of the logits', async () => {
    const fitted = (await new PfnSurrogate({ weightsDir: dir }).fit(data(12, 2, 1), { rng: createRng(1) })) as FittedPfn;
    const p = fitted.posterior(Q);
    assert.ok(isBar(p));
    assert.equal(p.size, 6);
    const w = await loadPfnWeights(dir);
    const diag = fitted.diagnostics();
    const dist = new BarDistribution(w.manifest.borders).affine(diag.yMean as number, diag.yStd as number);
    const logits = fitted.logits(Q);
    const B = dist.size;
    const mu = p.mean();
    const v = p.variance();
    for (let i = 0; i < 6; i++) {
      const row = Array.from(logits.subarray(i * B, (i + 1) * B));
      const mx = Math.max(...row);
      const e = row.map((l) => Math.exp(l - mx));
      const s = e.reduce((a, c) => a + c, 0);
      const pr = e.map((x) => x / s);
      assert.ok(Math.abs(mu[i] - dist.mean(pr)) < 1e-9);
      assert.ok(Math.abs(v[i] - dist.variance(pr)) < 1e-9);
    }
    assert.equal(diag.nContext, 12);
    assert.equal(typeof diag.weightsSha256, 'string');
    assert.doesNotThrow(() => JSON.stringify(diag));
  });

  it('affine equivariance: fitting a·y + b gives mean a·μ + b and variance a²·v (float32 tolerance)', async () => {
    const s = new PfnSurrogate({ weightsDir: dir });
    const base = await s.fit(data(15, 2, 2), { rng: createRng(1) });
    const moved = await s.fit(data(15, 2, 2, 3.5, -7), { rng: createRng(1) });
    const [m0, v0] = [base.posterior(Q).mean(), base.posterior(Q).variance()];
    const [m1, v1] = [moved.posterior(Q).mean(), moved.posterior(Q).variance()];
    for (let i = 0; i < 6; i++) {
      assert.ok(Math.abs(m1[i] - (3.5 * m0[i] - 7)) < 1e-4 * 3.5, `mean ${i}: ${m1[i]} vs ${3.5 * m0[i] - 7}`);
      assert.ok(Math.abs(v1[i] / (3.5 * 3.5 * v0[i]) - 1) < 1e-4, `variance ${i}`);
    }
  });

  it('d > maxDim is refused with a clear error; unknown options are refused', async () => {
    await assert.rejects(new PfnSurrogate({ weightsDir: dir }).fit(data(5, 6, 1), { rng: createRng(1) }), /at most 4 encoded dimensions.*has 6/);
    assert.throws(() => new PfnSurrogate({ weightsDir: dir, bogus: 1 } as never), /surrogateOptions/);
  });

  it('n > maxContext keeps the best ⌈k/4⌉ plus a seeded random subset (deterministic per seed)', async () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7));
    const keep = selectContext(y, 12, createRng(5));
    assert.equal(keep.length, 12);
    assert.equal(new Set(keep).size, 12);
    const top3 = Array.from(y.keys()).sort((a, b) => y[b] - y[a]).slice(0, 3);
    for (const i of top3) assert.ok(keep.includes(i), `best point ${i} kept`);
    assert.deepEqual(selectContext(y, 12, createRng(5)), keep);
    const fitted = await new PfnSurrogate({ weightsDir: dir, maxContext: 12 }).fit(data(40, 2, 3), { rng: createRng(5) });
    assert.equal(fitted.diagnostics().nContext, 12);
    assert.match(String(fitted.diagnostics().contextRule), /best 3 \+ seeded random 9 of 40/);
  });
});

describe('ask path with surrogate pfn (random weights)', () => {
  const space = createSearchSpace({
    x: { type: 'float', low: -2, high: 3 },
    n: { type: 'int', low: 1, high: 5 },
    c: { type: 'categorical', choices: ['a', 'b'] },
  });
  const f = (p: Record<string, unknown>) => ((p.x as number) - 1) ** 2 + (p.n as number) + (p.c === 'a' ? 0 : 1);
  const rng = createRng(9);
  const completed = Array.from({ length: 8 }, () => {
    const params = space.decode(space.sample(1, rng).data) as Record<string, number | string>;
    return { params, value: f(params) };
  });

  for (const acquisition of ['log-ei', 'ucb', 'qlognei'] as const) {
    it(`BoPolicy routes a bar posterior to the candidate-set optimizer (${acquisition}, q = 3)`, async () => {
      const policy = new BoPolicy({ surrogate: new PfnSurrogate({ weightsDir: dir }) });
      const d = await policy.suggest({
        space,
        algorithm: { surrogate: 'pfn', acquisition, seed: 1, initialTrials: 5 } as never,
        direction: 'minimize',
        completed: completed as never,
        pending: [],
        count: 3,
      });
      assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
      const opt = d.diagnostics.optimizer as Record<string, unknown>;
      assert.equal(opt.mode, 'bar-candidates');
      if (acquisition === 'qlognei') assert.match(String(opt.note), /log-EI/);
      assert.equal(d.suggestions.length, 3);
      const enc = d.suggestions.map((s) => space.encode(s));
      for (const x of enc) assert.ok(x.every((v) => v >= 0 && v <= 1));
      for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) assert.ok(enc[i].some((v, k) => Math.abs(v - enc[j][k]) > 0.02), 'batch picks are spread');
      for (const s of d.suggestions) assert.ok(Number.isInteger(s.n) && ['a', 'b'].includes(s.c as string));
    });
  }
});

describe('ask path with a known bar posterior (sign and routing)', () => {
  it('the suggestion is the argmax of the bar log-EI: a stand-in surrogate whose bar mean is 2 − 10(x − 0.3)²', async () => {
    // Stand-in (this test only): bar posterior with N(g(x), 0.05²) bucket masses on 400 fine buckets.
    // It ignores the data; g peaks at 2, above any standardized incumbent of 3 points (< 1.2).
    const B = 400;
    const borders = Array.from({ length: B + 1 }, (_, k) => -12 + (15 * k) / B);
    const dist = new BarDistribution(borders);
    const g = (x: number) => 2 - 10 * (x - 0.3) ** 2;
    const Phi = (z: number) => 0.5 * (1 + Math.tanh(0.7978845608 * (z + 0.044715 * z ** 3)));
    const fitted = {
      kind: 'bar-stand-in',
      posteriorKind: 'bar' as const,
      dim: 1,
      posterior(X: { rows: number; data: Float64Array }) {
        const logits: number[] = [];
        for (let i = 0; i < X.rows; i++) {
          const mu = g(X.data[i]);
          for (let k = 0; k < B; k++) logits.push(Math.log(Math.max(1e-300, Phi((borders[k + 1] - mu) / 0.05) - Phi((borders[k] - mu) / 0.05))));
        }
        return new PfnBarPosterior(dist, logits, X.rows);
      },
      state: () => ({ kind: 'bar-stand-in' }),
      diagnostics: () => ({}),
    };
    const surrogate = { kind: 'bar-stand-in', fit: async () => fitted as never };
    const space1 = createSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
    const completed = [0.05, 0.6, 0.9].map((x) => ({ params: { x }, value: g(x) }));
    const d = await new BoPolicy({ surrogate }).suggest({ space: space1, algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 2, initialTrials: 2 } as never, direction: 'maximize', completed: completed as never, pending: [], count: 1 });
    assert.equal(d.diagnostics.phase, 'model', String(d.diagnostics.fallbackReason));
    assert.equal((d.diagnostics.optimizer as { mode: string }).mode, 'bar-candidates');
    assert.ok(Math.abs((d.suggestions[0].x as number) - 0.3) < 0.01, `suggested ${d.suggestions[0].x}`);
  });
});
