/**
 * Times one Cholesky and one solve ((L Lᵀ)⁻¹b, both triangular solves) of a GP kernel matrix
 * (RBF on random 6-D points + 1e-3·I) with the JS and native backends of core/linalg.
 * Prints a markdown table of medians. Usage: npx tsx benchmarks/linalg-bench.ts [n1,n2,...]
 */
import { performance } from 'node:perf_hooks';
import { cholesky, cholSolve, setLinalgBackend } from '../core/linalg/linalg.js';
import { loadNativeLinalg, nativeLoadError } from '../core/linalg/native-binding.js';
import { type Matrix, zeros } from '../core/matrix.js';
import { createRng } from '../core/rng.js';

function kernel(n: number): Matrix {
  const rng = createRng(n);
  const d = 6;
  const x = Float64Array.from({ length: n * d }, () => rng.uniform());
  const a = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t] - x[j * d + t]) ** 2;
      const v = Math.exp(-s / 2) + (i === j ? 1e-3 : 0);
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  return a;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time (ms) of fn over repeats chosen to take ~0.3–1 s per cell (at least 3). */
function time(fn: () => void): number {
  const t0 = performance.now();
  fn(); // warm-up, also sizes the repeat count
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(3, Math.min(200, Math.floor(400 / once)));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  return median(times);
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : [50, 100, 200, 500, 1000, 2000];
const native = loadNativeLinalg();
console.log(`native: ${native ? native.config() : `not available (${nativeLoadError()})`}; node ${process.version}`);
console.log('');
console.log('| n | JS chol (ms) | native chol (ms) | speed-up | JS solve (ms) | native solve (ms) | native chol GFLOP/s (n³/3) |');
console.log('|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const a = kernel(n);
  const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const cell = (kind: 'js' | 'native'): [number, number] => {
    setLinalgBackend(kind);
    const l = cholesky(a);
    if (!l) throw new Error(`n=${n}: not positive definite`);
    return [time(() => cholesky(a)), time(() => cholSolve(l, b))];
  };
  const [jc, js] = cell('js');
  const [nc, ns] = native ? cell('native') : [NaN, NaN];
  const gflops = native ? n ** 3 / 3 / (nc * 1e6) : NaN;
  console.log(`| ${n} | ${fmt(jc)} | ${native ? fmt(nc) : '–'} | ${native ? (jc / nc).toFixed(1) + '×' : '–'} | ${fmt(js)} | ${native ? fmt(ns) : '–'} | ${native ? gflops.toFixed(1) : '–'} |`);
}
setLinalgBackend('auto');
