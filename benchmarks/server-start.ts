/**
 * Server start cost (not a test): spawns `server/main.ts --port 0` from each checkout in turn,
 * alternating, and reports the wall time until it logs 'listening', the process's CPU time until
 * then, and its resident set size (VmRSS) once listening (test/surrogates/lazy-registry.test.ts
 * checks which modules a start loads).
 *
 *   npx tsx benchmarks/server-start.ts [--roots before=/tmp/base,after=.] [--runs 5] [--storage memory:|sqlite]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds, startChildServer } from './child-server.js';

const { values: flags } = parseArgs({
  options: {
    roots: { type: 'string', default: 'this=.' },
    runs: { type: 'string', default: '5' },
    storage: { type: 'string', default: 'sqlite' },
  },
});
const roots = flags.roots!.split(',').map((kv) => {
  const [label, path] = kv.split('=');
  if (!label || !path) throw new Error('--roots is label=path[,label=path...]');
  return { label, path: resolve(path) };
});

/** VmRSS of a process in MiB (Linux /proc; NaN elsewhere). */
function rssMiB(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  } catch {
    return NaN;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = new Map<string, { wall: number[]; cpu: number[]; rss: number[] }>(roots.map((r) => [r.label, { wall: [], cpu: [], rss: [] }]));
const dir = mkdtempSync(join(tmpdir(), 'bo-start-'));
const load0 = loadavg()[0]!;
for (let i = 0; i < Number(flags.runs); i++) {
  for (const root of roots) {
    const storage = flags.storage === 'sqlite' ? `sqlite:${join(dir, `${root.label}-${i}.sqlite`)}` : flags.storage!;
    const t0 = performance.now();
    const server = await startChildServer(root.path, ['--storage', storage, '--log-level', 'error']);
    const wall = performance.now() - t0;
    const r = results.get(root.label)!;
    r.wall.push(wall);
    r.cpu.push(1000 * cpuSeconds(server.pid));
    r.rss.push(rssMiB(server.pid));
    await server.stop();
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`Server start: ${flags.runs} runs per checkout, alternating, storage ${flags.storage}, node ${process.version}, load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}.\n`);
console.log('| checkout | start to listening, ms (median) | CPU until listening, ms (median) | RSS when listening, MiB (median) | each run: wall ms / RSS MiB |');
console.log('|---|---:|---:|---:|---|');
for (const root of roots) {
  const r = results.get(root.label)!;
  console.log(`| ${root.label} | ${median(r.wall).toFixed(0)} | ${median(r.cpu).toFixed(0)} | ${median(r.rss).toFixed(1)} | ${r.wall.map((w, k) => `${w.toFixed(0)} / ${r.rss[k]!.toFixed(0)}`).join(', ')} |`);
}
