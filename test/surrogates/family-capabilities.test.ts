/**
 * Each surrogate family declares what it can do (surrogates/family-capabilities.ts) before any fit;
 * here every family is fitted (small, fast settings) and its fitted model's typed capabilities
 * (capabilitiesOf) and actual posterior are checked against that declaration: the posterior kind
 * matches what posterior() returns, a declared cross predictor agrees with posterior([H; x])'s
 * joint covariance (independent computation), noise and LOO are present exactly when declared.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRng } from '../../core/rng.js';
import { pearsonBySums } from './auto/spearman-by-pairs.js';
import { vstack } from '../../core/matrix.js';
import type { FittedGp } from '../../surrogates/gp/fitted-gp.js';
import { familyCapabilities } from '../../surrogates/family-capabilities.js';
import { createSurrogate } from '../../surrogates/registry.js';
import { capabilitiesOf, isEnsemble, isGaussian, isStudentT, type TrainingData } from '../../surrogates/types.js';
import { writeRandomWeights } from './pfn/fixtures/random-weights.js';

const root = mkdtempSync(join(tmpdir(), 'family-caps-'));
const pfnDir = join(root, 'w');
writeRandomWeights(pfnDir, 3);
after(() => rmSync(root, { recursive: true, force: true }));

/** Every registered family with settings that fit in about a second. */
const FAMILIES: [string, Record<string, unknown>][] = [
  ['gp', {}],
  ['nngp', {}],
  ['ntk', {}],
  ['stp', { restarts: 0, maxIterations: 20 }],
  ['dkl', { engine: 'js', steps: 20, pretrainSteps: 0, restarts: 0, widths: [8] }],
  ['hmc-bnn', { engine: 'js', chains: 1, warmup: 20, samplesPerChain: 5, widths: [8] }],
  ['hmc-bnn', { engine: 'js', chains: 1, warmup: 20, samplesPerChain: 5, widths: [8], posterior: 'ensemble' }],
  ['bnn-sghmc', { chains: 1, burnIn: 50, samplesPerChain: 4, thin: 5, widths: [8] }],
  ['deep-ensemble', { members: 2, steps: 30, widths: [8] }],
  ['pfn', { weightsDir: pfnDir }],
];


function data(n: number, d: number, seed: number): TrainingData {
  const rng = createRng(seed);
  const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * X.data[i * d]) + X.data[i * d + 1]);
  const m = y.reduce((a, b) => a + b) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  return { X, y: y.map((v) => (v - m) / sd) };
}

test('every registered family is listed here (a new family must declare its capabilities)', async () => {
  const { surrogateKinds } = await import('../../surrogates/registry.js');
  const listed = new Set(FAMILIES.map(([k]) => k));
  for (const kind of surrogateKinds().filter((k) => k !== 'auto')) {
    assert.ok(listed.has(kind), `${kind} is not checked`);
    assert.ok(familyCapabilities(kind), `${kind} declares no capabilities`);
  }
  assert.equal(familyCapabilities('auto'), undefined, "'auto' is not a family: it declares its chosen model's");
});

for (const [kind, options] of FAMILIES) {
  test(`${kind} ${JSON.stringify(options.posterior ?? '')}: the fitted model declares what the family declares`, async () => {
    const family = familyCapabilities(kind, options)!;
    const train = data(12, 2, 1);
    const model = await createSurrogate(kind, options).fit(train, { rng: createRng(2) });
    const caps = capabilitiesOf(model);
    const probe = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, 0.5, 0.5, 0.9, 0.3]) };
    assert.equal(caps.posteriorKind, family.posteriorKind, 'declared posterior kind');
    assert.equal(model.posterior(probe).kind, family.posteriorKind, 'posterior() returns the declared kind');
    assert.equal(caps.crossPredictor !== undefined, family.crossMoments, 'cross moments');
    assert.equal(caps.leaveOneOut !== undefined, family.leaveOneOut, 'closed-form LOO');
    assert.equal(caps.noiseVariance !== undefined, family.noiseVariance, 'noise variance');
    if (caps.noiseVariance !== undefined) assert.ok(caps.noiseVariance > 0 && Number.isFinite(caps.noiseVariance), `noise ${caps.noiseVariance}`);
    // Joint draws, on the same row twice: an ensemble draws one member for every row (identical
    // base columns give identical values); any other joint posterior gives correlation ~1 (the rows
    // coincide); independent rows (the PFN) correlation ~0: |r| < 0.3 is 4 standard errors at 200 draws.
    const twice = { rows: 2, cols: 2, data: Float64Array.from([0.3, 0.7, 0.3, 0.7]) };
    const post = model.posterior(twice);
    if (isEnsemble(post)) {
      const z = Float64Array.from({ length: 16 }, (_, i) => ((i >> 1) % 3) - 1); // columns equal per draw
      const draws = post.sampleFromBase({ rows: 8, cols: 2, data: z });
      for (let s = 0; s < 8; s++) assert.equal(draws.data[s * 2], draws.data[s * 2 + 1], 'one member per draw across rows');
      assert.equal(family.jointDraws, true);
    } else {
      const draws = post.sample(200, createRng(3));
      const r = pearsonBySums(Array.from({ length: 200 }, (_, i) => draws.data[2 * i]), Array.from({ length: 200 }, (_, i) => draws.data[2 * i + 1]));
      if (family.jointDraws) assert.ok(r > 0.9, `joint draws: correlation ${r}`);
      else assert.ok(Math.abs(r) < 0.3, `independent rows: correlation ${r}`);
    }
    if (caps.crossPredictor) {
      // H off the training rows: at coincident points the arc-cosine kernels' ρ → 1 limit costs ~1e-6 relative (NTK).
      const H = data(4, 2, 9).X;
      const joint = model.posterior(vstack(H, probe));
      // The cross moments are the joint posterior's covariances (a Student-t's: ν/(ν−2) times its scale matrix).
      assert.ok(isGaussian(joint) || isStudentT(joint));
      const C = joint.covariance();
      const m = H.rows + probe.rows;
      const batch = caps.crossPredictor(H).batch(probe);
      // Relative to the prior variance: the two routes cancel prior covariances of that size differently (the NTK's reach ~1e4).
      const gp = model as FittedGp;
      const prior = isGaussian(joint) ? Math.max(1, ...gp.kernel.diag(gp.params.subarray(0, gp.kernel.size), vstack(H, probe))) : 1;
      for (let r = 0; r < probe.rows; r++) {
        for (let j = 0; j < H.rows; j++) {
          const ref = C.data[(H.rows + r) * m + j];
          assert.ok(Math.abs(batch.cross.data[r * H.rows + j] - ref) < 1e-5, `cross(${r}, ${j}): ${batch.cross.data[r * H.rows + j]} vs ${ref} (prior variance ${prior})`);
        }
      }
    }
  });
}
