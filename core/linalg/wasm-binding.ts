/**
 * The float64 wasm+SIMD kernels (native/wasm-linalg/linalg.c) behind the same raw interface as the
 * OpenBLAS addon (NativeLinalg: row-major arrays, written in place), so core/linalg/linalg.ts
 * treats both alike. Reading the .wasm file is I/O, which core/ may not do, so
 * native/wasm-linalg/loader.cjs compiles it and is reached through createRequire.
 *
 * Memory: JS owns the layout. Each call copies its arrays into the instance's memory at 16-byte
 * aligned offsets (a bump arena reset per call), runs the kernel and copies the results out. The
 * copies are O(n²) against O(n³) work for potrf/potri/trsm/gemm (benchmarks/linalg-kernels.ts).
 * The triangular solves get their factor L from a resident slot at the bottom of memory instead:
 * an acquisition optimizer solves against one L thousands of times, and copying n² entries per
 * O(n²) solve would be as much memory traffic as the solve itself (measured: no faster than JS).
 * The slot is keyed by the Float64Array's identity and n and re-validated by comparing the
 * diagonal and the last row (O(n)), so the factor must not be mutated after use (core/linalg
 * never does; its results are fresh arrays). Wasm memory only grows, so after a call that needed
 * more than RETAIN_BYTES the instance (and the slot) is dropped and a fresh one made on the next
 * call from the compiled module (~0.1 ms), giving the memory back.
 */
import { createRequire } from 'node:module';
import type { NativeLinalg } from './native-binding.js';

/** Exports of linalg.wasm; pointers are byte offsets into memory. */
interface WasmExports {
  readonly memory: WebAssembly.Memory;
  readonly __heap_base: WebAssembly.Global;
  potrf(a: number, n: number): number;
  trsv_lower(l: number, n: number, b: number): void;
  trsv_lower_t(l: number, n: number, b: number): void;
  trsm_lower(l: number, n: number, b: number, m: number, work: number): void;
  potri(l: number, n: number, out: number, work: number): void;
  gemm(c: number, a: number, b: number, p: number, q: number, r: number, transB: number, work: number): void;
  syrk(c: number, a: number, p: number, q: number): void;
}

/** Above this much memory after a call the instance is discarded so the memory can be freed. */
const RETAIN_BYTES = 64 * 1024 * 1024;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;
let loadError = '';
let inst: WasmExports | null = null;
/** The resident factor: source array (weakly held), its order and where its copy lives. */
let resident: { src: WeakRef<Float64Array>; n: number; ptr: number; bytes: number } | null = null;

function exportsNow(): WasmExports {
  if (!inst) {
    inst = new WebAssembly.Instance(compiled!, {}).exports as unknown as WasmExports;
    resident = null;
  }
  return inst;
}

const base = (e: WasmExports): number => ((e.__heap_base.value as number) + 15) & ~15;

/** Byte offsets for arrays of the given lengths (float64 elements) above the resident slot, growing memory to fit. */
function layout(e: WasmExports, lengths: readonly number[]): number[] {
  let at = resident ? resident.ptr + resident.bytes : base(e);
  const out: number[] = [];
  for (const len of lengths) {
    out.push(at);
    at += (len * 8 + 15) & ~15;
  }
  const have = e.memory.buffer.byteLength;
  if (at > have) e.memory.grow(Math.ceil((at - have) / PAGE));
  return out;
}

function put(e: WasmExports, ptr: number, src: Float64Array, len: number): void {
  new Float64Array(e.memory.buffer, ptr, len).set(src.length === len ? src : src.subarray(0, len));
}

function take(e: WasmExports, ptr: number, dst: Float64Array, len: number): void {
  dst.set(new Float64Array(e.memory.buffer, ptr, len));
}

function release(e: WasmExports): void {
  if (e.memory.buffer.byteLength > RETAIN_BYTES) {
    inst = null;
    resident = null;
  }
}

