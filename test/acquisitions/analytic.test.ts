import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../core/rng.js';
import { normalCdf, normalPdf } from '../../core/normal.js';
import { createLogEi } from '../../acquisitions/log-ei.js';
import { createLogPi } from '../../acquisitions/log-pi.js';
import { createUcb } from '../../acquisitions/ucb.js';
import { createPosteriorMean } from '../../acquisitions/posterior-mean.js';
import { createAcquisition, isMomentAcquisition } from '../../acquisitions/registry.js';
import type { AcquisitionContext, MomentAcquisition } from '../../acquisitions/types.js';
import { fakeGaussian } from './fakes.js';

const ctx = (best: number): AcquisitionContext => ({ best, rng: createRng(1) });

/*
 * scipy 1.17.1:
 *   from scipy.stats import norm; norm.pdf(0.5) - 0.5*(1 - norm.cdf(0.5))  -> 0.19779655740130603
 *   from scipy.special import log_ndtr; log_ndtr(-0.5)                      -> -1.1759117615936188
 */
test('LogEI on a fake posterior: EI(mean −0.5, var 1, best 0) = 0.19779655740130603', () => {
  const post = fakeGaussian([-0.5, 0.3], [1, 0, 0, 0.64]);
  const v = createLogEi().evaluate(post, ctx(0));
  assert.ok(Math.abs(Math.exp(v[0]) / 0.19779655740130603 - 1) < 1e-14, `${Math.exp(v[0])}`);
  // second row: σ = 0.8, μ = 0.3 -> EI = σ·h(μ/σ) = 0.49133500509763234 (scipy, same formula)
  assert.ok(Math.abs(Math.exp(v[1]) / 0.49133500509763234 - 1) < 1e-14);
});

/*
 * log h(z) references in 120-digit decimal arithmetic (see test/core/normal.test.ts for the script):
 * z = −5: −16.74430116266099, −20: −206.9178385094251, −40: −808.29856835662.
 */
test('LogEI is finite and accurate to 1e-8 relative at z = −5, −20, −40 where plain EI underflows', () => {
  const refs: [number, number][] = [
    [-5, -16.74430116266099],
    [-20, -206.9178385094251],
    [-40, -808.29856835662],
  ];
  const sigma = 2;
  for (const [z, logh] of refs) {
    const post = fakeGaussian([z * sigma], [sigma * sigma]);
    const v = createLogEi().evaluate(post, ctx(0))[0];
    const ref = logh + Math.log(sigma);
    assert.ok(Number.isFinite(v) && Math.abs(v - ref) <= 1e-8 * Math.abs(ref), `z=${z}: ${v} vs ${ref}`);
    const plainEi = sigma * (normalPdf(z) + z * normalCdf(z));
    if (z === -40) assert.ok(plainEi <= 0, `plain EI at z=-40 is ${plainEi}`);
  }
});

test('LogPI equals log Φ(z) (scipy log_ndtr(−0.5) = −1.1759117615936188)', () => {
  const v = createLogPi().evaluate(fakeGaussian([-1], [4]), ctx(0))[0];
  assert.ok(Math.abs(v + 1.1759117615936188) < 1e-14);
  assert.ok(Number.isFinite(createLogPi().evaluate(fakeGaussian([-100], [1]), ctx(0))[0]));
});

test('UCB and posterior mean', () => {
  const post = fakeGaussian([0.5], [0.25]);
  assert.equal(createUcb(4).evaluate(post, ctx(0))[0], 0.5 + 2 * 0.5);
  assert.equal(createUcb().evaluate(post, ctx(0))[0], 0.5 + Math.SQRT2 * 0.5);
  assert.equal(createPosteriorMean().evaluate(post, ctx(0))[0], 0.5);
  assert.throws(() => createUcb(-1));
});

test('every MomentAcquisition: dMean and dVariance match central finite differences', () => {
  const acqs: MomentAcquisition[] = [createLogEi(), createLogPi(), createUcb(3), createPosteriorMean()];
  const points: [number, number, number][] = [
    [-0.5, 1, 0],
    [0.7, 0.3, 0.2],
    [-3, 0.01, 0.5],
    [-30, 0.5, 0], // z = −42: deep tail, LogEI asymptotics
    [2, 1e-4, 0],
  ];
  for (const a of acqs) {
    for (const [m, v, best] of points) {
      const c = ctx(best);
      const g = a.fromMoments(m, v, c);
      const hm = 1e-6 * Math.max(1, Math.abs(m));
      const hv = 1e-6 * v;
      const fdM = (a.fromMoments(m + hm, v, c).value - a.fromMoments(m - hm, v, c).value) / (2 * hm);
      const fdV = (a.fromMoments(m, v + hv, c).value - a.fromMoments(m, v - hv, c).value) / (2 * hv);
      const close = (x: number, y: number) => Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(y));
      assert.ok(Number.isFinite(g.value), `${a.kind} value at ${m},${v}`);
      assert.ok(close(g.dMean, fdM), `${a.kind} dMean at (${m}, ${v}, ${best}): ${g.dMean} vs ${fdM}`);
      assert.ok(close(g.dVariance, fdV), `${a.kind} dVariance at (${m}, ${v}, ${best}): ${g.dVariance} vs ${fdV}`);
    }
  }
});

test('zero posterior variance gives finite log values (variance floor)', () => {
  const post = fakeGaussian([0.1, -0.1], [0, 0, 0, 0]);
  const ei = createLogEi().evaluate(post, ctx(0));
  assert.ok(Math.abs(ei[0] - Math.log(0.1)) < 1e-9); // EI → μ − f* as σ → 0
  assert.ok(Number.isFinite(ei[1]) && ei[1] < -1e15);
  const g = createLogEi().fromMoments(-0.1, 0, ctx(0));
  assert.ok(Number.isFinite(g.dMean) && g.dVariance === 0);
});

test('registry builds every kind with the right mode', () => {
  const kinds = ['log-ei', 'log-pi', 'ucb', 'posterior-mean', 'thompson', 'qlognei'] as const;
  for (const k of kinds) {
    const a = createAcquisition(k, { ucbBeta: 1, mcSamples: 16 });
    assert.equal(a.acquisition.kind, k);
    assert.equal(a.mode === 'moment', isMomentAcquisition(a.acquisition), k);
  }
  assert.equal(createAcquisition('ucb', { ucbBeta: 9 }).acquisition.evaluate(fakeGaussian([0], [1]), ctx(0))[0], 3);
});
