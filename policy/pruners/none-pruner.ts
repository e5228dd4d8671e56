import type { Pruner } from './types.js';

/** `{type: 'none'}`: never prunes. */
export class NonePruner implements Pruner {
  readonly kind = 'none';
  readonly needsHistory = false;
  decide(): { prune: false } {
    return { prune: false };
  }
}
