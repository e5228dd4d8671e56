#!/usr/bin/env bash
# Runs `npm run gpu:check` on an NVIDIA device machine (no Node.js, no internet there), from the
# bundle tools/gpu/pack-for-device.sh made here. With the device tool:
#   bash tools/gpu/pack-for-device.sh            # here, once
#   run(command='bash tools/gpu/run-on-device.sh', carry=['.gpu-bundle'], timeout_s=480)
# Vulkan headless on NVIDIA: the loader (libvulkan1, unpacked from the bundle's .deb when
# `ldconfig -p` has none) and the driver's ICD file, which the image mounts under /usr/local/nvidia
# (VK_DRIVER_FILES). The output is also written to $OUT/gpu-check.txt when $OUT is set.
set -uo pipefail
cd "$(dirname "$0")/../.."
W=/tmp/gpu-check
rm -rf "$W" && mkdir -p "$W"
xz -dc .gpu-bundle/gpu-check.tar.xz | tar -C "$W" -xf -
if ! ldconfig -p | grep -q 'libvulkan.so.1'; then
  for f in "$W"/libvulkan1_*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
done
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-none found}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
export BO_PFN_WEIGHTS="$PWD/surrogates/pfn/weights" XDG_RUNTIME_DIR=/tmp
log="${OUT:-/tmp}/gpu-check.txt"
timeout 420 "$W/bin/node" "$W/app/check.js" 2>&1 | grep -v 'artificially reduced' | tee "$log"
exit "${PIPESTATUS[0]}"
