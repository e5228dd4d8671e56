#!/usr/bin/env node
/**
 * Compiles the service's TypeScript to JavaScript under dist/ (one .js and one .js.map per .ts,
 * same tree), so `npm start` runs plain JavaScript: no transpile at start, and no esbuild
 * `keepNames` (tsx compiles with it, which wraps every named closure in a defineProperty each time
 * it is created). Incremental: only sources newer than their output are compiled, so a start with
 * an up-to-date dist/ costs a stat per file and never loads esbuild.
 *
 * dist/ mirrors the repository so the code's relative paths still hold: native/ and dashboard/
 * are links to the real folders, a source folder's other files (.mjs worker boots are copied so
 * they resolve next to the compiled code; data such as the PFN weights are linked), and
 * dist/package.json carries the type and version. Bare imports resolve from the repository's
 * node_modules (dist/ sits inside it). Each output is written to a temporary name and renamed, so
 * two builds at once (a start and a test) never leave a half-written file.
 *
 * Usage: node tools/build-server.mjs [--force] [--quiet]; as a module: ensureBuilt({ quiet }).
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
/** The folders the server, its compute workers, the SDK and the CLI load code from. */
const SOURCE_DIRS = ['protocol', 'core', 'surrogates', 'acquisitions', 'policy', 'server', 'sdk', 'cli'];
/** Top-level folders the code reads next to itself (native addon and wasm loaders, the built dashboard). */
const LINKED_DIRS = ['native', 'dashboard'];
/** Bumped when the compile options change, so every output is rebuilt once. */
const OPTIONS_STAMP = 'esm-node20-nokeepnames-linkedmaps-1';

/** Every file under `dir` (relative to ROOT), skipping build outputs. */
function walk(dir, out = []) {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'build') walk(rel, out);
    } else if (e.isFile()) out.push(rel);
  }
  return out;
}

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
};

/** Writes `data` to `path` through a temporary file and a rename (atomic for concurrent builds). */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** A relative symlink at `link` to `target`, unless something is already there. */
function linkOnce(target, link) {
  try {
    lstatSync(link);
    return;
  } catch {
    // absent
  }
  mkdirSync(dirname(link), { recursive: true });
  try {
    symlinkSync(relative(dirname(link), target), link);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
}

/**
 * Brings dist/ up to date. Returns how many files were compiled (0: it was up to date).
 * `force` recompiles everything.
 */
export async function ensureBuilt({ force = false, quiet = false } = {}) {
  const stampFile = join(DIST, '.build-stamp');
  const stampOk = !force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === OPTIONS_STAMP;
  const files = SOURCE_DIRS.flatMap((d) => walk(d));
  const ts = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const stale = stampOk ? ts.filter((f) => mtime(join(DIST, f.replace(/\.ts$/, '.js'))) < mtime(join(ROOT, f))) : ts;
  if (stale.length > 0) {
    // esbuild comes with tsx (and is a devDependency at the same version); loaded only when there is work.
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: stale,
      outdir: DIST,
      outbase: ROOT,
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: join(ROOT, 'tsconfig.json'),
      keepNames: false,
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      write: false,
    });
    for (const o of result.outputFiles) writeAtomic(o.path, o.contents);
  }
  // Non-TypeScript files of the source folders: worker boot modules are copied (they import their
  // entry by URL and must not resolve to the source tree), everything else is linked.
  for (const f of files.filter((x) => !x.endsWith('.ts'))) {
    const src = join(ROOT, f);
    const dst = join(DIST, f);
    if (f.endsWith('.mjs')) {
      if (mtime(dst) < mtime(src)) writeAtomic(dst, readFileSync(src));
    } else linkOnce(src, dst);
  }
  for (const d of LINKED_DIRS) if (existsSync(join(ROOT, d))) linkOnce(join(ROOT, d), join(DIST, d));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const distPkg = `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module', description: 'generated by tools/build-server.mjs' }, null, 2)}\n`;
  if (!existsSync(join(DIST, 'package.json')) || readFileSync(join(DIST, 'package.json'), 'utf8') !== distPkg) writeAtomic(join(DIST, 'package.json'), distPkg);
  if (!stampOk) writeAtomic(stampFile, OPTIONS_STAMP);
  if (!quiet && stale.length > 0) console.error(`[build-server] compiled ${stale.length} of ${ts.length} TypeScript files to dist/`);
  return stale.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await ensureBuilt({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') });
}
