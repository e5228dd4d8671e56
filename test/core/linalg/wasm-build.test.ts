/**
 * The committed native/wasm-linalg/linalg.wasm is the build of linalg.c by tools/build-wasm.sh:
 * rebuild into a temp file and compare bytes. Needs clang + wasm-ld (apt-get install -y clang lld);
 * CI has neither, so the test skips with the reason. The committed file came from Debian clang
 * 14.0.6; another clang release emits different (equally valid) code, so it is compared only there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILT_WITH = /clang version 14\.0\.6/;

test('committed linalg.wasm matches a fresh build of linalg.c', (t) => {
  const version = spawnSync('clang', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return t.skip('clang not installed (apt-get install -y clang lld); the runtime only loads the committed .wasm');
  if (spawnSync('wasm-ld', ['--version']).status !== 0) return t.skip('wasm-ld not installed (apt-get install -y lld)');
  if (!BUILT_WITH.test(version.stdout)) return t.skip(`the committed build is from Debian clang 14.0.6; this is ${version.stdout.split('\n')[0]}`);
  const dir = mkdtempSync(join(tmpdir(), 'wasm-build-'));
  try {
    const out = join(dir, 'linalg.wasm');
    const build = spawnSync('bash', [join(ROOT, 'tools/build-wasm.sh'), out], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const fresh = readFileSync(out);
    const committed = readFileSync(join(ROOT, 'native/wasm-linalg/linalg.wasm'));
    assert.ok(fresh.equals(committed), 'native/wasm-linalg/linalg.wasm is stale: run npm run build:wasm and commit it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
