/**
 * The noise-resolved restart of the trust region (trustRegion.restart = 'noise-resolved',
 * policy/trust-region-noise.ts).
 * - The side L_n against an independent reference: the region's box built by trustRegionBox (the
 *   one the acquisition searches) around a centre, its corner, and the kernel object's own 2×2
 *   covariance of f(centre), f(corner) (ScaleKernel ∘ StationaryArdKernel.matrix): the variance of the
 *   difference, K00 + K11 − 2K01, must equal the noise variance at L_n (the formula's geometry, the
 *   ℓ_geo weighting and the bisection are checked at once), for all three kernels and with an
 *   unconfined column; and it must be below the noise for a smaller box, above for a larger one.
 * - The replay, counted by hand: all-failure local phases halve every τ_fail asks, so a region that
 *   starts at 0.8 restarts after 4·τ_fail failures with lengthMin 0.08 (0.8 → 0.4 → 0.2 → 0.1 → 0.05)
 *   and after 7·τ_fail with 0.5^7; a lengthMin above lengthInit keeps the replay global.
 * - The policy: a constructed noisy data set (GP noise fixed, so the answer does not depend on a fit)
 *   where TuRBO's rules leave a small local region; with a large noise the noise-resolved rule
 *   restarts it (global ask, diagnostics show L_n above the side), with the noise at the floor it
 *   changes nothing (same suggestion as the default rule). Same seed, same suggestion.
 * - The spec: a bad `restart` is refused with its path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec, type AlgorithmInput } from '../../protocol/algorithm.js';
import { createPolicy } from '../../policy/create-policy.js';
import { replayTrustRegion, resolveTrustRegion, trustRegionBox, type TrustRegionSettings } from '../../policy/trust-region.js';
import { noiseResolvedDistance, noiseResolvedLength } from '../../policy/trust-region-noise.js';
import type { Observation } from '../../policy/types.js';
import { gammaPrior } from '../../surrogates/gp/priors.js';
import { radialProfile } from '../../surrogates/gp/kernels/radial-profiles.js';
import { ScaleKernel } from '../../surrogates/gp/kernels/scale-kernel.js';
import { StationaryArdKernel } from '../../surrogates/gp/kernels/stationary-ard.js';

/** Var[f(a) − f(b)] under the kernel with these lengthscales and outputscale, from the kernel object's matrix. */
function differenceVariance(kind: 'rbf' | 'matern52' | 'matern32', ls: number[], outputscale: number, a: Float64Array, b: Float64Array): number {
  const base = new StationaryArdKernel({ profile: radialProfile(kind), dim: ls.length, lengthscalePrior: gammaPrior(3, 6), minLengthscale: 1e-6 });
  const kernel = new ScaleKernel(base, { outputscalePrior: gammaPrior(2, 0.15) });
  const theta = Float64Array.from([...ls.map(Math.log), Math.log(outputscale)]);
  const X = { rows: 2, cols: ls.length, data: Float64Array.from([...a, ...b]) };
  const K = kernel.matrix(theta, X, X).data;
  return K[0] + K[3] - 2 * K[1];
}

test('L_n: the kernel variance of f(centre) − f(corner of the region box) equals the noise variance', () => {
  const ls = [0.2, 0.9, 0.45];
  const confined = [0, 2]; // column 1 unconfined: the region spans its whole range, the corner keeps the centre's value
  const centre = Float64Array.from([0.5, 0.3, 0.5]);
  for (const kind of ['rbf', 'matern52', 'matern32'] as const) {
    for (const [outputscale, noise] of [[1.7, 0.05], [0.6, 0.3], [2.5, 1e-3]]) {
      const r = noiseResolvedLength({ kernel: `scale(${kind})`, lengthscale: ls, outputscale, noise }, confined);
      assert.ok('length' in r, `${kind}: ${JSON.stringify(r)}`);
      const corner = (L: number) => {
        const box = trustRegionBox(centre, L, confined, ls);
        return Float64Array.from(centre, (c, j) => (confined.includes(j) ? box.upper[j] : c));
      };
      const at = differenceVariance(kind, ls, outputscale, centre, corner(r.length));
      assert.ok(Math.abs(at - noise) < 1e-9 * Math.max(1, noise), `${kind} σ_f² ${outputscale} σ_n² ${noise}: Var ${at} at L_n = ${r.length}`);
      assert.ok(differenceVariance(kind, ls, outputscale, centre, corner(0.9 * r.length)) < noise);
      assert.ok(differenceVariance(kind, ls, outputscale, centre, corner(1.1 * r.length)) > noise);
    }
  }
});

test('L_n edge cases: noise at or above twice the outputscale resolves no side; no noise resolves any; missing diagnostics say why', () => {
  assert.equal(noiseResolvedDistance('matern52', 1), Infinity);
  assert.equal(noiseResolvedDistance('rbf', 0), 0);
  const inf = noiseResolvedLength({ kernel: 'scale(matern52)', lengthscale: [0.3, 0.3], outputscale: 0.5, noise: 1.2 }, [0, 1]);
  assert.deepEqual(inf, { length: Infinity });
  // An unscaled kernel (the 'botorch' preset) has outputscale 1.
  const rbf = noiseResolvedLength({ kernel: 'rbf', lengthscale: [0.3, 0.3], noise: 0.02 }, [0, 1]);
  const scaled = noiseResolvedLength({ kernel: 'scale(rbf)', lengthscale: [0.3, 0.3], outputscale: 1, noise: 0.02 }, [0, 1]);
  assert.deepEqual(rbf, scaled);
  for (const [diag, why] of [
    [{ kernel: 'nngp', noise: 0.1 }, /stationary kernel/],
    // A GP with a quadratic trend (session 14): its variance across a box depends on where the box is.
    [{ kernel: 'scale(matern52)+quadratic', trend: 'quadratic', lengthscale: [0.3, 0.3], outputscale: 1, noise: 0.1 }, /quadratic trend/],
    [{ kernel: 'scale(matern52)', lengthscale: [0.3, 0.3], noise: 0.1 }, /outputscale/],
    [{ kernel: 'matern52', lengthscale: [0.3, 0.3] }, /noise/],
    [{ kernel: 'matern52', lengthscale: [0.3], noise: 0.1 }, /lengthscales/],
  ] as const) {
    const r = noiseResolvedLength(diag, [0, 1]);
    assert.ok('skipped' in r && why.test(r.skipped), JSON.stringify(r));
  }
});

