import type { ParamValue, Params } from '../../protocol/space.js';
import type { Observation } from '../../policy/types.js';

/**
 * Observations as columns, to cross a thread boundary cheaply: numeric columns are Float64Arrays
 * (transferred, not copied: structured clone of n objects costs far more than one buffer move),
 * other parameters (categorical strings, booleans, simplex objects) small plain arrays. Exact:
 * Float64 holds every JS number (NaN, ±Infinity, -0 included), and key order is kept.
 */
export interface ObservationColumns {
  readonly n: number;
  /** Parameter names in the first observation's key order. */
  readonly names: readonly string[];
  /** One column per name: Float64Array when every value is a number, else the values (undefined where absent). */
  readonly columns: readonly (Float64Array | (ParamValue | undefined)[])[];
  readonly values: Float64Array;
  /** Present when any observation told a cost; NaN marks "no cost told". */
  readonly costs?: Float64Array;
  /** Present when any observation carries a forecast variance; NaN marks "none". */
  readonly variances?: Float64Array;
  /** Multi-outcome studies: n×outcomeCount outcome vectors, row-major (every observation has one). */
  readonly outcomes?: Float64Array;
  readonly outcomeCount?: number;
}

/** Encodes observations into columns. */
export function encodeObservations(obs: readonly Observation[]): ObservationColumns {
  const n = obs.length;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const o of obs) {
    for (const k of Object.keys(o.params)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const columns = names.map((name) => {
    let numeric = true;
    for (const o of obs) {
      if (typeof o.params[name] !== 'number') {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = obs[i]!.params[name] as number;
      return col;
    }
    return obs.map((o) => (Object.hasOwn(o.params, name) ? o.params[name] : undefined));
  });
  const values = new Float64Array(n);
  let anyCost = false;
  for (let i = 0; i < n; i++) {
    values[i] = obs[i]!.value;
    if (obs[i]!.cost !== undefined) anyCost = true;
  }
  let costs: Float64Array | undefined;
  if (anyCost) {
    costs = new Float64Array(n);
    for (let i = 0; i < n; i++) costs[i] = obs[i]!.cost ?? NaN;
  }
  const variances = optionalColumn(obs, (o) => o.variance);
  const width = obs[0]?.outcomes?.length ?? 0;
  let outcomes: Float64Array | undefined;
  if (width > 0) {
    outcomes = new Float64Array(n * width);
    for (let i = 0; i < n; i++) outcomes.set(obs[i]!.outcomes!, i * width);
  }
  return { n, names, columns, values, ...(costs ? { costs } : {}), ...(variances ? { variances } : {}), ...(outcomes ? { outcomes, outcomeCount: width } : {}) };
}

/** A NaN-padded column of an optional numeric field, or undefined when no observation has it. */
function optionalColumn(obs: readonly Observation[], pick: (o: Observation) => number | undefined): Float64Array | undefined {
  if (!obs.some((o) => pick(o) !== undefined)) return undefined;
  return Float64Array.from(obs, (o) => pick(o) ?? NaN);
}

/** Decodes columns back into observations equal to the encoded ones. */
export function decodeObservations(c: ObservationColumns): Observation[] {
  const out: Observation[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const params: Params = {};
    for (let j = 0; j < c.names.length; j++) {
      const v = c.columns[j]![i];
      if (v !== undefined) params[c.names[j]!] = v;
    }
    const cost = c.costs?.[i];
    const variance = c.variances?.[i];
    const outcomes = c.outcomes && c.outcomeCount ? Array.from(c.outcomes.subarray(i * c.outcomeCount, (i + 1) * c.outcomeCount)) : undefined;
    out[i] = {
      params,
      value: c.values[i]!,
      ...(cost !== undefined && !Number.isNaN(cost) ? { cost } : {}),
      ...(variance !== undefined && !Number.isNaN(variance) ? { variance } : {}),
      ...(outcomes ? { outcomes } : {}),
    };
  }
  return out;
}

/** The buffers to list as transferables (each column's own buffer; never a shared one). */
export function transferables(c: ObservationColumns): ArrayBuffer[] {
  const out: ArrayBuffer[] = [c.values.buffer as ArrayBuffer];
  if (c.costs) out.push(c.costs.buffer as ArrayBuffer);
  if (c.variances) out.push(c.variances.buffer as ArrayBuffer);
  if (c.outcomes) out.push(c.outcomes.buffer as ArrayBuffer);
  for (const col of c.columns) if (col instanceof Float64Array) out.push(col.buffer as ArrayBuffer);
  return out;
}
