/**
 * The 80-point 2-D design (uniform, seed 77) and smooth test function shared by the GP noise tests
 * (noise-inference, robust-gp): noise is added per test, so each test knows the truth it recovers.
 */
import { createRng } from '../../../core/rng.js';

export const n = 80;
const rng = createRng(77);
export const data = new Float64Array(2 * n);
for (let i = 0; i < data.length; i++) data[i] = rng.uniform();
export const X = { rows: n, cols: 2, data };
export const f = (i: number): number => Math.sin(3 * data[2 * i]) + Math.cos(2 * data[2 * i + 1]) + data[2 * i] * data[2 * i + 1];