const settings = (lengthMin: number): TrustRegionSettings => ({ ...resolveTrustRegion({ mode: 'on-stall', stallTolerance: 0 }, 2)!, lengthMin });

test('replay: all failures halve every τ_fail asks and restart below lengthMin (counted by hand)', () => {
  // One best value in the initial design, then nothing improves: τ_fail = 4 at d = 2, region from 0.8.
  const values = [1, 0, 0, ...new Array<number>(40).fill(0)];
  const restartAfter = (lengthMin: number): number => {
    for (let n = 4; n <= values.length; n++) if (replayTrustRegion(values.slice(0, n), 3, settings(lengthMin)).restarts > 0) return n - 3;
    return -1;
  };
  assert.equal(restartAfter(0.08), 4 * 4, '0.8 → 0.4 → 0.2 → 0.1 → 0.05 < 0.08: four halvings');
  assert.equal(restartAfter(0.5 ** 7), 7 * 4, '0.8 → … → 0.00625 < 0.5^7: seven halvings');
  const never = replayTrustRegion(values, 3, settings(0.9));
  assert.equal(never.phase, 'global');
  assert.equal(never.restarts, 0);
});

// A bowl in 2-D observed on a grid and then many times near one point: TuRBO's failures shrink the region there.
const space = createSearchSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
const bowl = (x: number, y: number) => (x - 0.3) ** 2 + (y - 0.6) ** 2;
const completed: Observation[] = [];
for (const x of [0.1, 0.5, 0.9]) for (const y of [0.1, 0.5, 0.9]) completed.push({ params: { x, y }, value: bowl(x, y) });
for (let k = 0; k < 24; k++) {
  const [x, y] = [0.3 + 0.002 * Math.cos(k), 0.6 + 0.002 * Math.sin(k)];
  completed.push({ params: { x, y }, value: bowl(x, y) + 0.01 * ((k * 7) % 5) + 0.05 });
}

async function ask(noise: number, restart?: 'noise-resolved', seed = 3) {
  const algorithm: AlgorithmInput = {
    surrogate: 'gp',
    // The Gaussian likelihood: the region's noise rule is what is tested, at a fixed noise (the default's outlier pursuit would add per-row variances).
    surrogateOptions: { noise, likelihood: 'gaussian' },
    acquisition: 'qlognei',
    seed,
    initialTrials: 9,
    trustRegion: { mode: 'on-stall', stallTolerance: 0, incumbent: 'posterior-mean', ...(restart ? { restart } : {}) },
  };
  const spec = AlgorithmSpec.parse(algorithm);
  return createPolicy(spec).suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 1 });
}

type TrDiag = { phase: string; length: number; restarts: number; noiseResolved?: { length: number | null; lengthMin: number | null } };

test('policy: under a large fitted noise the small region restarts; at the noise floor nothing changes; same seed, same ask', async () => {
  const fixed = (await ask(0.5)).diagnostics.trustRegion as TrDiag;
  const resolved = await ask(0.5, 'noise-resolved');
  const tr = resolved.diagnostics.trustRegion as TrDiag;
  assert.equal(fixed.phase, 'local', JSON.stringify(fixed));
  assert.ok(tr.noiseResolved && tr.noiseResolved.length !== null && tr.noiseResolved.length > fixed.length, JSON.stringify(tr));
  assert.ok(tr.restarts > fixed.restarts || tr.phase === 'global', `noise-resolved: ${JSON.stringify(tr)}; fixed: ${JSON.stringify(fixed)}`);
  assert.deepEqual((await ask(0.5, 'noise-resolved')).suggestions, resolved.suggestions, 'same seed and data, same suggestion');

  const floorFixed = await ask(1e-4);
  const floorResolved = await ask(1e-4, 'noise-resolved');
  const trFloor = floorResolved.diagnostics.trustRegion as TrDiag;
  assert.ok(trFloor.noiseResolved && trFloor.noiseResolved.lengthMin === 0.5 ** 7, JSON.stringify(trFloor));
  assert.deepEqual(floorResolved.suggestions, floorFixed.suggestions, 'below lengthMin the rule changes nothing');
});

test('spec: restart takes length-min or noise-resolved; anything else is refused at its path', () => {
  assert.equal(AlgorithmSpec.parse({ surrogate: 'gp', trustRegion: { mode: 'on-stall', restart: 'noise-resolved' } }).trustRegion?.mode, 'on-stall');
  const bad = AlgorithmSpec.safeParse({ surrogate: 'gp', trustRegion: { mode: 'on-stall', restart: 'noise' } });
  assert.ok(!bad.success);
  assert.deepEqual(bad.error.issues[0].path, ['trustRegion', 'restart']);
});
