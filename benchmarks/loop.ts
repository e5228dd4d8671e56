import { createHash } from 'node:crypto';
import { createRng, deriveSeed } from '../core/rng.js';
import { createSearchSpace } from '../core/search-space.js';
import type { SpaceSpec } from '../protocol/space.js';
import type { Observation, PolicyState } from '../policy/types.js';
import { buildAlgorithm, VARIANTS } from './algorithms.js';
import type { Problem } from './problems/types.js';

/** One optimizer run on one problem with one seed. */
export interface RunResult {
  readonly problem: string;
  readonly algorithm: string;
  readonly seed: number;
  readonly budget: number;
  readonly initialTrials: number;
  /** Best-so-far simple regret (noise-free f − optimum) after each evaluation: length budget. */
  readonly regret: number[];
  /** Wall time of each ask (policy.suggest), ms. */
  readonly askMs: number[];
  /** Diagnostics phase of each ask ('initial-design', 'model', 'fallback', ...). */
  readonly phases: string[];
  /** Distinct fallback reasons with their counts (a stand-in model's as 'model fallback to <kind>: <reason>'). */
  readonly fallbackReasons: Record<string, number>;
  /**
   * Model asks answered by a stand-in model (`diagnostics.modelFallback`, e.g. DKL whose training
   * diverged fitted the default GP): the phase says 'model', so without this count a DKL row
   * could be the GP's. Absent in records written before it existed (read as 0).
   */
  readonly modelFallbacks?: number;
  /** Surrogate 'auto' only: how many model asks chose each candidate (`diagnostics.auto.choice`). */
  readonly autoChoices?: Record<string, number>;
  /** Surrogate 'auto' with combine 'stack' only: model asks that ran a mixture of two or more families, and each candidate's stacking weight summed over the model asks (`diagnostics.auto.weights`; mean = sum / model asks). */
  readonly autoStack?: { readonly mixtureAsks: number; readonly weightSums: Record<string, number> };
  readonly wallMs: number;
  /**
   * What re-running this record needs besides the commit (issue 20: stored seeds re-run on later
   * code matched 1 of 110 GP runs, and records said only 'gp-logei', whose meaning moved with the
   * defaults): the validated algorithm spec as run, the benchmark-only policy options, the
   * observation model, and a SHA-256 of every suggestion and observed value, so a re-run can be
   * checked for an identical trace rather than a similar curve. Absent in older records.
   */
  readonly spec?: unknown;
  readonly variant?: unknown;
  readonly noiseModel?: string;
  readonly traceHash?: string;
  /** The commit (and whether the tree was dirty) the run ran on; run.ts stamps it, so a progress log carries it too. */
  readonly gitCommit?: string;
  readonly gitDirty?: boolean | null;
  /** core/linalg backend the run used: js, wasm and native round differently, and a GP run's trace depends on it. */
  readonly linalg?: string;
  /**
   * The native addon's OpenBLAS kernel ('OpenBLAS core=SkylakeX threads=1'), absent under js/wasm:
   * OpenBLAS picks its kernels by CPU, they round differently, and so the same commit gives another
   * trace on another CPU unless OPENBLAS_CORETYPE names the record's core.
   */
  readonly blas?: string;
}

/** The problem's box as float parameters x0..x{d-1} (linear), as in the peers' protocol. */
export function problemSpace(problem: Problem): SpaceSpec {
  const spec: SpaceSpec = {};
  for (let i = 0; i < problem.dim; i++) spec[`x${i}`] = { type: 'float', low: problem.lower[i], high: problem.upper[i] };
  return spec;
}

/** One ask's point (problem coordinates), its noise-free value and what the optimizer observed. */
export interface AskStep {
  readonly x: readonly number[];
  readonly clean: number;
  readonly observed: number;
}

/**
 * Drive a Policy directly: one ask, one tell, `budget` times, minimizing. Observations carry
 * N(0, noise²) noise from a stream seeded by the run seed; regret uses the noise-free value.
 * `onAsk` sees each ask's diagnostics and the regret after its evaluation (benchmarks/auto-trace.ts).
 */
export async function runOne(problem: Problem, algorithm: string, seed: number, budget: number, initialTrials: number, onAsk?: (t: number, diagnostics: Record<string, unknown>, regret: number, step: AskStep) => void): Promise<RunResult> {
  const space = createSearchSpace(problemSpace(problem));
  const names = Object.keys(space.spec);
  const { policy, spec } = buildAlgorithm(algorithm, seed, initialTrials);
  const noiseRng = createRng(deriveSeed(seed, 0x0015e));
  const trace = createHash('sha256');
  const completed: Observation[] = [];
  const regret: number[] = [];
  const askMs: number[] = [];
  const phases: string[] = [];
  const fallbackReasons: Record<string, number> = {};
  let modelFallbacks = 0;
  const autoChoices: Record<string, number> = {};
  let stackAsks = 0;
  let mixtureAsks = 0;
  const weightSums: Record<string, number> = {};
  let state: PolicyState | undefined;
  let best = Infinity;
  const t0 = performance.now();
  for (let t = 0; t < budget; t++) {
    const a0 = performance.now();
    const decision = await policy.suggest({ space, algorithm: spec, direction: 'minimize', completed, pending: [], count: 1, state });
    askMs.push(performance.now() - a0);
    state = decision.state;
    phases.push(decision.diagnostics.phase);
    if (decision.diagnostics.fallbackReason) {
      const why = String(decision.diagnostics.fallbackReason).slice(0, 120);
      fallbackReasons[why] = (fallbackReasons[why] ?? 0) + 1;
    }
    if (typeof decision.diagnostics.modelFallback === 'string') {
      modelFallbacks++;
      const why = `model fallback to ${decision.diagnostics.modelFallback}: ${String(decision.diagnostics.modelFallbackReason ?? '').slice(0, 100)}`;
      fallbackReasons[why] = (fallbackReasons[why] ?? 0) + 1;
    }
    const choice = (decision.diagnostics.auto as { choice?: unknown } | undefined)?.choice;
    if (typeof choice === 'string') autoChoices[choice] = (autoChoices[choice] ?? 0) + 1;
    const weights = (decision.diagnostics.auto as { weights?: Record<string, number> } | undefined)?.weights;
    if (weights) {
      stackAsks++;
      if (Object.keys(weights).length > 1) mixtureAsks++;
      for (const [k, w] of Object.entries(weights)) weightSums[k] = (weightSums[k] ?? 0) + w;
    }
    const params = decision.suggestions[0];
    const x = names.map((n) => params[n] as number);
    const clean = problem.f(x);
    const observed = problem.observe ? problem.observe(clean, noiseRng) : problem.noise > 0 ? clean + problem.noise * noiseRng.normal() : clean;
    completed.push({ params, value: observed });
    trace.update(`${JSON.stringify(params)} ${observed}\n`);
    best = Math.min(best, clean);
    regret.push(best - problem.optimum);
    onAsk?.(t, decision.diagnostics, best - problem.optimum, { x, clean, observed });
  }
  const noiseModel = problem.noiseModel ?? (problem.noise > 0 ? `gauss (sd ${problem.noise})` : 'none');
  const variant = VARIANTS[algorithm] ?? {};
  return { problem: problem.name, algorithm, seed, budget, initialTrials, regret, askMs, phases, fallbackReasons, modelFallbacks, ...(Object.keys(autoChoices).length > 0 ? { autoChoices } : {}), ...(stackAsks > 0 ? { autoStack: { mixtureAsks, weightSums } } : {}), wallMs: performance.now() - t0, spec, variant, noiseModel, traceHash: trace.digest('hex') };
}
