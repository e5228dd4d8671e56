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

/** Median and best wall time (ms) of fn over repeats chosen to take ~0.3–1 s per cell (at least 3).
 * The best is shown too because on a shared machine the median mostly measures the neighbours. */
function time(fn: () => void): { median: number; best: number } {
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
  return { median: median(times), best: Math.min(...times) };
}

const fmt1 = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const fmt = (t: { median: number; best: number }): string => `${fmt1(t.median)} (${fmt1(t.best)})`;

/** V8 copies typed arrays on a slow path for the first few hundred calls (measured ~25 ns/element,
 * 30× the warm speed), which would otherwise land in the first rows of the table. */
function warmUp(): void {
  const a = kernel(64);
  const b = new Float64Array(64).fill(1);
  for (const kind of native ? (['js', 'native'] as const) : (['js'] as const)) {
    setLinalgBackend(kind);
    for (let r = 0; r < 2000; r++) cholSolve(cholesky(a)!, b);
  }
}

const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : [50, 100, 200, 500, 1000, 2000];
const native = loadNativeLinalg();
console.log(`native: ${native ? native.config() : `not available (${nativeLoadError()})`}; node ${process.version}`);
warmUp();
console.log('');
console.log('Times in ms: median (best).');
console.log('| n | JS chol | native chol | speed-up (median) | JS solve | native solve | native chol GFLOP/s (n³/3, best) |');
console.log('|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const a = kernel(n);
  const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  type T = { median: number; best: number };
  const cell = (kind: 'js' | 'native'): [T, T] => {
    setLinalgBackend(kind);
    const l = cholesky(a);
    if (!l) throw new Error(`n=${n}: not positive definite`);
    return [time(() => cholesky(a)), time(() => cholSolve(l, b))];
  };
  const [jc, js] = cell('js');
  if (!native) {
    console.log(`| ${n} | ${fmt(jc)} | – | – | ${fmt(js)} | – | – |`);
    continue;
  }
  const [nc, ns] = cell('native');
  const gflops = n ** 3 / 3 / (nc.best * 1e6);
  console.log(`| ${n} | ${fmt(jc)} | ${fmt(nc)} | ${(jc.median / nc.median).toFixed(1)}× | ${fmt(js)} | ${fmt(ns)} | ${gflops.toFixed(1)} |`);
}
setLinalgBackend('auto');
