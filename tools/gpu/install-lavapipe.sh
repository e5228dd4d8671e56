#!/usr/bin/env bash
# Installs a lavapipe (Mesa's software Vulkan) that Dawn accepts, for the WebGPU backend tests on
# machines without a GPU. Debian 12's Mesa 22.3 lavapipe lacks shaderSampledImageArrayDynamicIndexing,
# which Dawn requires, so Dawn reports no adapter; Mesa 25.0 from bookworm-backports works. Its .deb is
# unpacked into a private directory (dpkg -x) rather than installed, so the system's Mesa (used by
# Chromium in the dashboard tests) stays as it is. Needs root only to add the backports source.
# Prints the one line to eval: export VK_DRIVER_FILES=<dir>/lvp_icd.json
#   eval "$(bash tools/gpu/install-lavapipe.sh)"
set -euo pipefail
DIR="${BO_LAVAPIPE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bo-lavapipe}"
ICD="$DIR/lvp_icd.json"
LIB="$DIR/root/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so"
if [ ! -f "$ICD" ] || [ ! -f "$LIB" ]; then
  export DEBIAN_FRONTEND=noninteractive
  # The Vulkan loader itself comes from the main archive.
  dpkg -s libvulkan1 >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends libvulkan1 >/dev/null
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list
    apt-get update -qq >/dev/null
  fi
  mkdir -p "$DIR/debs"
  # apt's sandbox user cannot write to a root-owned cache directory; chmod keeps its warning away.
  chmod 777 "$DIR/debs"
  (cd "$DIR/debs" && apt-get download -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null)
  for f in "$DIR"/debs/mesa-vulkan-drivers_*.deb; do dpkg -x "$f" "$DIR/root"; done
  printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$LIB" > "$ICD"
fi
echo "export VK_DRIVER_FILES=$ICD"
