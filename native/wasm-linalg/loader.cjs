'use strict';
/**
 * Compiles the committed float64 wasm kernels (linalg.wasm, built from linalg.c by
 * tools/build-wasm.sh) for core/linalg. Lives outside core/ because it reads a file (core/ does no
 * I/O); core/linalg/wasm-binding.ts reaches it through createRequire. Synchronous: the module is
 * ~17 KB, so `new WebAssembly.Module(bytes)` at import costs well under a millisecond or two.
 */
const fs = require('node:fs');
const path = require('node:path');

let lastError = '';

/** The compiled WebAssembly.Module, or null (reason in error()). Never throws. */
function load() {
  const file = path.join(__dirname, 'linalg.wasm');
  try {
    return new WebAssembly.Module(fs.readFileSync(file));
  } catch (err) {
    lastError = `cannot load ${file}: ${err && err.message ? err.message : String(err)}`;
    return null;
  }
}

/** Why load() returned null. */
function error() {
  return lastError;
}

module.exports = { load, error };
