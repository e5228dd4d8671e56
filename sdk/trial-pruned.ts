/**
 * Thrown by an objective inside study.optimize to stop its trial early (Optuna's TrialPruned):
 * the loop then prunes the trial (state 'pruned', keeping its last reported value).
 */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
