import type { PrunerSpec } from '../../protocol/pruner.js';
import type { Pruner } from './types.js';
import { NonePruner } from './none-pruner.js';
import { MedianPruner } from './median-pruner.js';
import { AshaPruner } from './asha-pruner.js';
import { HyperbandPruner } from './hyperband-pruner.js';

/** How each pruner kind is built from its (validated) spec: one line per kind. */
const BUILDERS: { [K in PrunerSpec['type']]: (spec: Extract<PrunerSpec, { type: K }>) => Pruner } = {
  none: () => new NonePruner(),
  median: (spec) => new MedianPruner(spec),
  asha: (spec) => new AshaPruner(spec),
  hyperband: (spec) => new HyperbandPruner(spec),
};

/** The pruner of a study's `algorithm.pruner` (absent: none). */
export function createPruner(spec: PrunerSpec | undefined): Pruner {
  const s = spec ?? { type: 'none' as const };
  return (BUILDERS[s.type] as (x: PrunerSpec) => Pruner)(s);
}
