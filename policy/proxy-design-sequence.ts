/**
 * The sequential cheap design of the 'proxy-mean' model (issue 22, `proxyDesign: 'sequential'`):
 * cheap runs are bought in batches only while they still change what the model would verify first
 * at the target. The fixed design asks its whole cap (⌈proxyBudget·c_target/c_cheapest⌉ runs, or
 * every free cheapest row) before any target run; on regmix-pile that is 256 1M runs where the joint
 * MF-GP stops at ~114 (benchmarks/RESULTS.md 2026-12-05, session 9).
 *
 * Checkpoints n_0 < n_1 < … ≤ cap: n_0 = max(MIN_CHOICE_RUNS, ⌈START·cap⌉), then steps of ⌈BATCH·cap⌉,
 * the last one the cap. At each checkpoint the proxy law is refitted on the design's first n_k
 * cheapest-level runs (its law chosen on them when the law is 'auto') and the target row of highest
 * φ is its top row t_k. The design stops at the first checkpoint k ≥ 1 with t_k = t_{k−1}: one more
 * batch did not move the row the target model would verify first, so further cheap runs are unlikely
 * to pay for themselves. Otherwise it runs to the cap, as the fixed design does. The first n_0 runs
 * are random (as the fixed design's); with the GP law each later batch asks the cheap rows that best
 * separate t_k from the runner-up (policy/proxy-design-batch.ts), the linear law's stay random.
 * The defaults (start 1/2, batch 1/16, targeted, one-batch patience) were chosen on seeds 100–119,
 * never the benchmark's selection (0–39) or report (40–79) seeds: random batches, a smaller start
 * and smaller batches all stopped on the wrong row more often (benchmarks/RESULTS.md 2026-12-06, session 10).
 * A stop margin m > 0 (`proxyStopMargin`, session 11) also asks the repeated top row to lead the
 * runner-up by m posterior sd of φ's gap (policy/proxy-design-margin.ts), and the design then looks
 * from ¼ of the cap on (MARGIN_DESIGN_START); a repeat inside the margin continues the design.
 */

import type { TopMargin } from './proxy-design-margin.js';

/** The design's shape. */
export interface SequentialSettings {
  /** First checkpoint as a fraction of the cap. */
  readonly start: number;
  /** Batch between checkpoints as a fraction of the cap. */
  readonly batch: number;
  /** Batches by the GP law's gap-variance reduction (policy/proxy-design-batch.ts) instead of at random. */
  readonly targeted: boolean;
  /**
   * A repeat stops the design only when the top row also leads the runner-up by at least this many
   * posterior sd of φ's gap (policy/proxy-design-margin.ts); 0: the repeat alone (session 10).
   */
  readonly stopMargin: number;
}

/** What `proxyDesign: 'sequential'` runs when the study names no stop margin (studies stored before it existed ran margin 0). */
export const SEQUENTIAL_DEFAULTS: SequentialSettings = { start: 0.5, batch: 0.0625, targeted: true, stopMargin: 0 };

/**
 * The first checkpoint of a design with a stop margin (> 0), as a fraction of the cap. Session 10
 * started at ½ because earlier starts stopped on the wrong row more often; the margin is what now
 * guards an early stop, so the design looks from ¼ on (chosen on seeds 100–119, RESULTS.md session 11).
 */
export const MARGIN_DESIGN_START = 0.25;

/** The settings a study runs: the defaults, with a stop margin (> 0) its start; `overrides` (benchmarks vary the shape) last. */
export function sequentialSettings(stopMargin: number | undefined, overrides: Partial<SequentialSettings> = {}): SequentialSettings {
  const margin = stopMargin !== undefined && stopMargin > 0 ? { start: MARGIN_DESIGN_START, stopMargin } : {};
  return { ...SEQUENTIAL_DEFAULTS, ...margin, ...overrides };
}

/** The checkpoints of a design of at most `cap` runs (increasing, the last one `cap`). */
export function designCheckpoints(cap: number, minRuns: number, settings: SequentialSettings = SEQUENTIAL_DEFAULTS): number[] {
  if (cap <= 0) return [];
  const first = Math.min(cap, Math.max(minRuns, Math.ceil(settings.start * cap - 1e-9)));
  const step = Math.max(1, Math.ceil(settings.batch * cap - 1e-9));
  const out = [first];
  while (out[out.length - 1] < cap) out.push(Math.min(cap, out[out.length - 1] + step));
  return out;
}

