/**
 * The tabular learning-curve benchmark (make_table.py): loads table.json.gz and answers a
 * configuration with the curve of the NEAREST table entry: among entries with the same categorical
 * values, the one closest in the encoded unit cube (momentum counts only for sgd, where it is
 * active). The optimizers thus search the full mixed, conditional space, and the table stands in
 * for training.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { createSearchSpace } from '../../core/search-space.js';
import type { SearchSpace } from '../../core/space-types.js';
import { SpaceSpec, type Params } from '../../protocol/space.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The shipped table. */
export const TABLE_PATH = join(HERE, 'table.json.gz');

const Entry = z.object({
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  loss: z.array(z.number()),
  acc: z.array(z.number()),
  sec: z.array(z.number()),
});
const TableFile = z.object({
  dataset: z.string(),
  model: z.string(),
  epochs: z.number().int().min(1),
  seed: z.number().int(),
  space: z.record(z.string(), z.record(z.string(), z.unknown())),
  configs: z.array(Entry).min(1),
});

/** One trained configuration: per-epoch validation loss (index e = after epoch e+1), accuracy, seconds. */
export type TableEntry = z.infer<typeof Entry>;

/** The loaded table with its search space and nearest-entry lookup. */
export interface CurveTable {
  readonly epochs: number;
  readonly entries: readonly TableEntry[];
  /** The space the optimizers search (momentum active only for sgd; see spaceSpec). */
  readonly spec: SpaceSpec;
  readonly space: SearchSpace;
  /** Index of the nearest table entry to a configuration. */
  nearest(params: Params): number;
  /** Lowest final-epoch validation loss in the table (regret's zero). */
  readonly bestFinal: number;
  readonly description: string;
}

/**
 * The table's space for the optimizers, as make_table.py sampled it: momentum carries
 * `when: {optimizer: [sgd]}` (the space's one conditional parameter), so it is absent for adam in
 * asks, in the encoding (a fixed value, core/search-space.ts) and in the lookup.
 */
function spaceSpec(raw: Record<string, Record<string, unknown>>): SpaceSpec {
  return SpaceSpec.parse(raw);
}

/** Whether parameter `name` is active for `params` under the raw spec's `when`. */
function active(raw: Record<string, Record<string, unknown>>, name: string, params: Params): boolean {
  const when = raw[name].when as Record<string, unknown[]> | undefined;
  return !when || Object.entries(when).every(([parent, values]) => values.includes(params[parent]));
}

/** Load and index the table (default: the shipped one). */
export function loadCurveTable(path: string = TABLE_PATH): CurveTable {
  const file = TableFile.parse(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')));
  const raw = file.space as Record<string, Record<string, unknown>>;
  const spec = spaceSpec(raw);
  const space = createSearchSpace(spec);
  const names = Object.keys(spec);
  const categorical = names.filter((n) => spec[n].type === 'categorical');
  const numeric = names.filter((n) => spec[n].type !== 'categorical');
  const column = new Map<string, number>();
  for (const d of space.dimensions) if (d.kind === 'continuous' || d.kind === 'integer') column.set(d.name, d.index);
  const encodeNumeric = (p: Params): Float64Array => {
    // An inactive parameter's column holds the encoding's fixed value; distances skip it (active()).
    const x = space.encode(space.activeParams(p));
    return Float64Array.from(numeric, (n) => x[column.get(n)!]);
  };
  const keyOf = (p: Params) => categorical.map((n) => String(p[n])).join('|');
  const groups = new Map<string, { index: number; x: Float64Array }[]>();
  file.configs.forEach((e, index) => {
    const key = keyOf(e.params);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ index, x: encodeNumeric(e.params) });
  });
  let bestFinal = Infinity;
  for (const e of file.configs) bestFinal = Math.min(bestFinal, e.loss[file.epochs - 1]);
  return {
    epochs: file.epochs,
    entries: file.configs,
    spec,
    space,
    bestFinal,
    description: `${file.dataset}; ${file.model}; ${file.configs.length} configs x ${file.epochs} epochs`,
    nearest(params: Params): number {
      const group = groups.get(keyOf(params));
      if (!group) throw new Error(`no table entry with categorical values ${keyOf(params)}`);
      const x = encodeNumeric(params);
      const use = numeric.map((n) => active(raw, n, params));
      let best = group[0].index;
      let bestD = Infinity;
      for (const g of group) {
        let d = 0;
        for (let i = 0; i < x.length; i++) if (use[i]) d += (x[i] - g.x[i]) ** 2;
        if (d < bestD) [bestD, best] = [d, g.index];
      }
      return best;
    },
  };
}
