#!/usr/bin/env bash
# Builds native/wasm-linalg/linalg.wasm (the committed float64 wasm+SIMD kernels core/linalg uses
# when the OpenBLAS addon is absent) from linalg.c with Debian's clang/lld (apt-get install -y clang lld).
# Freestanding: no libc, no imports; memory is exported and laid out by JS above __heap_base.
# -ffreestanding -fno-builtin keep clang from turning loops into memset/memcpy calls (there is no libc).
# Usage: tools/build-wasm.sh [output.wasm]   (default: the committed file; npm run build:wasm)
# test/core/linalg/wasm-build.test.ts rebuilds into a temp file and compares bytes when clang is present.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="$ROOT/native/wasm-linalg/linalg.c"
OUT="${1:-$ROOT/native/wasm-linalg/linalg.wasm}"
CLANG="${CLANG:-clang}"
# -C to the source directory so no absolute path can reach the output.
cd "$ROOT/native/wasm-linalg"
"$CLANG" --target=wasm32 -O3 -msimd128 -ffreestanding -fno-builtin -nostdlib -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--export=__heap_base -Wl,--strip-all \
  -o "$OUT" linalg.c
echo "[build-wasm] $OUT ($(wc -c < "$OUT") bytes, $("$CLANG" --version | head -1))"
