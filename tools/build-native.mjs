#!/usr/bin/env node
/**
 * Builds the optional OpenBLAS/LAPACKE addon in native/linalg (used by core/linalg when present).
 * Safe as an npm postinstall: it never exits non-zero. Missing headers, a missing compiler, no
 * node-gyp or a failed build only print why; core/linalg then uses its pure-JS kernels.
 *
 * node-gyp gets --nodedir explicitly (the Node headers installed with node, e.g. /usr), because
 * without it node-gyp tries to download headers from nodejs.org, which fails offline.
 * Usage: node tools/build-native.mjs [--force]   (BO_SKIP_NATIVE=1 skips the build)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ADDON_DIR = join(ROOT, 'native', 'linalg');
const OUTPUT = join(ADDON_DIR, 'build', 'Release', 'linalg.node');
const say = (msg) => console.log(`[build-native] ${msg}`);

function findHeaders() {
  const lapacke = ['/usr/include/lapacke.h', '/usr/include/x86_64-linux-gnu/lapacke.h'].find(existsSync);
  const cblas = [
    '/usr/include/x86_64-linux-gnu/cblas.h',
    '/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h',
    '/usr/include/cblas.h',
    '/usr/include/openblas/cblas.h',
  ].find(existsSync);
  return lapacke && cblas ? { lapacke, cblas } : null;
}

/** Directory holding include/node/node_api.h for the running node (npm's nodedir, else the prefix). */
function findNodeDir() {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..'), '/usr', '/usr/local'];
  return candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node_api.h'))) ?? null;
}

/** node-gyp's entry script: npm's bundled copy (next to this node's npm) or a local install. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  const prefix = resolve(dirname(process.execPath), '..');
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push('/usr/share/nodejs/npm/node_modules/node-gyp/bin/node-gyp.js');
  candidates.push('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  try {
    candidates.push(createRequire(join(ROOT, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally: fine
  }
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
  if (npmRoot.status === 0) candidates.push(join(npmRoot.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

function main() {
  if (process.env.BO_SKIP_NATIVE === '1') return say('BO_SKIP_NATIVE=1: skipped; core/linalg uses the JS kernels.');
  if (existsSync(OUTPUT) && !process.argv.includes('--force')) return say(`already built (${OUTPUT}); pass --force to rebuild.`);
  const headers = findHeaders();
  if (!headers) {
    return say('OpenBLAS/LAPACKE headers not found (lapacke.h, cblas.h); skipped, core/linalg uses the JS kernels. ' +
      'To enable: apt-get install -y libopenblas-dev liblapacke-dev && node tools/build-native.mjs');
  }
  const nodedir = findNodeDir();
  if (!nodedir) return say('Node headers (include/node/node_api.h) not found; skipped, core/linalg uses the JS kernels.');
  const gyp = findNodeGyp();
  if (!gyp) return say('node-gyp not found; skipped, core/linalg uses the JS kernels.');
  say(`building with ${gyp} --nodedir=${nodedir} (${headers.lapacke}, ${headers.cblas})`);
  const res = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], { cwd: ADDON_DIR, stdio: 'inherit', timeout: 300_000 });
  if (res.status !== 0 || !existsSync(OUTPUT)) {
    return say(`build failed (status ${res.status ?? res.signal ?? res.error?.message}); core/linalg uses the JS kernels.`);
  }
  // Smoke test in a child process so a broken library cannot take this process down.
  const check = spawnSync(process.execPath, ['-e', `const m=require(${JSON.stringify(join(ADDON_DIR, 'loader.cjs'))}).load(); if(!m) process.exit(1); const a=new Float64Array([4,0,2,5]); if(m.potrf(a,2)!==0||a[3]!==2) process.exit(2); console.log(m.config())`], { encoding: 'utf8' });
  if (check.status !== 0) return say(`built, but the smoke test failed (status ${check.status}): ${check.stderr.trim()}`);
  say(`ok: ${OUTPUT} (${check.stdout.trim()})`);
}

try {
  main();
} catch (err) {
  say(`unexpected error, skipped: ${err instanceof Error ? err.message : String(err)}`);
}
process.exitCode = 0;
