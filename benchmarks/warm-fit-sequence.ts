/**
 * How often warm GP fits reuse the hyperparameters in a real sequence of asks, and what the fit
 * costs on average (issue 16): one cold ask on n0 points, then `steps` asks each with `per` more
 * Hartmann6 observations (d = 6), the state carried as in a study. With --late, every second
 * batch of new points is inserted before the last `per` points instead of appended (tells arriving
 * out of trial-number order, as with parallel workers).
 *   npx tsx benchmarks/warm-fit-sequence.ts [--n0 1000] [--steps 30] [--per 1] [--algorithm gp-qlognei,gp-qlognei-refit] [--late]
 * Prints per algorithm: fit paths, mean / median fit wall and ask CPU ms, and the refit reasons.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Observation, PolicyState } from '../policy/types.js';
import { speedSetup } from './speed.js';
import { fmt, median } from './stats.js';

/** One algorithm's sequence: per-ask fit path, fit ms and ask CPU ms. */
async function sequence(algorithm: string, n0: number, steps: number, per: number, late: boolean) {
  const { policy, base, all } = speedSetup(n0 + steps * per, algorithm);
  const seen: Observation[] = all.slice(0, n0);
  let state: PolicyState | undefined = (await policy.suggest({ ...base, completed: seen })).state;
  const paths: string[] = [];
  const reasons = new Map<string, number>();
  const fitMs: number[] = [];
  const cpuMs: number[] = [];
  for (let s = 0; s < steps; s++) {
    const fresh = all.slice(n0 + s * per, n0 + (s + 1) * per);
    if (late && s % 2 === 1) seen.splice(seen.length - per, 0, ...fresh);
    else seen.push(...fresh);
    const c0 = process.cpuUsage();
    const d = await policy.suggest({ ...base, completed: seen, state });
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    fitMs.push(Number(d.diagnostics.fitMs));
    const model = d.diagnostics.model as Record<string, unknown>;
    paths.push(String(model.fitPath));
    if (typeof model.refitReason === 'string') reasons.set(model.refitReason, (reasons.get(model.refitReason) ?? 0) + 1);
    state = d.state;
  }
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return {
    algorithm,
    paths: [...counts].map(([p, k]) => `${p}×${k}`).join(', '),
    fitMean: mean(fitMs),
    fitMedian: median(fitMs),
    cpuMean: mean(cpuMs),
    cpuMedian: median(cpuMs),
    reasons: [...reasons].map(([r, k]) => `${r} ×${k}`).join('; ') || '-',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n0: { type: 'string', default: '1000' },
      steps: { type: 'string', default: '30' },
      per: { type: 'string', default: '1' },
      algorithm: { type: 'string', default: 'gp-qlognei,gp-qlognei-refit' },
      late: { type: 'boolean', default: false },
    },
  });
  const [n0, steps, per] = [Number(values.n0), Number(values.steps), Number(values.per)];
  const rows = [];
  for (const algorithm of values.algorithm!.split(',')) {
    const r = await sequence(algorithm, n0, steps, per, values.late!);
    process.stderr.write(`${algorithm}: ${r.paths}; fit mean ${r.fitMean.toFixed(0)} ms; ask CPU mean ${r.cpuMean.toFixed(0)} ms\n`);
    rows.push(r);
  }
  const head = '| algorithm | fit paths | fit ms mean / median | ask CPU ms mean / median | refit reasons |\n|---|---|---|---|---|';
  const body = rows.map((r) => `| ${r.algorithm} | ${r.paths} | ${fmt(r.fitMean)} / ${fmt(r.fitMedian)} | ${fmt(r.cpuMean)} / ${fmt(r.cpuMedian)} | ${r.reasons} |`);
  process.stdout.write(`## Warm-fit sequence: n = ${n0} + ${steps} × ${per}${values.late ? ', late tells' : ''}, d = 6 (Hartmann6)\n\n${[head, ...body].join('\n')}\n\nCommand: npx tsx benchmarks/warm-fit-sequence.ts ${process.argv.slice(2).join(' ')}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
