/**
 * What the robust GP likelihood costs per ask (issue 20, session 11): Hartmann6 (d = 6) at n
 * uniform points, clean or with a seeded fraction of the values shifted by Cauchy outliers; one
 * cold ask on n − steps observations, then `steps` warm asks each with one more, the policy state
 * carried as in a study. Per algorithm and case: mean ask CPU ms (process.cpuUsage, the whole ask),
 * mean fit wall ms, and for the robust likelihood the mean outlier count and fits per ask. The two
 * algorithms alternate per repeat in one process, so they see the same machine load.
 *   nice -n 10 node --import tsx benchmarks/robust-ask-cost.ts [--sizes 50,100] [--steps 5] [--outliers 0,0.05] [--repeats 2]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../core/rng.js';
import type { Observation, PolicyState } from '../policy/types.js';
import { speedSetup } from './speed.js';
import { fmt } from './stats.js';

const ALGORITHMS = ['gp-qlognei', 'gp-qlognei-robust'];

/** Hartmann6's values with a `fraction` of them (seeded) plus 2·Cauchy: its range is about 3.3. */
function withOutliers(all: Observation[], fraction: number, seed: number): Observation[] {
  const rng = createRng(seed + 1000);
  return all.map((o) => (rng.uniform() < fraction ? { ...o, value: o.value + 2 * Math.tan(Math.PI * (rng.uniform() - 0.5)) } : o));
}

/** One warm sequence: per-ask CPU ms, fit ms, outliers and fits (robust only). */
async function sequence(algorithm: string, n: number, steps: number, fraction: number) {
  const setup = speedSetup(n, algorithm);
  const all = withOutliers(setup.all, fraction, 0);
  let state: PolicyState | undefined = (await setup.policy.suggest({ ...setup.base, completed: all.slice(0, n - steps) })).state;
  const out = { cpu: [] as number[], fit: [] as number[], outliers: [] as number[], fits: [] as number[] };
  for (let k = steps - 1; k >= 0; k--) {
    const c0 = process.cpuUsage();
    const d = await setup.policy.suggest({ ...setup.base, completed: all.slice(0, n - k), state });
    const c = process.cpuUsage(c0);
    out.cpu.push((c.user + c.system) / 1000);
    out.fit.push(Number(d.diagnostics.fitMs));
    const robust = (d.diagnostics.model as { robust?: { outliers: number; fits: number } } | undefined)?.robust;
    if (robust) {
      out.outliers.push(robust.outliers);
      out.fits.push(robust.fits);
    }
    state = d.state;
  }
  return out;
}

const mean = (a: readonly number[]) => (a.length === 0 ? NaN : a.reduce((x, y) => x + y, 0) / a.length);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,100' },
    steps: { type: 'string', default: '5' },
    outliers: { type: 'string', default: '0,0.05' },
    repeats: { type: 'string', default: '2' },
  },
});
const steps = Number(values.steps);
console.log('| n | outlier fraction | algorithm | ask CPU ms (mean) | fit ms (mean) | outliers found (mean) | fits per ask (mean) |');
console.log('|---|---|---|---|---|---|---|');
for (const n of values.sizes!.split(',').map(Number)) {
  for (const fraction of values.outliers!.split(',').map(Number)) {
    const acc = new Map(ALGORITHMS.map((a) => [a, { cpu: [] as number[], fit: [] as number[], outliers: [] as number[], fits: [] as number[] }]));
    for (let r = 0; r < Number(values.repeats); r++) {
      const order = r % 2 === 0 ? ALGORITHMS : [...ALGORITHMS].reverse();
      for (const a of order) {
        const s = await sequence(a, n, steps, fraction);
        const t = acc.get(a)!;
        for (const k of ['cpu', 'fit', 'outliers', 'fits'] as const) t[k].push(...s[k]);
      }
    }
    for (const a of ALGORITHMS) {
      const t = acc.get(a)!;
      console.log(`| ${n} | ${fraction} | ${a} | ${fmt(mean(t.cpu))} | ${fmt(mean(t.fit))} | ${t.outliers.length ? fmt(mean(t.outliers)) : '-'} | ${t.fits.length ? fmt(mean(t.fits)) : '-'} |`);
    }
  }
}
