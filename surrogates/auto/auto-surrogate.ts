/**
 * Surrogate 'auto': per fit, scores each candidate family (auto-candidates.ts) by its predictive
 * log-likelihood on the study's own observations and returns the best one's model (FittedAuto,
 * which carries every score). Families with a closed-form leave-one-out predictive (the exact GPs,
 * NNGP, the Student-t process: R&W 2006 eq. 5.12 at the fitted hyperparameters) are fitted once on
 * all data and scored by LOO; the others (neural) by k-fold refits, only from minNeuralTrials
 * observations on and only while the per-fit budget allows. The score is the mean log density per
 * observation. The first scored candidate (by default the service's GP) is the reference: another
 * replaces it only when it beats it by more than one standard error of the paired per-observation
 * differences (options.rule, the CV one-standard-error rule), so near-ties, which LOO cannot tell
 * apart, do not switch models ask to ask.
 *
 * The two scores are not the same estimator: k-fold trains on (k−1)/k of the rows and LOO on all
 * but one with hyperparameters fitted to every row, so a neural candidate must beat the kernel
 * families by more than that optimism to be chosen: a bias toward the cheaper models, on purpose.
 * A neural candidate dropped for the budget depends on wall time (named in the diagnostics).
 * With shareKernels (default), 'stp' is fitted on the NNGP just fitted (shared-kernels.ts; its
 * score row names `kernelFrom`), so the two NNGP-kernel candidates cost one kernel search.
 */
import { BoError } from '../../core/errors.js';
import { invalidArgument } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { capabilitiesOf } from '../capabilities.js';
import { familyCapabilities } from '../family-capabilities.js';
import type { FitOptions, FittedSurrogate, Surrogate, SurrogateState, TrainingData } from '../types.js';
import { AUTO_CANDIDATES, type AutoCandidateName } from './auto-candidates.js';
import { AutoOptions, DEFAULT_PATIENCE, type AutoOptionsInput } from './auto-options.js';
import { FittedAuto, type AutoSelection, type CandidateScore } from './fitted-auto.js';
import { fitOnSharedKernel } from './shared-kernels.js';
import { CandidateStreams } from './candidate-streams.js';
import { kFoldLogDensities, looLogDensities, meanOf } from './predictive-score.js';
import { decideFamily, keepWithoutEvidence, type ScoredCandidate } from './switching-rule.js';
import { rescoreByDecisions } from './decision-rescore.js';
import { persistedSwitchState } from './switch-state.js';
import { stackCandidates } from './stack-candidates.js';

/** Builds a candidate's surrogate (the registry's createSurrogate; injected to keep the registry the only importer of families). */
export type CandidateFactory = (kind: string, options: Record<string, unknown>) => Surrogate;

/** A scored candidate: its per-observation held-out log densities and, when fitted on all data already (LOO), its model. */
interface Scored extends ScoredCandidate {
  readonly model?: FittedSurrogate;
}

export class AutoSurrogate implements Surrogate {
  readonly kind = 'auto';
  readonly options: AutoOptions;

  constructor(
    options: AutoOptionsInput,
    private readonly create: CandidateFactory,
  ) {
    const parsed = AutoOptions.safeParse(options);
    if (!parsed.success) throw invalidArgument(['surrogateOptions', ...(parsed.error.issues[0]?.path ?? []).map(String)], parsed.error.issues[0]?.message ?? 'invalid auto options');
    this.options = parsed.data;
  }

