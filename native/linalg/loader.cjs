'use strict';
/**
 * Loads the optional OpenBLAS/LAPACKE addon (build/Release/linalg.node) for core/linalg.
 * Lives outside core/ because it reads files (core/ does no I/O); core/linalg/native-binding.ts
 * reaches it through createRequire.
 *
 * Environment set before the shared library loads (OpenBLAS reads it once, at load time), and
 * only when the user has not set it:
 * - OPENBLAS_NUM_THREADS=1: the service runs many studies concurrently, each fitting small GPs
 *   (n ≤ a few thousand); BLAS threads would oversubscribe the cores the event loop and the other
 *   studies need, and OpenBLAS's thread pool busy-waits. Parallelism belongs at the study level.
 * - OPENBLAS_CORETYPE=SkylakeX when /proc/cpuinfo lists avx512f: Debian's OpenBLAS 0.3.21 does not
 *   recognise recent AVX-512 CPUs and falls back to generic "Prescott" kernels, 2–5× slower
 *   (../../../shared/reference/js-ecosystem.md §3 measured dgemm 16.7 → 78.6 GFLOP/s).
 */
const fs = require('node:fs');
const path = require('node:path');

let lastError = '';

function hasAvx512f() {
  try {
    return /\bavx512f\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

/** The addon's exports, or null (reason in error()). Never throws. */
function load() {
  const file = path.join(__dirname, 'build', 'Release', 'linalg.node');
  if (!fs.existsSync(file)) {
    lastError = `not built (${file} missing; run node tools/build-native.mjs)`;
    return null;
  }
  if (process.env.OPENBLAS_NUM_THREADS === undefined) process.env.OPENBLAS_NUM_THREADS = '1';
  if (process.env.OPENBLAS_CORETYPE === undefined && hasAvx512f()) process.env.OPENBLAS_CORETYPE = 'SkylakeX';
  try {
    return require(file);
  } catch (err) {
    lastError = `failed to load ${file}: ${err && err.message ? err.message : String(err)}`;
    return null;
  }
}

/** Why load() returned null. */
function error() {
  return lastError;
}

module.exports = { load, error };
