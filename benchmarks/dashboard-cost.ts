/**
 * What the dashboard costs (issue 23): bundle sizes and the latency of one study:slices job.
 *  - The browser SDK bundled by esbuild (minified, platform browser) as it is, and as it was before
 *    the SDK stopped importing protocol/messages.ts at runtime (reproduced by resolving
 *    protocol/wire-constants.js back to protocol/messages.ts), raw and gzipped; the dashboard's
 *    committed app.js.
 *  - policy/slices.ts in this thread (as a compute worker runs it) on seeded synthetic data:
 *    median of `--reps` runs per (d, n), GP surrogate.
 * Usage: npx tsx benchmarks/dashboard-cost.ts [--reps 3]
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createSearchSpace } from '../core/search-space.js';
import { createRng } from '../core/rng.js';
import { AlgorithmSpec } from '../protocol/algorithm.js';
import { slices } from '../policy/slices.js';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] ?? 3) || 3;

/** Resolves the zod-free constants module back to protocol/messages.ts: the SDK's import graph before the change. */
const beforeGraph: Plugin = {
  name: 'sdk-before',
  setup(b) {
    b.onResolve({ filter: /wire-constants\.js$/ }, (args) => (args.importer.includes('/sdk/') ? { path: new URL('../protocol/messages.ts', import.meta.url).pathname } : undefined));
  },
};

async function sdkBundle(plugins: Plugin[]): Promise<{ plain: number; raw: number; gz: number }> {
  const bundle = (minify: boolean) => build({ entryPoints: ['sdk/index.ts'], bundle: true, platform: 'browser', format: 'esm', minify, write: false, logLevel: 'silent', plugins });
  const text = (await bundle(true)).outputFiles[0]!.contents;
  return { plain: (await bundle(false)).outputFiles[0]!.contents.length, raw: text.length, gz: gzipSync(text).length };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const before = await sdkBundle([beforeGraph]);
const after = await sdkBundle([]);
const app = readFileSync('dashboard/dist/app.js');
console.log('| bundle | not minified | minified | gzipped |\n|---|---:|---:|---:|');
console.log(`| SDK before (protocol/messages at runtime) | ${kb(before.plain)} | ${kb(before.raw)} | ${kb(before.gz)} |`);
console.log(`| SDK after (zod-free) | ${kb(after.plain)} | ${kb(after.raw)} | ${kb(after.gz)} |`);
console.log(`| dashboard app.js (SDK + ECharts) | — | ${kb(app.length)} | ${kb(gzipSync(app).length)} |`);

console.log('\n| d | n | slices median ms | min | max |\n|---:|---:|---:|---:|---:|');
for (const d of [2, 6]) {
  for (const n of [20, 100]) {
    const space = createSearchSpace(Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }])));
    const rng = createRng(1000 * d + n);
    // Sum of shifted quadratics with one interaction: smooth, with unequal importances.
    const f = (x: number[]) => x.reduce((s, v, i) => s + (i + 1) * (v - 0.3) ** 2, 0) + x[0]! * x[1]!;
    const completed = Array.from({ length: n }, () => {
      const x = Array.from({ length: d }, () => rng.uniform());
      return { params: Object.fromEntries(x.map((v, i) => [`x${i}`, v])), value: f(x) };
    });
    const incumbent = completed.reduce((a, b) => (b.value < a.value ? b : a)).params;
    const ms: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await slices({ space, algorithm: AlgorithmSpec.parse({ surrogate: 'gp', seed: r + 1 }), direction: 'minimize', completed, incumbent });
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`| ${d} | ${n} | ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} | ${ms[0]!.toFixed(0)} | ${ms[ms.length - 1]!.toFixed(0)} |`);
  }
}