  async fit(data: TrainingData, fit: FitOptions): Promise<FittedAuto> {
    const o = this.options;
    const t0 = performance.now();
    const n = data.y.length;
    const warm = fit.warmStart?.kind === 'auto' ? ((fit.warmStart.candidates ?? {}) as Record<string, SurrogateState>) : {};
    const previous = fit.previous instanceof FittedAuto ? fit.previous.fitted : undefined;
    // The reference fits on fit.rng itself (a kept reference equals its family alone); the others on derived streams.
    const first = AUTO_CANDIDATES[o.candidates[0]];
    const streams = new CandidateStreams(fit.rng, o.candidates, familyCapabilities(first.kind, first.options)?.leaveOneOut === true);
    const scores: CandidateScore[] = [];
    const fitted = new Map<AutoCandidateName, FittedSurrogate>();
    const states: Record<string, SurrogateState> = { ...warm };
    const scored: Scored[] = [];

    const fitFull = async (name: AutoCandidateName, rng: Rng): Promise<FittedSurrogate> => {
      const c = AUTO_CANDIDATES[name];
      const w = warm[name]?.kind === c.kind ? warm[name] : undefined;
      const prev = w ? previous?.get(name) : undefined;
      const model = await this.create(c.kind, { ...c.options }).fit(data, { rng, signal: fit.signal, ...(w ? { warmStart: w } : {}), ...(prev ? { previous: prev } : {}) });
      fitted.set(name, model);
      states[name] = model.state();
      return model;
    };

    for (const [i, name] of o.candidates.entries()) {
      const c = AUTO_CANDIDATES[name];
      const rng = streams.of(name);
      const family = familyCapabilities(c.kind, c.options)!;
      fit.onProgress?.({ stage: `auto:${name}`, fraction: i / o.candidates.length });
      const ts = performance.now();
      try {
        if (family.leaveOneOut) {
          const shared = o.shareKernels ? fitOnSharedKernel(name, fitted) : undefined;
          if (shared) {
            fitted.set(name, shared.model);
            states[name] = shared.model.state();
          }
          const model = shared?.model ?? (await fitFull(name, rng));
          const densities = looLogDensities(capabilitiesOf(model).leaveOneOut!(), data.y);
          const score = meanOf(densities);
          scores.push({ candidate: name, kind: c.kind, score, method: 'loo', ms: performance.now() - ts, ...(shared ? { kernelFrom: shared.from } : {}) });
          if (Number.isFinite(score)) scored.push({ name, densities, score, model });
          continue;
        }
        if (n < o.minNeuralTrials) {
          scores.push({ candidate: name, kind: c.kind, skipped: `${n} observations < minNeuralTrials ${o.minNeuralTrials}` });
          continue;
        }
        const left = o.budgetMs - (ts - t0);
        // k folds plus one full fit if it wins: continue only while the folds so far project within what is left.
        const keepGoing = (done: number, ms: number) => (ms / done) * (o.folds + 1) <= left;
        const densities = left > 0 ? await kFoldLogDensities(this.create(c.kind, { ...c.options }), data, o.folds, rng.split(), keepGoing, fit.signal) : undefined;
        if (densities === undefined) {
          scores.push({ candidate: name, kind: c.kind, skipped: `budget: ${o.folds}-fold scoring would not finish within the ${Math.max(0, Math.round(left))} ms left of budgetMs ${o.budgetMs}`, ms: performance.now() - ts });
          continue;
        }
        const score = meanOf(densities);
        scores.push({ candidate: name, kind: c.kind, score, method: 'k-fold', ms: performance.now() - ts });
        if (Number.isFinite(score)) scored.push({ name, densities, score });
      } catch (e) {
        if (fit.signal?.aborted) throw e;
        scores.push({ candidate: name, kind: c.kind, skipped: `failed: ${e instanceof Error ? e.message : String(e)}`, ms: performance.now() - ts });
      }
    }
    if (scored.length === 0) throw new BoError('INTERNAL', `auto: no candidate could be fitted and scored (${scores.map((s) => ('skipped' in s ? `${s.candidate}: ${s.skipped}` : s.candidate)).join('; ')})`);
    if (o.combine === 'stack') {
      const stacked = stackCandidates(scored.map((c) => ({ name: c.name, densities: c.densities, model: c.model! })), scores, n, { margin: o.stackMargin, minTrials: o.stackMinTrials, test: o.stackTest });
      return new FittedAuto(stacked.model, stacked.selection, fitted, states, o.localRegion);
    }
    const carried = o.rule === 'persistent' ? persistedSwitchState(fit.warmStart) : {};
    const byDecisions = o.score === 'decision' ? rescoreByDecisions(scored, scores, data, o) : undefined;
    const evidence = byDecisions?.scored ?? scored;
    const decision = evidence.length > 0
      ? decideFamily({ scored: evidence, rule: o.rule, margin: o.margin, patience: o.patience ?? DEFAULT_PATIENCE, ...(o.referenceFailingBelow !== null ? { referenceFailingBelow: o.referenceFailingBelow } : {}), ...carried })
      : keepWithoutEvidence(scored, carried.incumbent, byDecisions?.noEvidence ?? 'no candidate has decision evidence');
    const chosen = scored.find((s) => s.name === decision.choice)!;
    // A k-fold candidate is fitted on all data only once chosen.
    const model = chosen.model ?? (await fitFull(chosen.name, streams.of(chosen.name).split()));
    const { challenger, streak, reason, against } = decision;
    const selection: AutoSelection = {
      choice: chosen.name, kind: AUTO_CANDIDATES[chosen.name].kind, n, scores: byDecisions?.scores ?? scores, rule: o.rule,
      statistic: byDecisions ? 'decision-quality' : 'loo-log-density', ...(byDecisions ? { cuts: byDecisions.cuts, decisionStatistic: o.decisionStatistic } : {}), margin: o.margin, reference: scored[0].name, against,
      ...(challenger ? { challenger } : {}), ...(carried.incumbent ? { incumbent: carried.incumbent } : {}), ...(streak ? { streak } : {}), reason,
    };
    return new FittedAuto(model, selection, fitted, states);
  }
}
