import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import type { SearchSpace } from '../core/space-types.js';
import { suggestBarBatch } from '../acquisitions/bar-batch.js';
import { suggestBatch } from '../acquisitions/optimize-batch.js';
import { createAcquisition, createBarAcquisitionFor } from '../acquisitions/registry.js';
import type { AcquisitionKind } from '../protocol/algorithm.js';
import type { FittedSurrogate } from '../surrogates/types.js';

/** Everything one acquisition step needs; values in standardized, maximized units. */
export interface AcquireRequest {
  readonly model: FittedSurrogate;
  readonly space: SearchSpace;
  readonly kind: AcquisitionKind;
  readonly ucbBeta?: number;
  /** Incumbent f*. */
  readonly best: number;
  /** Observed encoded points (n×d): qLogNEI's baseline. */
  readonly X: Matrix;
  /** Running trials and points already picked in this ask (p×d): not to be suggested again. */
  readonly pending: Matrix;
  /** Number of points to return. */
  readonly q: number;
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  readonly deadline?: number;
  /** Acquisition-optimizer effort (defaults RAW_SAMPLES, RESTARTS). */
  readonly rawSamples?: number;
  readonly restarts?: number;
  /** Start heuristics of the acquisition optimizer (see OptimizerSettings); defaults DEFAULT_OPTIMIZER. */
  readonly optimizer?: OptimizerSettings;
}

/** How the acquisition optimizer picks its L-BFGS-B starts (acquisitions/optimize.ts, optimize-batch.ts). */
export interface OptimizerSettings {
  /** Raw samples around the best observed points besides the Sobol ones (BoTorch sample_around_best). */
  readonly sampleAroundBest?: boolean;
  /** 'top' k raw points or BoTorch's Boltzmann draw ('boltzmann'). */
  readonly startSelection?: 'top' | 'boltzmann';
}

/** The policy's default start heuristics. */
export const DEFAULT_OPTIMIZER: OptimizerSettings = { sampleAroundBest: false, startSelection: 'top' };

/** The chosen encoded points, their acquisition values and optimizer facts. */
export interface AcquireResult {
  readonly points: Float64Array[];
  readonly values: number[];
  readonly diagnostics: Record<string, unknown>;
}

/** Default raw Sobol samples and L-BFGS-B restarts (BoTorch's optimize_acqf as the peers ran it: 512 / 10). */
export const RAW_SAMPLES = 512;
export const RESTARTS = 10;

/**
 * Pick q points with acquisitions/optimize-batch.ts (sequential greedy): moment acquisitions and
 * Thompson see pending points and earlier picks as kriging-believer fantasies, qLogNEI puts them in
 * its joint batch (BoTorch's X_pending). Observed and pending points are never returned again.
 */
export async function acquire(req: AcquireRequest): Promise<AcquireResult> {
  const { space, rng, q } = req;
  if (req.model.posteriorKind === 'bar') return acquireBar(req);
  const acq = createAcquisition(req.kind, { ucbBeta: req.ucbBeta, seed: Math.floor(rng.uniform() * 2 ** 32) });
  const batch = suggestBatch(req.model, acq, space, { best: req.best, rng: rng.split() }, {
    q,
    rng: rng.split(),
    observed: req.X,
    pending: req.pending,
    rawSamples: req.rawSamples ?? RAW_SAMPLES,
    restarts: req.restarts ?? RESTARTS,
    ...DEFAULT_OPTIMIZER,
    ...req.optimizer,
    signal: req.signal,
    deadline: req.deadline,
  });
  const d = space.dim;
  const points: Float64Array[] = [];
  for (let j = 0; j < batch.points.rows; j++) {
    const x = batch.points.data.slice(j * d, (j + 1) * d);
    if (!x.every(Number.isFinite)) throw new Error('acquisition optimizer returned a non-finite point');
    points.push(x);
  }
  return { points, values: Array.from(batch.values), diagnostics: batch.diagnostics };
}

/** Candidates scored per pick by the bar (PFN) optimizer (one forward pass). */
export const BAR_CANDIDATES = 1024;

/**
 * L∞ radius (unit-cube coordinates) around observed points that the bar optimizer does not
 * propose. Without it the PFN re-measured the incumbent's neighbourhood for the rest of the run
 * (branin, seed 0: stuck at regret 1.55 from trial 10 to 50; with 0.01: 0.07; 0.003: 1.02;
 * tmp trace in the issue-8 note). Its EI near a measured point stays ~e^-3 because its prior's
 * noise (variance ~ LogNormal(-4.63, 0.5)) and bucket width set a floor on the predictive spread.
 */
export const BAR_OBSERVED_EXCLUSION = 0.01;

/**
 * A surrogate with a bar posterior (PFN) scores thousands of rows per forward pass and has no
 * gradients: its acquisition is maximized by the candidate-set optimizer (acquisitions/bar-batch.ts).
 */
function acquireBar(req: AcquireRequest): AcquireResult {
  const { acquisition, note } = createBarAcquisitionFor(req.kind, { ucbBeta: req.ucbBeta });
  const batch = suggestBarBatch(req.model, acquisition, req.space, { best: req.best, rng: req.rng.split() }, {
    q: req.q,
    rng: req.rng.split(),
    observed: req.X,
    pending: req.pending,
    observedExclusion: BAR_OBSERVED_EXCLUSION,
    candidates: Math.max(BAR_CANDIDATES, req.rawSamples ?? 0),
    signal: req.signal,
    deadline: req.deadline,
  });
  const d = req.space.dim;
  const points = Array.from({ length: batch.points.rows }, (_, j) => batch.points.data.slice(j * d, (j + 1) * d));
  if (!points.every((x) => x.every(Number.isFinite))) throw new Error('acquisition optimizer returned a non-finite point');
  return { points, values: Array.from(batch.values), diagnostics: note ? { ...batch.diagnostics, note } : batch.diagnostics };
}
