/**
 * suggestBarBatch exclusions (acquisitions/bar-batch.ts). A stand-in model whose "posterior" is
 * the rows themselves and an acquisition that peaks exactly at an observed point: the closed-form
 * answer is that point, so what the optimizer returns is decided by the exclusion rules alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BarAcquisition } from '../../acquisitions/bar-acquisitions.js';
import { suggestBarBatch } from '../../acquisitions/bar-batch.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { FittedSurrogate, Posterior } from '../../surrogates/types.js';

const peak = [0.3, 0.7];
const rowsPosterior = (X: Matrix): Posterior => ({ kind: 'bar', size: X.rows, rows: X }) as unknown as Posterior;
const model = { kind: 'stand-in', dim: 2, posteriorKind: 'bar', posterior: rowsPosterior } as unknown as FittedSurrogate;
/** −(squared distance to the peak): maximized at the observed point itself. */
const acq: BarAcquisition = {
  kind: 'log-ei',
  smooth: true,
  evaluate(p: Posterior) {
    const X = (p as unknown as { rows: Matrix }).rows;
    return Float64Array.from({ length: X.rows }, (_, i) => -((X.data[2 * i] - peak[0]) ** 2 + (X.data[2 * i + 1] - peak[1]) ** 2));
  },
} as BarAcquisition;
const space = createSearchSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
const observed: Matrix = { rows: 1, cols: 2, data: Float64Array.from(peak) };
const linf = (x: ArrayLike<number>) => Math.max(Math.abs(x[0] - peak[0]), Math.abs(x[1] - peak[1]));

describe('suggestBarBatch observed-point exclusion', () => {
  it('without it, only the exact repeat is avoided: the pick lands next to the observed peak', () => {
    const r = suggestBarBatch(model, acq, space, { best: 0, rng: createRng(1) }, { q: 1, rng: createRng(2), observed });
    const x = r.points.data;
    assert.ok(linf(x) > 1e-6 && linf(x) < 0.01, `pick ${Array.from(x)} should hug the peak`);
  });

  it('with radius 0.05, the pick sits on the edge of the excluded box (closest allowed point)', () => {
    const r = suggestBarBatch(model, acq, space, { best: 0, rng: createRng(1) }, { q: 1, rng: createRng(2), observed, observedExclusion: 0.05 });
    const x = r.points.data;
    assert.ok(linf(x) > 0.05, `pick ${Array.from(x)} is inside the excluded box`);
    assert.ok(linf(x) < 0.08, `pick ${Array.from(x)} should be near the box edge (pattern search refines to it)`);
    assert.equal(r.diagnostics.observedExclusion, 0.05);
  });
});