/** The top target row at one checkpoint and the law that ranked it. */
export interface CheckpointTop {
  readonly runs: number;
  /** Pool index of the target row of highest φ. */
  readonly top: number;
  readonly law: 'linear' | 'gp';
  /** The target row φ puts second, and the top row's lead over it (policy/proxy-design-margin.ts). */
  readonly runnerUp?: number;
  readonly margin?: TopMargin;
}

/** Where the sequential design stands (diagnostics.proxyDesign). */
export interface SequentialDesignState {
  /** The design's size so far: the checkpoint it stopped at, else the next checkpoint to reach. */
  readonly size: number;
  readonly cap: number;
  /** 'cheap': still buying cheap batches; 'done': moved on to the target level. */
  readonly phase: 'cheap' | 'done';
  readonly checkpoints: readonly CheckpointTop[];
  readonly reason: string;
}

/**
 * The design's state from the number of completed design runs: the tops at every checkpoint already
 * reached (topAt(n) fits the law on the first n runs; called in increasing n, stops at the first repeat).
 */
export async function sequentialDesign(cap: number, minRuns: number, completedRuns: number, topAt: (runs: number) => Promise<CheckpointTop>, settings: SequentialSettings = SEQUENTIAL_DEFAULTS): Promise<SequentialDesignState> {
  const points = designCheckpoints(cap, minRuns, settings);
  const tops: CheckpointTop[] = [];
  // Repeats that did not stop the design because the lead was inside the margin (said in the reason).
  const unsure: string[] = [];
  for (const n of points) {
    if (n > completedRuns) {
      const last = tops[tops.length - 1];
      const repeated = tops.length >= 2 && tops[tops.length - 2]!.top === last!.top;
      const why = !last ? `first checkpoint at ${n} runs` : repeated ? `top target row ${last.top} at ${last.runs} runs repeated inside the stop margin (${fmtZ(last.margin?.z ?? NaN)} sd < ${settings.stopMargin})` : `top target row ${last.top} at ${last.runs} runs is new`;
      return { size: n, cap, phase: 'cheap', checkpoints: tops, reason: `${why}; the design continues to ${n} cheapest-level runs (cap ${cap})` };
    }
    const t = await topAt(n);
    const prev = tops[tops.length - 1];
    tops.push(t);
    if (prev && prev.top === t.top) {
      const z = t.margin?.z ?? NaN;
      if (settings.stopMargin <= 0) {
        return { size: n, cap, phase: 'done', checkpoints: tops, reason: `the top target row (${t.top}) was the same at ${prev.runs} and ${n} cheapest-level runs: the last batch did not move it; ${cap - n} of the cap's runs saved` };
      }
      if (z >= settings.stopMargin) {
        return { size: n, cap, phase: 'done', checkpoints: tops, reason: `the top target row (${t.top}) was the same at ${prev.runs} and ${n} cheapest-level runs and leads the runner-up (${t.runnerUp}) by ${fmtZ(z)} posterior sd (stop margin ${settings.stopMargin}); ${cap - n} of the cap's runs saved` };
      }
      unsure.push(`${n} runs: top ${t.top} repeated but leads ${t.runnerUp} by ${fmtZ(z)} sd < ${settings.stopMargin}`);
    }
  }
  const size = points[points.length - 1] ?? 0;
  const why = tops.length < 2 ? `the cap (${cap} runs) is the first checkpoint` : unsure.length > 0 ? `no repeat of the top target row cleared the stop margin (${unsure.join('; ')})` : 'the top target row moved at every checkpoint';
  return { size, cap, phase: 'done', checkpoints: tops, reason: `${why}; the design ran to its cap (${cap} runs)` };
}

/** A margin in sd for the reasons (NaN: the law gave no posterior). */
function fmtZ(z: number): string {
  return Number.isNaN(z) ? 'an unknown number of' : Number.isFinite(z) ? z.toFixed(2) : '∞';
}
