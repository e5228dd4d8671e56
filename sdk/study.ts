import type { ServerEvent, StudyExport } from '../protocol/messages.js';
import type { Params } from '../protocol/space.js';
import type { Recommendation, Study, Trial } from '../protocol/study.js';
import type { StudySlices } from '../protocol/slices.js';
import type { PruneDecision } from '../protocol/pruner.js';
import type { ParetoFront } from '../protocol/pareto.js';
import { SdkError } from './errors.js';
import { runOptimize, type Objective } from './optimize.js';
import { newRequestId, type Transport } from './transport.js';
import type { OptimizeOptions, TypedTrial, Values } from './types.js';
import { WarningListeners, warningsOf, type SdkWarning, type WarningListener } from './warnings.js';

/** Where a study handle subscribes to its room (the client keeps subscriptions across reconnects). */
export interface RoomHub {
  /** Adds a listener for one server event of one study; returns the function that removes it. */
  listen(studyId: string, event: ServerEvent, handler: (payload: unknown) => void): Promise<() => void>;
  /** Passes a warning to the client's own 'warning' listeners (optional: a bare hub has none). */
  warn?(warning: SdkWarning): void;
}

/** A study on the server; `P` is the params type derived from its space. */
export class StudyHandle<P = Params> {
  private readonly warningListeners = new WarningListeners();

  constructor(
    private readonly transport: Transport,
    private readonly hub: RoomHub,
    /** The study as last fetched from the server. */
    public info: Study,
  ) {}

  /** The study id. */
  get id(): string {
    return this.info.id;
  }

  /**
   * Asks for `count` trials to evaluate (running, leased to this client). Trials the server could
   * not get from the model (`diagnostics.phase` 'fallback', or a stand-in model) raise a 'warning'.
   */
  async ask(count = 1): Promise<TypedTrial<P>[]> {
    const data = await this.transport.request('trial:ask', { studyId: this.id, count, clientId: this.transport.options.clientId });
    return this.announced(data.trials);
  }

  /** Reports a trial's objective values (a bare number when the study has one objective). */
  async tell(trialId: string, values: Values, options: { cost?: number } = {}): Promise<TypedTrial<P>> {
    const body = { studyId: this.id, trialId, values: this.toValues(values), ...(options.cost === undefined ? {} : { cost: options.cost }) };
    return (await this.transport.request('trial:tell', body)) as TypedTrial<P>;
  }

  /**
   * Tells a trial's values and asks for `count` new trials in ONE round trip (trial:tell with
   * `next`): the loop of study.optimize. Retries are safe (the tell and the ask each carry a request
   * id). The tell is stored even when the ask half fails: a retryable failure is asked again on its
   * own (with the transport's retries), any other is thrown. A server that answers without `next`
   * gets a separate ask.
   */
  async tellAndAsk(trialId: string, values: Values, options: { cost?: number; count?: number } = {}): Promise<{ told: TypedTrial<P>; next: TypedTrial<P>[] }> {
    const count = options.count ?? 1;
    const next = { count, requestId: newRequestId(), clientId: this.transport.options.clientId };
    const body = { studyId: this.id, trialId, values: this.toValues(values), ...(options.cost === undefined ? {} : { cost: options.cost }), next };
    const { next: asked, ...told } = await this.transport.request('trial:tell', body);
    // A server that stored the tell but ignored `next` (one that predates it and lets unknown keys pass): ask on its own.
    if (!asked) return { told: told as TypedTrial<P>, next: await this.ask(count) };
    if ('error' in asked) {
      const e = asked.error;
      if (e.retryable) return { told: told as TypedTrial<P>, next: await this.ask(count) };
      throw new SdkError(e.code, `trial ${trialId} was told; the ask that followed failed: ${e.message}`, e.issues ?? [], e.retryable);
    }
    return { told: told as TypedTrial<P>, next: this.announced(asked.trials) };
  }

  /** Asked trials, after raising a 'warning' for each the model did not choose (fallback, stand-in model). */
  private announced(trials: Trial[]): TypedTrial<P>[] {
    for (const w of warningsOf(trials)) {
      this.warningListeners.emit(w);
      this.hub.warn?.(w);
    }
    return trials as TypedTrial<P>[];
  }

  /** Marks a trial failed with a reason. */
  async fail(trialId: string, reason = ''): Promise<TypedTrial<P>> {
    return (await this.transport.request('trial:fail', { studyId: this.id, trialId, reason: reason.slice(0, 4096) })) as TypedTrial<P>;
  }

  /**
   * Reports an intermediate value of a running trial at `step` (an integer >= 0, e.g. the epoch):
   * a point of its learning curve. Answers the study's pruner decision: `prune: true` means stop
   * the run and call prune(trialId). The same step and value again answers the same decision.
   */
  async report(trialId: string, step: number, value: number): Promise<PruneDecision> {
    return this.transport.request('trial:report', { studyId: this.id, trialId, step, value });
  }

  /** Stops a trial early: state 'pruned', keeping its last reported value (it must have reported one). */
  async prune(trialId: string): Promise<TypedTrial<P>> {
    return (await this.transport.request('trial:prune', { studyId: this.id, trialId })) as TypedTrial<P>;
  }

  /** Extends the lease of a running trial. */
  async heartbeat(trialId: string): Promise<TypedTrial<P>> {
    return (await this.transport.request('trial:heartbeat', { studyId: this.id, trialId })) as TypedTrial<P>;
  }

  /**
   * The best completed trial (by the first objective), or null. In a study with a fidelity
   * parameter only trials at the target level count (null until one completes). With outcome
   * constraints only feasible trials count (null while none is); with several objectives it is
   * still the best feasible trial by the FIRST objective: the trade-offs are in paretoFront().
   */
  async best(): Promise<TypedTrial<P> | null> {
    return (await this.transport.request('trial:best', { studyId: this.id })) as TypedTrial<P> | null;
  }

