/**
 * Ask latency at n = 100 (d = 6, Hartmann6 data) for the PFN next to the GP and HMC-BNN, timed as
 * benchmarks/speed.ts does (timeAsks: one cold ask on n − asks points, then `asks` warm asks on
 * n − asks + 1 … n points; median whole ask, fit and acquisition). The PFN ask scores 1,024 Sobol
 * candidates + the observed points in one forward pass, then refines the top 10 by batched pattern
 * search (one pass per round); the GP ask is the service default (512 raw samples + 10 L-BFGS-B
 * starts with analytic gradients). HMC-BNN is included only with --hmc (a single ask takes ~6 s).
 *
 * Usage: npx tsx benchmarks/pfn/ask-speed.ts [--n 100] [--asks 5] [--hmc] [--out benchmarks/results/pfn-ask-speed]
 *          [--algorithms gp-logei,dkl-logei,...]  (any names of benchmarks/algorithms.ts; replaces the default list)
 *        BO_PFN_WEIGHTS=dir selects other weights; BO_TF_BACKEND=cpu|wasm forces the tfjs backend.
 */
import { provenance } from '../provenance.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import type { PolicyState } from '../../policy/types.js';
import { ensureTensorBackend } from '../../surrogates/neural/backend.js';
import { loadPfnWeights } from '../../surrogates/pfn/weights-file.js';
import { speedSetup } from '../speed.js';
import { fmt, median } from '../stats.js';

/** CPU ms of this process (user + system): on a loaded machine it approximates the wall time on an idle core. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** benchmarks/speed.ts timeAsks with CPU time per ask as well (same data, same warm-start protocol). */
async function timeAsksCpu(n: number, asks: number, algorithm: string, seed = 0) {
  const { policy, base, all } = speedSetup(n, algorithm, seed);
  let state: PolicyState | undefined = (await policy.suggest({ ...base, completed: all.slice(0, n - asks) })).state;
  const ask: number[] = [];
  const cpu: number[] = [];
  const fit: number[] = [];
  const acq: number[] = [];
  const phases: string[] = [];
  let optimizer: unknown = null;
  for (let k = asks - 1; k >= 0; k--) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const decision = await policy.suggest({ ...base, completed: all.slice(0, n - k), state });
    ask.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
    fit.push(Number(decision.diagnostics.fitMs ?? NaN));
    acq.push(Number(decision.diagnostics.acquireMs ?? NaN));
    phases.push(decision.diagnostics.phase);
    optimizer = decision.diagnostics.optimizer ?? null;
    state = decision.state;
  }
  return { askMs: median(ask), cpuMs: median(cpu), fitMs: median(fit), acquireMs: median(acq), asks, phases, optimizer };
}

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

async function main(): Promise<void> {
  const n = Number(arg('n', '100'));
  const asks = Number(arg('asks', '5'));
  const out = arg('out', 'benchmarks/results/pfn-ask-speed');
  const listed = arg('algorithms', '');
  const algorithms = listed ? listed.split(',') : ['pfn-logei', 'gp-logei', ...(process.argv.includes('--hmc') ? ['hmc-bnn-logei'] : [])];
  const backend = await ensureTensorBackend();
  const weights = await loadPfnWeights();
  const rows: { algorithm: string; askMs: number; cpuMs: number; fitMs: number; acquireMs: number; asks: number; phases: string; optimizer: unknown }[] = [];
  for (const algorithm of algorithms) {
    await timeAsksCpu(30, 2, algorithm, 1); // JIT / tfjs warm-up, not reported
    const r = await timeAsksCpu(n, asks, algorithm);
    rows.push({ algorithm, ...r, phases: [...new Set(r.phases)].join(',') });
    process.stderr.write(`${algorithm}: ask ${r.askMs.toFixed(1)} ms wall, ${r.cpuMs.toFixed(1)} ms CPU (fit ${r.fitMs.toFixed(1)}, acq ${r.acquireMs.toFixed(1)})\n`);
  }
  const command = `npx tsx benchmarks/pfn/ask-speed.ts ${process.argv.slice(2).join(' ')}`.trim();
  const md = [
    `## Ask latency at n = ${n}, d = 6 (Hartmann6 data), median of ${asks} warm asks`,
    '',
    `tfjs backend ${backend.name}; PFN weights ${weights.sha256.slice(0, 12)} (${weights.source}); ${new Date().toISOString()}`,
    '',
    `Machine load (1-min average) at the end: ${loadavg()[0].toFixed(2)} on ${cpus().length} cores; CPU ms approximate the wall time on an idle core.`,
    '',
    '| algorithm | ask ms wall (median) | ask ms CPU (median) | fit ms wall | acquisition ms wall | phases |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.algorithm} | ${fmt(r.askMs)} | ${fmt(r.cpuMs)} | ${fmt(r.fitMs)} | ${fmt(r.acquireMs)} | ${r.phases} |`),
    '',
    `Command: \`${command}\``,
    '',
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, `${JSON.stringify({ command, provenance: await provenance(), backend: backend.name, weightsSha256: weights.sha256, n, asks, rows }, null, 2)}\n`);
  writeFileSync(`${out}.md`, md);
  console.log(md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