/** True when the resident copy still equals l on its diagonal and last row (O(n) spot check). */
function residentMatches(e: WasmExports, l: Float64Array, n: number): boolean {
  if (!resident || resident.n !== n || resident.src.deref() !== l) return false;
  const copy = new Float64Array(e.memory.buffer, resident.ptr, n * n);
  for (let i = 0; i < n; i++) if (copy[i * n + i] !== l[i * n + i] || copy[(n - 1) * n + i] !== l[(n - 1) * n + i]) return false;
  return true;
}

/** Pointer to a copy of the factor l (n×n) in the resident slot, copying only when it changed. */
function factorPtr(e: WasmExports, l: Float64Array, n: number): number {
  if (residentMatches(e, l, n)) return resident!.ptr;
  const bytes = (n * n * 8 + 15) & ~15;
  resident = null; // layout() below must not place anything above a stale slot
  const [ptr] = layout(e, [n * n]);
  put(e, ptr, l, n * n);
  resident = { src: new WeakRef(l), n, ptr, bytes };
  return ptr;
}

const kernels: NativeLinalg = {
  potrf(a, n) {
    const e = exportsNow();
    const [pa] = layout(e, [n * n]);
    put(e, pa, a, n * n);
    const info = e.potrf(pa, n);
    if (info === 0) take(e, pa, a, n * n);
    release(e);
    return info;
  },
  trsv(l, n, b, trans) {
    const e = exportsNow();
    const pl = factorPtr(e, l, n);
    const [pb] = layout(e, [n]);
    put(e, pb, b, n);
    if (trans) e.trsv_lower_t(pl, n, pb);
    else e.trsv_lower(pl, n, pb);
    take(e, pb, b, n);
    release(e);
  },
  trsm(l, n, b, m) {
    const e = exportsNow();
    const pl = factorPtr(e, l, n);
    const [pb, pw] = layout(e, [n * m, n * m]);
    put(e, pb, b, n * m);
    e.trsm_lower(pl, n, pb, m, pw);
    take(e, pb, b, n * m);
    release(e);
  },
  potri(a, n) {
    const e = exportsNow();
    const [pl, po, pw] = layout(e, [n * n, n * n, n * n]);
    put(e, pl, a, n * n);
    e.potri(pl, n, po, pw);
    take(e, po, a, n * n);
    release(e);
    return 0;
  },
  gemm(a, b, c, p, q, r, transB) {
    const e = exportsNow();
    const [pa, pb, pc, pw] = layout(e, [p * q, q * r, p * r, transB ? 0 : q * r]);
    put(e, pa, a, p * q);
    put(e, pb, b, q * r);
    e.gemm(pc, pa, pb, p, q, r, transB ? 1 : 0, pw);
    take(e, pc, c, p * r);
    release(e);
  },
  syrk(a, c, p, q) {
    const e = exportsNow();
    const [pa, pc] = layout(e, [p * q, p * p]);
    put(e, pa, a, p * q);
    e.syrk(pc, pa, p, q);
    take(e, pc, c, p * p);
    release(e);
  },
  config() {
    return 'wasm simd128 f64x2 (native/wasm-linalg/linalg.wasm), 1 thread';
  },
};

/** The wasm kernels, or null when linalg.wasm cannot be compiled here (reason in wasmLoadError()). */
export function loadWasmLinalg(): NativeLinalg | null {
  if (compiled === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const loader = require('../../native/wasm-linalg/loader.cjs') as { load(): WebAssembly.Module | null; error(): string };
      compiled = loader.load();
      if (!compiled) loadError = loader.error();
      else exportsNow(); // instantiate once now so a broken module fails here, not mid-fit
    } catch (err) {
      compiled = null;
      loadError = err instanceof Error ? err.message : String(err);
    }
  }
  return compiled ? kernels : null;
}

/** Bytes of wasm memory held now (0 when the instance was dropped to give memory back). */
export function wasmMemoryBytes(): number {
  return inst ? inst.memory.buffer.byteLength : 0;
}

/** Why loadWasmLinalg() returned null ('' when it loaded). */
export function wasmLoadError(): string {
  return loadError;
}
