/** The committed dashboard build (dashboard/dist) equals a fresh `npm run build:dashboard` (as the repo does for the wasm linalg). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboard, DASHBOARD_DIST } from '../../tools/build-dashboard.js';

test('dashboard/dist is the build of dashboard/src and dashboard/static (run npm run build:dashboard after editing them)', async () => {
  const fresh = await buildDashboard();
  assert.deepEqual(readdirSync(DASHBOARD_DIST).sort(), [...fresh.keys()].sort(), 'the same files');
  for (const [name, content] of fresh) {
    assert.ok(Buffer.from(content).equals(readFileSync(join(DASHBOARD_DIST, name))), `${name} differs from a fresh build: run npm run build:dashboard and commit`);
  }
});
