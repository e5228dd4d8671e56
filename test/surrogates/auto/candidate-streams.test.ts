/**
 * The reference candidate of 'auto' fits on the fit's own stream: a kept GP is the plain GP's fit
 * at the same rng (reference: createSurrogate('gp').fit with a fresh rng of the same seed, compared
 * bit for bit), whatever candidates follow it, and the other candidates' streams come after.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../core/rng.js';
import { CandidateStreams } from '../../../surrogates/auto/candidate-streams.js';
import { FittedAuto } from '../../../surrogates/auto/fitted-auto.js';
import { FittedGp } from '../../../surrogates/gp/fitted-gp.js';
import { createSurrogate } from '../../../surrogates/registry.js';
import { priorDraw, rbfMatrix, uniformPoints } from '../../../benchmarks/prior-draws.js';

test('a kept GP equals the plain GP fitted on the same rng, bit for bit, with any candidates after it (nngp, stp, a skipped neural one)', async () => {
  const X = uniformPoints(24, 3, 4);
  const data = priorDraw(X, rbfMatrix(X, 0.3), 1e-3, 5);
  const plain = await createSurrogate('gp', {}).fit(data, { rng: createRng(9) });
  assert.ok(plain instanceof FittedGp);
  const probe = uniformPoints(16, 3, 6);
  // margin 10: the GP is kept unless another candidate wins by 10 standard errors (the premise is asserted).
  for (const candidates of [['gp'], ['gp', 'nngp', 'stp'], ['gp', 'stp', 'nngp'], ['gp', 'deep-ensemble', 'nngp']]) {
    const auto = await createSurrogate('auto', { candidates, margin: 10 }).fit(data, { rng: createRng(9) });
    assert.ok(auto instanceof FittedAuto);
    assert.equal(auto.selection.choice, 'gp', candidates.join(','));
    const gp = auto.chosen as FittedGp;
    assert.deepEqual(Array.from(gp.params), Array.from(plain.params), candidates.join(','));
    assert.deepEqual(Array.from(auto.posterior(probe).mean()), Array.from(plain.posterior(probe).mean()), candidates.join(','));
    assert.deepEqual(Array.from(auto.posterior(probe).variance()), Array.from(plain.posterior(probe).variance()), candidates.join(','));
  }
});

test('streams: the LOO reference gets the fit stream itself; the others are split off it afterwards, in candidate order, all at once', () => {
  const fitStream = createRng(3);
  const streams = new CandidateStreams(fitStream, ['gp', 'nngp', 'stp'], true);
  assert.equal(streams.of('gp'), fitStream);
  const drawn = fitStream.uniform();
  // Reference: the same splits taken by hand from a copy of the stream after the same draw.
  const copy = createRng(3);
  assert.equal(copy.uniform(), drawn);
  const parent = copy.split();
  const expected = ['gp', 'nngp', 'stp'].map(() => parent.split().uniform());
  // stp asked before nngp still gets its own (candidate-order) stream: asking order does not matter.
  const stp = streams.of('stp').uniform();
  const nngp = streams.of('nngp').uniform();
  assert.deepEqual([nngp, stp], expected.slice(1));
  assert.throws(() => streams.of('gp'), /reference candidate must fit before/);
});

test('streams: a k-fold reference (referenceExact false) draws from a derived stream like the others', () => {
  const fitStream = createRng(3);
  const streams = new CandidateStreams(fitStream, ['deep-ensemble', 'gp'], false);
  assert.notEqual(streams.of('deep-ensemble'), fitStream);
  const copy = createRng(3).split();
  assert.equal(streams.of('deep-ensemble').uniform(), copy.split().uniform());
});
