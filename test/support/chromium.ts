/**
 * Finds Debian's chromium for the browser tests (never downloads one). Absent: the tests skip with
 * the reason, unless BO_REQUIRE_BROWSER=1 (set by .ci/run), where its absence fails the run.
 */
import { existsSync } from 'node:fs';

/** The chromium binary, or a skip reason. */
export function findChromium(): { path: string } | { skip: string } {
  const path = process.env.BO_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return { path };
  const reason = `no chromium at ${path} (apt-get install -y chromium, or set BO_CHROMIUM)`;
  if (process.env.BO_REQUIRE_BROWSER === '1') throw new Error(`BO_REQUIRE_BROWSER=1 but ${reason}`);
  return { skip: reason };
}
