/**
 * Whether this machine has a WebGPU adapter for the backend tests (lavapipe in CI, a GPU elsewhere).
 * Absent: the tests skip with the reason, unless BO_REQUIRE_WEBGPU=1 (set by .ci/run after
 * tools/gpu/install-lavapipe.sh), where its absence fails the run.
 */
import { probeWebGpu } from '../../surrogates/neural/webgpu-adapter.js';

/** null when an adapter exists, else the skip reason. */
export async function webGpuSkipReason(): Promise<string | null> {
  const found = await probeWebGpu();
  if (found.ok) return null;
  const reason = `${found.reason} (eval "$(bash tools/gpu/install-lavapipe.sh)" for a software one)`;
  if (process.env.BO_REQUIRE_WEBGPU === '1') throw new Error(`BO_REQUIRE_WEBGPU=1 but ${reason}`);
  return reason;
}
