/**
 * What the GP does on a noisy bbob run (issue 20, session 10 diagnosis): runs one algorithm on one
 * problem and seed through benchmarks/loop.ts (the runner's loop) and prints, every `--every` asks,
 * the fitted noise variance next to the true one in the same units (the model's transformed y),
 * the lengthscales and outputscale, the outcome transform, the trust region's phase and length,
 * where the ask went (distance to x_opt in the unit cube, to the nearest earlier point) and the
 * noise-free regret of the ask and of the run.
 *   node --import tsx benchmarks/bbob/noise-trace.ts --problem bbob_f006_i01_d02_gauss-high [--algorithm gp-qlognei] [--seed 0] [--every 10]
 * True noise in model units: the observation model's noise sd times the slope of the outcome
 * transform (z-score, or the 'power' transform when the ask used it), the median over the 10 best
 * noise-free points so far (where the acquisition works late in a run); under 'half-rank' the slope is
 * the policy's secant between neighbouring observations. cauchy has no variance:
 * the column counts the outliers among the observations instead (and, under likelihood 'robust',
 * how many rows the fit flagged).
 */
import { heavyTailRatio, standardize, yeoJohnsonLambda, yeoJohnsonTransform } from '../../core/standardize.js';
import { HEAVY_TAIL_RATIO } from '../../policy/bo-policy.js';
import { transformedVariances } from '../../policy/outcome-variance.js';
import { runOne, type AskStep } from '../loop.js';
import { getProblem } from '../problems/all.js';
import { parseBbobName } from '../problems/bbob/problem.js';
import { cliArg, runLength } from './one-run-cli.js';

const problem = getProblem(cliArg('problem', 'bbob_f006_i01_d02_gauss-high'));
const id = parseBbobName(problem.name);
if (!id) throw new Error(`--problem: ${problem.name} is not a bbob problem`);
const algorithm = cliArg('algorithm', 'gp-qlognei');
const seed = Number(cliArg('seed', '0'));
const every = Number(cliArg('every', '10'));
const scale = Number(/scale ([0-9.e+-]+)/.exec(problem.noiseModel ?? '')?.[1] ?? 0);
const d = problem.dim;
const toUnit = (x: readonly number[]) => x.map((v, i) => (v - problem.lower[i]) / (problem.upper[i] - problem.lower[i]));
const dist = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
const xopt = toUnit(problem.argmin);

/** Yeo-Johnson's derivative at x (the transform of core/standardize.ts). */
function yjSlope(x: number, lambda: number): number {
  return x >= 0 ? (x + 1) ** (lambda - 1) : (1 - x) ** (1 - lambda);
}

/** d z / d f at each observation, z the model's y under policy/bo-policy.ts's 'auto' transform (y = −f). */
function transformSlopes(observed: readonly number[]): { slopes: number[]; power: boolean } {
  const values = observed.map((v) => -v);
  if (!(heavyTailRatio(values) > HEAVY_TAIL_RATIO)) {
    const s = standardize(values).std;
    return { slopes: values.map(() => 1 / s), power: false };
  }
  const z0 = standardize(values);
  const lambda = Math.max(1, yeoJohnsonLambda(z0.y));
  const s1 = standardize(yeoJohnsonTransform(z0.y, lambda)).std;
  return { slopes: Array.from(z0.y, (x) => yjSlope(x, lambda) / (z0.std * s1)), power: true };
}

/** The observation model's noise sd at a point with noise-free value `clean` (NaN for cauchy). */
function noiseSd(clean: number): number {
  switch (id!.noise) {
    case 'gauss-low':
      return 0.01 * scale;
    case 'gauss-high':
      return 0.1 * scale;
    case 'mult':
      // sd of (f − f_opt)·exp(N(0, 1)) = (f − f_opt)·√((e − 1)e)
      return (clean - problem.optimum) * Math.sqrt((Math.E - 1) * Math.E);
    default:
      return Number.NaN;
  }
}

const steps: AskStep[] = [];
/** Per model ask: distance to the nearest earlier point and the region's side (undefined: global). */
const late: { t: number; nearest: number; length?: number }[] = [];
const rows: string[] = [];
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : Number(v.toPrecision(3)).toString());
const result = await runOne(problem, algorithm, seed, runLength(problem).budget, runLength(problem).initial, (t, diag, regret, step) => {
  const earlier = steps.map((s) => toUnit(s.x));
  steps.push(step);
  if (diag.phase !== 'model') return;
  const trState = diag.trustRegion as { phase?: string; length?: number } | undefined;
  late.push({ t, nearest: Math.min(...earlier.map((e) => dist(e, toUnit(step.x)))), ...(trState?.phase === 'local' ? { length: trState.length } : {}) });
  if ((t + 1) % every !== 0) return;
  const model = (diag.model ?? {}) as { noise?: number; lengthscale?: number[]; outputscale?: number; robust?: { outliers: number } };
  const tr = diag.trustRegion as { phase?: string; length?: number } | undefined;
  const observed = steps.slice(0, -1).map((s) => s.observed);
  // 'half-rank' (algorithm.outputTransform) has no closed-form slope: the policy's secant (policy/outcome-variance.ts).
  const halfRank = diag.outputTransform === 'half-rank';
  const { slopes, power } = halfRank
    ? { slopes: Array.from(transformedVariances(observed.map((v) => -v), observed.map(() => 1), 'half-rank'), Math.sqrt), power: false }
    : transformSlopes(observed);
  const best = steps.slice(0, -1).map((s, i) => ({ i, clean: s.clean })).sort((a, b) => a.clean - b.clean).slice(0, 10);
  const trueVar = best.map((b) => (noiseSd(b.clean) * slopes[b.i]) ** 2).sort((a, b) => a - b)[Math.floor(best.length / 2)];
  const outliers = steps.filter((s) => s.observed !== s.clean).length;
  const ls = model.lengthscale ?? [];
  const u = toUnit(step.x);
  const nearest = Math.min(...earlier.map((e) => dist(e, u)));
  rows.push(
    `| ${t + 1} | ${fmt(model.noise)} | ${id.noise === 'cauchy' ? `${outliers} outliers` : fmt(trueVar)}${model.robust ? `, ${model.robust.outliers} flagged` : ''} | ${halfRank ? 'half-rank' : power ? 'power' : 'z'} | ${fmt(Math.min(...ls))}–${fmt(Math.max(...ls))} | ${fmt(model.outputscale)} | ${tr ? `${tr.phase}${tr.phase === 'local' ? ` ${fmt(tr.length)}` : ''}` : '-'} | ${fmt(dist(u, xopt))} | ${fmt(nearest)} | ${fmt(step.clean - problem.optimum)} | ${fmt(regret)} |`,
  );
});
console.log(`${problem.name} ${algorithm} seed ${seed}: ${problem.noiseModel ?? 'noiseless'}, final regret ${fmt(result.regret.at(-1))}`);
console.log('| ask | fitted noise (z²) | true noise (z², 10 best) | y transform | lengthscales | outputscale | region | ask → x_opt | ask → nearest earlier | ask regret | run regret |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
const second = late.filter((a) => a.t >= 50);
const share = (p: (a: (typeof late)[number]) => boolean) => `${second.filter(p).length}/${second.length}`;
console.log(`\nasks 51-100: within 0.01 of an earlier point ${share((a) => a.nearest < 0.01)}, within 0.03 ${share((a) => a.nearest < 0.03)}; local with side <= 0.05 ${share((a) => a.length !== undefined && a.length <= 0.05)}, local ${share((a) => a.length !== undefined)}`);
