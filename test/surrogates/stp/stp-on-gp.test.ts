/**
 * The Student-t process fitted on an already fitted NNGP (surrogates/stp/stp-on-gp.ts, what 'auto'
 * does with shareKernels): its (α, β) likelihood against the full STP likelihood (which factorizes
 * K̃_y again), its gradient against central finite differences, the MAP (α, β) against a brute-force
 * grid of the log posterior, and the model built on the shared factor against the same process
 * built from scratch (FittedStp.at) and against brute-force leave-one-out refits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { FittedAuto } from '../../../surrogates/auto/fitted-auto.js';
import { looLogDensities, meanOf, posteriorLogDensities } from '../../../surrogates/auto/predictive-score.js';
import { capabilitiesOf } from '../../../surrogates/capabilities.js';
import type { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { NngpSurrogate } from '../../../surrogates/nngp/nngp-surrogate.js';
import { NetworkKernel } from '../../../surrogates/nngp/network-kernel.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { fitStpOnGp, gpQuadAndHalfLogDet, stpScaleLogMarginal } from '../../../surrogates/stp/stp-on-gp.js';
import { stpLogMarginal } from '../../../surrogates/stp/stp-likelihood.js';
import { FittedStp, SCALE_PRIOR } from '../../../surrogates/stp/stp-surrogate.js';
import { priorDraw, rowOf, uniformPoints, withoutRow } from '../../../benchmarks/prior-draws.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** A fitted NNGP on a draw from an NNGP (ReLU, depth 3), n = 25, d = 2. */
async function fittedNngp(seed: number): Promise<FittedGp> {
  const X = uniformPoints(25, 2, 40 + seed);
  const k = new NetworkKernel({ kind: 'nngp', activation: 'relu', depth: 3, dim: 2, fixed: { weightVar: 10, biasVar: 1.3 } });
  const data = priorDraw(X, k.matrix(new Float64Array(0), X, X), 1e-3, 50 + seed);
  return (await new NngpSurrogate('nngp').fit(data, { rng: createRng(seed) })) as FittedGp;
}

const withScale = (gp: FittedGp, lnAlpha: number, lnBeta: number) => Float64Array.from([...gp.params, lnAlpha, lnBeta]);

test('the (α, β) marginal on a fitted GP = the full STP log marginal at the same v; its gradient = central differences', async () => {
  const gp = await fittedNngp(0);
  const { quad, halfLogDet } = gpQuadAndHalfLogDet(gp);
  const n = gp.data.y.length;
  for (const [la, lb] of [[0.2, -1], [Math.log(2), Math.log(2)], [3, 1.5], [0.05, 4]]) {
    const mine = stpScaleLogMarginal(la, lb, quad, halfLogDet, n);
    const full = stpLogMarginal(gp.layout, withScale(gp, la, lb), gp.data);
    // The fitted factor may carry jitter that the full path's factorization also adds: 1e-8 relative.
    close(mine.value, full.lml, 1e-8, `lml at (${la}, ${lb})`);
    const h = 1e-5;
    const fd = (da: number, db: number) => (stpScaleLogMarginal(la + da, lb + db, quad, halfLogDet, n).value - stpScaleLogMarginal(la - da, lb - db, quad, halfLogDet, n).value) / (2 * h);
    close(mine.dLnAlpha, fd(h, 0), 1e-5, `d/d ln α at (${la}, ${lb})`);
    close(mine.dLnBeta, fd(0, h), 1e-5, `d/d ln β at (${la}, ${lb})`);
  }
});

