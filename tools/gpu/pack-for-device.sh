#!/usr/bin/env bash
# Packs what `npm run gpu:check` needs onto a machine that has a GPU but no Node.js, no npm registry
# and no internet (the device machines of this workplace): a node binary, the check bundled by
# esbuild (tools/gpu/check.ts and the device thread, TensorFlow.js inlined), Dawn's dawn.node for
# linux-x64, tfjs's wasm binaries and the Vulkan loader's .deb, xz-compressed into .gpu-bundle/
# (ignored through .git/info/exclude; ~32 MB, which with the tracked tree stays under the device
# tool's 64 MiB). The PFN weights travel with the tree. On the device: tools/gpu/run-on-device.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.gpu-bundle
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
grep -qx '/.gpu-bundle/' "$(git rev-parse --git-path info/exclude)" 2>/dev/null || echo '/.gpu-bundle/' >> "$(git rev-parse --git-path info/exclude)"
mkdir -p "$OUT" "$STAGE/node_modules/webgpu/dist/linux-x64" "$STAGE/bin"
# ESM output needs require(), __filename and __dirname for the CommonJS parts of tfjs (the wasm
# backend finds its .wasm files next to __dirname).
npx esbuild tools/gpu/check.ts surrogates/neural/device-thread.ts --bundle --platform=node --format=esm --target=node20 \
  --outdir="$STAGE/app" --entry-names='[name]' --external:webgpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
cp surrogates/neural/device-worker-boot.mjs node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$STAGE/app/"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$STAGE/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$STAGE/node_modules/webgpu/dist/linux-x64/"
cp "$(readlink -f "$(command -v node)")" "$STAGE/bin/node"
# The Vulkan loader (the NVIDIA image has the driver's ICD but maybe no libvulkan.so.1).
(cd "$STAGE" && chmod 777 . && apt-get download -qq libvulkan1 >/dev/null && chmod 755 .)
rm -f "$OUT"/*
tar -C "$STAGE" -cf - . | xz -T2 -3 > "$OUT/gpu-check.tar.xz"
du -sh "$OUT"
