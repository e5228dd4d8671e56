/**
 * A nested conditional space for tests, and an independent reference of which parameters are
 * active: a recursive reading of the `when` definition (a parameter is active iff every parent
 * it names is active and takes a listed value), written without core/conditions.ts's
 * topological evaluation.
 */
import type { Params, ParamValue, SpaceSpec } from '../../protocol/space.js';
import type { Rng } from '../../core/rng.js';

/** model picks a branch; the mlp branch nests layers -> width2/width3 and act -> slope; `both` needs two parents. */
export const NESTED: SpaceSpec = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  model: { type: 'categorical', choices: ['linear', 'tree', 'mlp'] },
  C: { type: 'float', low: 1e-3, high: 100, log: true, when: { model: ['linear'] } },
  depth: { type: 'int', low: 1, high: 12, when: { model: ['tree'] } },
  layers: { type: 'int', low: 1, high: 4, when: { model: ['mlp'] } },
  width2: { type: 'int', low: 8, high: 256, log: true, when: { layers: [2, 3, 4] } },
  width3: { type: 'int', low: 8, high: 256, log: true, when: { layers: [3, 4] } },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'], when: { model: ['mlp'] } },
  slope: { type: 'float', low: 0, high: 0.3, when: { act: ['relu'] } },
  both: { type: 'float', low: -1, high: 1, when: { model: ['mlp', 'tree'], layers: [4] } },
};

/** Reference activity: recursion on the definition. */
export function isActive(spec: SpaceSpec, name: string, full: Params): boolean {
  const when = spec[name]!.when;
  if (!when) return true;
  return Object.entries(when).every(([parent, values]) => isActive(spec, parent, full) && values.some((v) => v === full[parent]));
}

/** Only the active entries of a full assignment (reference). */
export function referenceActive(spec: SpaceSpec, full: Params): Params {
  const out: Params = {};
  for (const name of Object.keys(spec)) if (isActive(spec, name, full)) out[name] = full[name]!;
  return out;
}

/** A uniformly random value of every parameter of a float/int/categorical space. */
export function randomFull(spec: SpaceSpec, rng: Rng): Params {
  const out: Params = {};
  for (const [name, p] of Object.entries(spec)) {
    let v: ParamValue;
    if (p.type === 'float') v = p.log ? Math.exp(Math.log(p.low) + rng.uniform() * (Math.log(p.high) - Math.log(p.low))) : p.low + rng.uniform() * (p.high - p.low);
    else if (p.type === 'int') v = p.low + rng.int(p.high - p.low + 1);
    else if (p.type === 'categorical') v = p.choices[rng.int(p.choices.length)]!;
    else throw new Error(`randomFull: ${p.type} not supported`);
    out[name] = v;
  }
  return out;
}
