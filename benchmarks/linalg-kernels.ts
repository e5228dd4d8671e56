/**
 * GFLOP/s of each float64 kernel per backend, side by side in one process (js, wasm, and native
 * when the addon is built), on the raw kernels that core/linalg/linalg.ts dispatches to. The wasm
 * and native figures include their copy-in/copy-out (wasm) or call overhead, as the facade pays them.
 *   npm run bench:linalg -- [--sizes 500,1000,2000] [--reps 5] [--m 100] [--kernels potrf,syrk]
 * Kernels (flop counts): potrf n³/3 (Cholesky), potri 2n³/3 ((LLᵀ)⁻¹), trsm n²·m (L⁻¹B, B n×m),
 * trsv 2n² (L⁻¹b then L⁻ᵀb), gemm-nt 2n³ (A·Bᵀ, n×n), gemm-nn 2n³ (A·B), syrk n³ (A·Aᵀ, one
 * triangle; the addon has no syrk and runs gemm, counted at n³ too). Backends alternate
 * within each repetition so a neighbour's load hits them alike; medians of `reps` runs.
 * Also prints the small-n crossover table (ms) behind linalg.ts's SIZE_RULES with --small.
 */
import { performance } from 'node:perf_hooks';
import { backwardTInPlace, choleskyInPlace, cholInverseJs, forwardInPlace, forwardMatrixInPlace, matmulJs, matmulTransBJs } from '../core/linalg/dense-js.js';
import { loadNativeLinalg, type NativeLinalg } from '../core/linalg/native-binding.js';
import { loadWasmLinalg } from '../core/linalg/wasm-binding.js';
import { createRng } from '../core/rng.js';
import { median } from './stats.js';

/** RBF kernel matrix of n random 6-D points + 1e-3·I (the GP's K_y), row-major. */
function kernelMatrix(n: number): Float64Array {
  const rng = createRng(n);
  const d = 6;
  const x = Float64Array.from({ length: n * d }, () => rng.uniform());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t] - x[j * d + t]) ** 2;
      a[i * n + j] = a[j * n + i] = Math.exp(-s / 2) + (i === j ? 1e-3 : 0);
    }
  return a;
}

type Kernel = 'potrf' | 'potri' | 'trsm' | 'trsv' | 'gemm-nt' | 'gemm-nn' | 'syrk';
const KERNELS: Kernel[] = ['potrf', 'potri', 'trsm', 'trsv', 'gemm-nt', 'gemm-nn', 'syrk'];

function flops(k: Kernel, n: number, m: number): number {
  return { potrf: n ** 3 / 3, potri: (2 * n ** 3) / 3, trsm: n * n * m, trsv: 2 * n * n, 'gemm-nt': 2 * n ** 3, 'gemm-nn': 2 * n ** 3, syrk: n ** 3 }[k];
}

/** One run of kernel k on backend impl (null = JS); returns ms. Inputs are copied first, outside the timing. */
function runOnce(k: Kernel, impl: NativeLinalg | null, n: number, m: number, a: Float64Array, l: Float64Array, b: Float64Array): number {
  const work = k === 'potrf' ? a.slice() : k === 'potri' ? l.slice() : k === 'trsv' ? b.slice(0, n) : k === 'trsm' ? b.slice(0, n * m) : null;
  const t0 = performance.now();
  switch (k) {
    case 'potrf':
      if (impl) impl.potrf(work!, n);
      else choleskyInPlace(work!, n);
      break;
    case 'potri':
      if (impl) impl.potri(work!, n);
      else cholInverseJs(work!, n);
      break;
    case 'trsm':
      if (impl) impl.trsm(l, n, work!, m);
      else forwardMatrixInPlace(l, n, work!, m);
      break;
    case 'trsv':
      if (impl) {
        impl.trsv(l, n, work!, false);
        impl.trsv(l, n, work!, true);
      } else {
        forwardInPlace(l, n, work!);
        backwardTInPlace(l, n, work!);
      }
      break;
    case 'gemm-nt':
      if (impl) impl.gemm(a, l, new Float64Array(n * n), n, n, n, true);
      else matmulTransBJs(a, l, n, n, n);
      break;
    case 'syrk':
      if (impl?.syrk) impl.syrk(a, new Float64Array(n * n), n, n);
      else if (impl) impl.gemm(a, a, new Float64Array(n * n), n, n, n, true);
      else matmulTransBJs(a, a, n, n, n);
      break;
    case 'gemm-nn':
      if (impl) impl.gemm(a, l, new Float64Array(n * n), n, n, n, false);
      else matmulJs(a, l, n, n, n);
      break;
  }
  return performance.now() - t0;
}

/** CLI entry (see the file comment). */
function main(argv: readonly string[]): void {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) opts.set(argv[i].slice(2), argv[i + 1]?.startsWith('--') === false ? argv[++i] : 'true');
  const small = opts.has('small');
  const sizes = (opts.get('sizes') ?? (small ? '8,16,24,32,48,64,96,128,200' : '500,1000,2000')).split(',').map(Number);
  const reps = Number(opts.get('reps') ?? 5);
  const m = Number(opts.get('m') ?? 100);
  const wasm = loadWasmLinalg();
  const native = loadNativeLinalg();
  const backends: [string, NativeLinalg | null][] = [['js', null]];
  if (wasm) backends.push(['wasm', wasm]);
  if (native) backends.push(['native', native]);
  const names = backends.map(([b]) => b);
  console.log(`backends: ${names.join(', ')}${native ? ` (${native.config()})` : ' (native addon not built)'}; node ${process.version}; reps ${reps}; trsm m = ${m}`);
  console.log(small ? '\n| kernel | n | ' + names.map((b) => `${b} ms`).join(' | ') + ' |' : '\n| kernel | n | ' + names.map((b) => `${b} ms | ${b} GFLOP/s`).join(' | ') + ' | wasm/js |');
  console.log('|---|---|' + names.map(() => (small ? '---|' : '---|---|')).join('') + (small ? '' : '---|'));
  const kernels = opts.has('kernels') ? (opts.get('kernels')!.split(',') as Kernel[]) : KERNELS;
  for (const k of kernels)
    for (const n of sizes) {
      const a = kernelMatrix(n);
      const l = a.slice();
      if (!choleskyInPlace(l, n)) throw new Error(`n=${n}: not positive definite`);
      const b = Float64Array.from({ length: n * Math.max(m, 1) }, (_, i) => Math.sin(i + 1));
      const inner = small ? Math.max(1, Math.floor(2e6 / flops(k, n, m))) : 1; // small n: time batches
      const times = backends.map(() => [] as number[]);
      for (let r = 0; r < reps + 1; r++)
        backends.forEach(([, impl], bi) => {
          let t = 0;
          for (let q = 0; q < inner; q++) t += runOnce(k, impl, n, m, a, l, b);
          if (r > 0) times[bi].push(t / inner); // r = 0 warms up
        });
      const med = times.map(median);
      const cells = med.map((t) => (small ? t.toFixed(4) : `${t.toFixed(t < 10 ? 2 : 0)} | ${(flops(k, n, m) / (t * 1e6)).toFixed(2)}`));
      const ratio = wasm ? ` ${(med[0] / med[1]).toFixed(1)}× |` : ' – |';
      console.log(`| ${k} | ${n} | ${cells.join(' | ')} |${small ? '' : ratio}`);
    }
  console.log(`\nCommand: npm run bench:linalg -- ${argv.join(' ')}`);
}

main(process.argv.slice(2));