test('the fitted (α, β) maximize the log posterior: no point of a 121 × 121 grid over the bounds is higher', async () => {
  for (const seed of [1, 2]) {
    const gp = await fittedNngp(seed);
    const stp = fitStpOnGp(gp, 'nngp');
    const v = Float64Array.from(stp.state().v as number[]);
    // Brute force through the full likelihood (a fresh factorization per point), not the profile code.
    const logPost = (la: number, lb: number) => stpLogMarginal(gp.layout, withScale(gp, la, lb), gp.data).lml + SCALE_PRIOR.logDensity(la).value + SCALE_PRIOR.logDensity(lb).value;
    const fitted = logPost(v[v.length - 2], v[v.length - 1]);
    let gridBest = -Infinity;
    for (let i = 0; i <= 120; i++) {
      for (let j = 0; j <= 120; j++) {
        const la = Math.log(1.01) + ((Math.log(1e3) - Math.log(1.01)) * i) / 120;
        const lb = Math.log(1e-3) + ((Math.log(1e3) - Math.log(1e-3)) * j) / 120;
        gridBest = Math.max(gridBest, logPost(la, lb));
      }
    }
    assert.ok(fitted >= gridBest - 1e-6, `seed ${seed}: fitted ${fitted} < grid best ${gridBest}`);
    // θ, noise and mean are the NNGP's, untouched.
    assert.deepEqual(Array.from(v.subarray(0, gp.params.length)), Array.from(gp.params));
  }
});

test('the process on the shared factor = the same process built from scratch; its LOO = brute-force refits without row i', async () => {
  const gp = await fittedNngp(3);
  const shared = fitStpOnGp(gp, 'nngp');
  const v = Float64Array.from(shared.state().v as number[]);
  const scratch = FittedStp.at(gp.layout, v, gp.data);
  assert.ok(Math.abs(shared.df - scratch.df) < 1e-12 && Math.abs(shared.scaleFactor - scratch.scaleFactor) < 1e-9 * scratch.scaleFactor);
  const Xt = uniformPoints(5, 2, 99);
  const [a, b] = [shared.posterior(Xt, { observationNoise: true }), scratch.posterior(Xt, { observationNoise: true })];
  for (let j = 0; j < 5; j++) {
    close(a.mean()[j], b.mean()[j], 1e-8, `mean ${j}`);
    close(a.variance()[j], b.variance()[j], 1e-8, `variance ${j}`);
  }
  const loo = looLogDensities(capabilitiesOf(shared).leaveOneOut!(), gp.data.y);
  for (let i = 0; i < gp.data.y.length; i++) {
    const ref = FittedStp.at(gp.layout, v, withoutRow(gp.data, i));
    const dens = posteriorLogDensities(ref.posterior(rowOf(gp.data.X, i), { observationNoise: true }), Float64Array.of(gp.data.y[i]), ref.df)[0];
    close(loo[i], dens, 1e-6, `LOO log density ${i}`);
  }
});

test("auto with shareKernels: 'stp' is scored on the NNGP's kernel (kernelFrom 'nngp', same θ, noise, mean); shareKernels false fits it on its own", async () => {
  const gp = await fittedNngp(4);
  const data = gp.data;
  const auto = (await createSurrogate('auto', { candidates: ['gp', 'nngp', 'stp'] }).fit(data, { rng: createRng(4) })) as FittedAuto;
  const row = auto.selection.scores.find((s) => s.candidate === 'stp')!;
  assert.ok('score' in row && row.kernelFrom === 'nngp', JSON.stringify(row));
  const nngp = auto.fitted.get('nngp') as FittedGp;
  const stp = auto.fitted.get('stp') as FittedStp;
  const v = stp.state().v as number[];
  assert.deepEqual(v.slice(0, nngp.params.length), Array.from(nngp.params));
  // The score is the mean LOO log density of that model (computed here from the model, not the selection).
  close(row.score, meanOf(looLogDensities(capabilitiesOf(stp).leaveOneOut!(), data.y)), 1e-12, 'stp score');
  const own = (await createSurrogate('auto', { candidates: ['gp', 'nngp', 'stp'], shareKernels: false }).fit(data, { rng: createRng(4) })) as FittedAuto;
  const ownRow = own.selection.scores.find((s) => s.candidate === 'stp')!;
  assert.ok('score' in ownRow && ownRow.kernelFrom === undefined, JSON.stringify(ownRow));
});
