/**
 * Builds the dashboard (dashboard/src, TypeScript) into dashboard/dist: app.js (esbuild, one
 * minified ES module with the browser SDK and ECharts) plus the static index.html and style.css.
 * The output is committed, so users run no build step; test/dashboard/bundle.test.ts checks that
 * it equals a fresh build (esbuild is pinned exactly in package.json for that reason).
 * Usage: npm run build:dashboard
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DASHBOARD_DIST = join(ROOT, 'dashboard', 'dist');
const STATIC = join(ROOT, 'dashboard', 'static');

/** The dashboard's files (name -> content), built in memory. */
export async function buildDashboard(): Promise<Map<string, Uint8Array>> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['dashboard/src/main.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    write: false,
    outfile: 'dashboard/dist/app.js',
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const f of result.outputFiles) files.set(f.path.slice(DASHBOARD_DIST.length + 1), f.contents);
  for (const name of readdirSync(STATIC).sort()) files.set(name, readFileSync(join(STATIC, name)));
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildDashboard();
  mkdirSync(DASHBOARD_DIST, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(DASHBOARD_DIST, name), content);
  console.log([...files].map(([n, c]) => `${n} ${c.length} bytes`).join('\n'));
}
