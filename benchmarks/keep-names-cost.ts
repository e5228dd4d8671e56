/**
 * What a named closure costs under tsx (not a test). tsx compiles with esbuild's keepNames, which
 * wraps every arrow or function expression that gets an inferred name (`const f = () => ...`,
 * `{ key: () => ... }`) in __name(), a defineProperty on the new function, each time the
 * expression runs. This times the per-request shape StudyService.handle had (a table of 22 named
 * arrows built per call) against a switch, and one named arrow against one passed anonymously.
 *
 *   npx tsx benchmarks/keep-names-cost.ts [--calls 200000] [--reps 5]
 */
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { calls: { type: 'string', default: '200000' }, reps: { type: 'string', default: '5' } } });
const CALLS = Number(flags.calls);
let sink = 0;

function table(i: number): number {
  const t = {
    a: () => i + 1, b: () => i + 2, c: () => i + 3, d: () => i + 4, e: () => i + 5, f: () => i + 6, g: () => i + 7, h: () => i + 8, j: () => i + 9, k: () => i + 10, l: () => i + 11,
    m: () => i + 12, n: () => i + 13, o: () => i + 14, p: () => i + 15, q: () => i + 16, r: () => i + 17, s: () => i + 18, t: () => i + 19, u: () => i + 20, v: () => i + 21, w: () => i + 22,
  };
  return t.a();
}

function switched(i: number, key: string): number {
  switch (key) {
    case 'a': return i + 1;
    case 'b': return i + 2;
    default: return i;
  }
}

function namedOne(i: number): number {
  const f = () => i + 1;
  return apply(f);
}

function anonymousOne(i: number): number {
  return apply(() => i + 1);
}

function apply(f: () => number): number {
  return f();
}

/** Median µs per call of `fn` over --reps blocks of --calls calls. */
function time(fn: (i: number) => number): number {
  const blocks: number[] = [];
  for (let r = 0; r < Number(flags.reps); r++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) sink += fn(i);
    blocks.push((1000 * (performance.now() - t0)) / CALLS);
  }
  return blocks.sort((x, y) => x - y)[Math.floor(blocks.length / 2)]!;
}

const rows = [
  ['table of 22 named arrows per call', time(table)],
  ['switch', time((i) => switched(i, 'a'))],
  ['one named arrow per call', time(namedOne)],
  ['one anonymous arrow per call', time(anonymousOne)],
] as const;
console.log(`keepNames cost under tsx, node ${process.version}, medians of ${flags.reps} blocks of ${CALLS} calls (checksum ${sink % 7}).\n`);
console.log('| shape | µs per call |\n|---|---:|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(3)} |`);
