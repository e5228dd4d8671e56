/**
 * Cross-check of the TS prior sampler (gp-prior.ts) against the trainer's tools/pfn/prior.py:
 * 4,000 datasets of 20 points, d ~ U{1..8}; prints quantiles of the per-dataset y variance and the
 * mean of (mean squared difference of y over point pairs with ‖Δx‖/√d < 0.15) / (2·var).
 * Compare with: .venv-pfn/bin/python benchmarks/pfn/prior_check.py SEED  (same statistics from prior.py).
 * Usage: npx tsx benchmarks/pfn/prior-check.ts SEED
 */
import { createRng } from '../../core/rng.js';
import { DEFAULT_PRIOR, sampleDataset } from './gp-prior.js';
const rng = createRng(Number(process.argv[2]));
const vs: number[] = [], ratios: number[] = [];
for (let t = 0; t < 4000; t++) {
  const d = 1 + rng.int(8);
  const { X, y } = sampleDataset(DEFAULT_PRIOR, d, 20, rng);
  const m = y.reduce((a, b) => a + b) / 20; const v = y.reduce((a, b) => a + (b - m) ** 2, 0) / 20; vs.push(v);
  let s = 0, c = 0;
  for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) {
    let r2 = 0; for (let k = 0; k < d; k++) r2 += (X.data[i * d + k] - X.data[j * d + k]) ** 2;
    if (Math.sqrt(r2) / Math.sqrt(d) < 0.15) { s += (y[i] - y[j]) ** 2; c++; }
  }
  if (c > 0) ratios.push(s / c / (2 * v));
}
vs.sort((a, b) => a - b);
const q = (p: number) => vs[Math.floor(p * (vs.length - 1))].toFixed(4);
console.log('ts var quantiles 10/50/90', q(0.1), q(0.5), q(0.9), 'mean', (vs.reduce((a, b) => a + b) / vs.length).toFixed(4), 'close-pair ratio mean', (ratios.reduce((a, b) => a + b) / ratios.length).toFixed(4), vs.length);