  /**
   * The non-dominated feasible completed trials and the hypervolume they dominate w.r.t. the
   * reference point (the study's algorithm.referencePoint, or inferred as Ax does). A study whose
   * trials are all infeasible answers an empty front with `leastInfeasible` and a `note`.
   */
  async paretoFront(): Promise<Omit<ParetoFront, 'trials' | 'leastInfeasible'> & { trials: TypedTrial<P>[]; leastInfeasible?: TypedTrial<P> }> {
    return (await this.transport.request('study:pareto', { studyId: this.id })) as Omit<ParetoFront, 'trials' | 'leastInfeasible'> & { trials: TypedTrial<P>[]; leastInfeasible?: TypedTrial<P> };
  }

  /**
   * The model's recommendation: the posterior-mean optimum (at the target fidelity), its predicted
   * value and 95% interval, and the model that produced it. Rejects with FAILED_PRECONDITION until
   * the model has enough data (2 completed trials; with a fidelity parameter one at the target).
   */
  async recommend(): Promise<Omit<Recommendation, 'params'> & { params: P }> {
    return (await this.transport.request('study:recommend', { studyId: this.id })) as Omit<Recommendation, 'params'> & { params: P };
  }

  /**
   * The model's slices for the dashboard: posterior mean and 95% band along each parameter through
   * the best trial, and each parameter's importance (protocol/slices.ts). Rejects like recommend().
   */
  slices(): Promise<StudySlices> {
    return this.transport.request('study:slices', { studyId: this.id });
  }

  /** All trials, optionally only those in the given states; `curves: true` adds each one's learning curve (`intermediate`). */
  async trials(states?: Trial['state'][], options: { curves?: boolean } = {}): Promise<TypedTrial<P>[]> {
    const body = { studyId: this.id, ...(states ? { states } : {}), ...(options.curves ? { curves: true } : {}) };
    return (await this.transport.request('trial:list', body)) as TypedTrial<P>[];
  }

  /** Queues params; the next ask returns them first. */
  async enqueue(params: P): Promise<TypedTrial<P>> {
    return (await this.transport.request('trial:enqueue', { studyId: this.id, params: params as Record<string, unknown> })) as TypedTrial<P>;
  }

  /**
   * Records trials evaluated elsewhere. `simplexTolerance`: simplex weights summing to 1 within it
   * are renormalised by the server (imports of rounded sweep logs); absent, the sum must be 1 ± 1e-6.
   */
  async addTrials(trials: { params: P; values: Values; cost?: number }[], options: { simplexTolerance?: number } = {}): Promise<TypedTrial<P>[]> {
    const body = trials.map((t) => ({ params: t.params as Record<string, unknown>, values: this.toValues(t.values), ...(t.cost === undefined ? {} : { cost: t.cost }) }));
    const tolerance = options.simplexTolerance === undefined ? {} : { simplexTolerance: options.simplexTolerance };
    return (await this.transport.request('trial:add', { studyId: this.id, trials: body, ...tolerance })) as TypedTrial<P>[];
  }

  /** Exports the study and its trials as JSON or CSV. */
  export(format: 'json' | 'csv' = 'json'): Promise<StudyExport> {
    return this.transport.request('study:export', { studyId: this.id, format });
  }

  /** Re-reads the study (trial counts etc.) from the server. */
  async refresh(): Promise<Study> {
    this.info = await this.transport.request('study:get', { studyId: this.id });
    return this.info;
  }

  /** Deletes the study and its trials (a retry that finds it already gone counts as deleted). */
  async delete(): Promise<void> {
    try {
      await this.transport.request('study:delete', { studyId: this.id });
    } catch (err) {
      if (!(err instanceof SdkError && err.code === 'NOT_FOUND')) throw err;
    }
  }

  /** Listens to the study's room; resolves once subscribed, with the function that removes the listener. */
  on(event: 'trial:completed' | 'trial:asked', handler: (payload: { studyId: string; trials?: TypedTrial<P>[]; trial?: TypedTrial<P> }) => void): Promise<() => void>;
  on(event: 'study:updated' | 'fit:progress' | 'trial:reported', handler: (payload: Record<string, unknown>) => void): Promise<() => void>;
  /** 'warning': local, no subscription; called when this handle's ask returns fallback trials (see SdkWarning). */
  on(event: 'warning', handler: WarningListener): Promise<() => void>;
  on(event: ServerEvent | 'warning', handler: (payload: never) => void): Promise<() => void> {
    if (event === 'warning') return Promise.resolve(this.warningListeners.add(handler as WarningListener));
    return this.hub.listen(this.id, event, handler as (payload: unknown) => void);
  }

  /**
   * Runs `concurrency` workers, each looping ask -> fn(params) -> tell (fail with the error message
   * when fn throws), until `trials` trials are completed, failed or pruned; resolves with the best
   * trial. fn's third argument reports intermediate values (`report(step, value)`, answering the
   * pruner's decision); throwing TrialPruned prunes the trial (see sdk/optimize.ts).
   */
  optimize(fn: Objective<P>, options: OptimizeOptions<P>): Promise<TypedTrial<P> | null> {
    return runOptimize(this, fn, options);
  }

  /** Turns a bare number into {firstObjective: value}. */
  private toValues(values: Values): Record<string, number> {
    if (typeof values !== 'number') return values;
    const names = Object.keys(this.info.objectives);
    if (names.length !== 1) throw new SdkError('INVALID_ARGUMENT', `a bare number needs exactly one objective; this study has ${names.length}`);
    return { [names[0]!]: values };
  }
}
