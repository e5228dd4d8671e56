import { NO_HISTORY, type HistoryNeed, type Pruner } from './types.js';

/** `{type: 'none'}`: never prunes. */
export class NonePruner implements Pruner {
  readonly kind = 'none';
  history(): HistoryNeed {
    return NO_HISTORY;
  }
  decide(): { prune: false } {
    return { prune: false };
  }
}
