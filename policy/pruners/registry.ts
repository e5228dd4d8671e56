import type { PrunerSpec } from '../../protocol/pruner.js';
import type { Pruner } from './types.js';
import { NonePruner } from './none-pruner.js';
import { MedianPruner } from './median-pruner.js';
import { AshaPruner } from './asha-pruner.js';
import { HyperbandPruner } from './hyperband-pruner.js';
import { LearningCurvePruner, type LearningCurveRunner } from './learning-curve-pruner.js';
import { BoError } from '../../core/errors.js';

/** What model-based pruners need from their host: where the learning-curve model runs. */
export interface PrunerEnv {
  readonly learningCurve?: LearningCurveRunner;
}

/** How each pruner kind is built from its (validated) spec: one line per kind. */
const BUILDERS: { [K in PrunerSpec['type']]: (spec: Extract<PrunerSpec, { type: K }>, env: PrunerEnv) => Pruner } = {
  none: () => new NonePruner(),
  median: (spec) => new MedianPruner(spec),
  asha: (spec) => new AshaPruner(spec),
  hyperband: (spec) => new HyperbandPruner(spec),
  'learning-curve': (spec, env) => {
    if (!env.learningCurve) throw new BoError('FAILED_PRECONDITION', 'the learning-curve pruner needs a curve-model runner (the service passes its compute plane)');
    return new LearningCurvePruner(spec, env.learningCurve);
  },
};

/** The pruner of a study's `algorithm.pruner` (absent: none). */
export function createPruner(spec: PrunerSpec | undefined, env: PrunerEnv = {}): Pruner {
  const s = spec ?? { type: 'none' as const };
  return (BUILDERS[s.type] as (x: PrunerSpec, e: PrunerEnv) => Pruner)(s, env);
}
