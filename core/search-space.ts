/**
 * The search space: user parameters <-> rows of the unit cube [0,1]^d.
 *
 * Encoding per parameter (one block of columns each, in spec order):
 * - float: x = (v - low)/(high - low); log: x = (ln v - ln low)/(ln high - ln low). Decode clamps,
 *   and x = 0 / x = 1 decode to exactly low / high.
 * - int (linear): widened by half a step, k ↦ (k - low + ½)/(high - low + 1); decode k = low + ⌊x·N⌋.
 * - int (log): k ↦ (ln k - A)/(B - A) with A = ln low - ½(ln(low+1) - ln low) and
 *   B = ln high + ½(ln high - ln(high-1)): the end cells are as wide (in log space) as their
 *   neighbours. Decode picks the admissible integer whose ln k is nearest to z = A + x(B - A), so
 *   cells meet at the log-midpoints √(k(k+1)). Both int rules: decode(encode(k)) = k exactly for
 *   ranges below ~2^40 (the 53-bit x cannot separate more integers than that).
 * - categorical: one-hot over the choices; decode = argmax, ties to the first.
 * - simplex: K columns holding the weights; decode clips to [0,1] and renormalises (all zero ->
 *   uniform); a block already on the simplex (|Σ-1| ≤ 1e-12) is kept as is, so project is idempotent.
 *   Mixture constraints (min/max/tokens/minWeight, core/mixture-constraints.ts): a block outside
 *   them is projected in (capped-simplex projection, then minWeight snapping), encode refuses
 *   values outside them with the component's path, sample draws uniformly above the mins.
 * - fidelity: one column, level k ↦ k/(L-1) (L = 1 ↦ 1); decode snaps to the nearest level.
 * Conditional parameters (`when`, core/conditions.ts): an inactive parameter is absent from params;
 * its block holds a fixed value (numeric 0.5, categorical 1/C in every column), so the surrogate
 * tells the branches apart by the parent's own columns and sees no spurious variation in inactive
 * columns (the flattening of Ax's hierarchical search spaces). project snaps inactive blocks to
 * that value, decode drops them; sample and sequence project, so they yield only active params.
 * Validation errors are BoError INVALID_ARGUMENT with paths ['space', name, ...] for specs and
 * ['params', name, ...] for values.
 */
import { SpaceSpec as SpaceSchema, type ParamSpec, type ParamValue, type Params, type SpaceSpec } from '../protocol/space.js';
import type { FieldIssue } from '../protocol/errors.js';
import { buildConditions, conditionIssues, inactiveMessage } from './conditions.js';
import { BoError, invalidArgument } from './errors.js';
import type { Matrix } from './matrix.js';
import type { Rng } from './rng.js';
import { cubeToSimplex } from './simplex.js';
import { naturalIssues, naturalWeights } from './natural-design.js';
import { hasMixtureConstraints, mixtureBounds, mixtureIssues, mixtureViolation, projectMixture } from './mixture-constraints.js';
import { SOBOL_DIM_LIMIT, SOBOL_MAX_POINTS, SobolSequence, sobol } from './sobol.js';
import type { Dimension, SearchSpace } from './space-types.js';

/** Integer parameters with more values than this get an empty `grid` (the optimizer rounds via project). */
export const MAX_INT_GRID = 10000;
/** Tolerance on Σ weights for simplex values given by users. */
export const SIMPLEX_SUM_TOL = 1e-6;

/** One parameter's slice of the encoded row. */
interface Codec {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
  /** Sobol coordinates consumed by sample(). */
  readonly sobolWidth: number;
  readonly dimension: Dimension;
  /** Check a user value; write its block at out[offset..]. */
  encode(value: unknown, out: Float64Array): void;
  /** User value of the block of x (x already clipped to [0,1]). */
  decode(x: ArrayLike<number>): ParamValue;
  /** Valid block for the block of x (clipped), written to out. */
  project(x: ArrayLike<number>, out: Float64Array): void;
  /** A block from uniform Sobol coordinates u[from .. from + sobolWidth). */
  fromCube(u: ArrayLike<number>, from: number, out: Float64Array): void;
}

const clamp01 = (v: number): number => (v <= 0 ? 0 : v >= 1 ? 1 : v);
const valuePath = (name: string, ...rest: (string | number)[]): (string | number)[] => ['params', name, ...rest];

function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidArgument(valuePath(name), `expected a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw invalidArgument(valuePath(name), `expected a finite number, got ${value}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function floatCodec(name: string, p: Extract<ParamSpec, { type: 'float' }>, offset: number): Codec {
  const log = p.log === true;
  const lo = log ? Math.log(p.low) : p.low;
  const span = (log ? Math.log(p.high) : p.high) - lo;
  const dec = (x: number): number => {
    if (x <= 0) return p.low;
    if (x >= 1) return p.high;
    const v = log ? Math.exp(lo + x * span) : lo + x * span;
    return Math.min(p.high, Math.max(p.low, v));
  };
  return {
    name, offset, width: 1, sobolWidth: 1,
    dimension: { kind: 'continuous', name, index: offset },
    encode(value, out) {
      const v = requireNumber(name, value);
      if (v < p.low || v > p.high) throw invalidArgument(valuePath(name), `${v} is outside [${p.low}, ${p.high}]`);
      out[offset] = clamp01(((log ? Math.log(v) : v) - lo) / span);
    },
    decode: (x) => dec(x[offset]),
    project(x, out) { out[offset] = x[offset]; },
    fromCube(u, from, out) { out[offset] = u[from]; },
  };
}

function intCodec(name: string, p: Extract<ParamSpec, { type: 'int' }>, offset: number): Codec {
  const log = p.log === true;
  const count = p.high - p.low + 1;
  const A = log ? Math.log(p.low) - (Math.log(p.low + 1) - Math.log(p.low)) / 2 : 0;
  const B = log ? Math.log(p.high) + (Math.log(p.high) - Math.log(p.high - 1)) / 2 : 0;
  const enc = log ? (k: number): number => clamp01((Math.log(k) - A) / (B - A)) : (k: number): number => (k - p.low + 0.5) / count;
  const dec = (x: number): number => {
    if (!log) return Math.min(p.high, p.low + Math.floor(x * count));
    const z = A + x * (B - A);
    const k0 = Math.min(p.high, Math.max(p.low, Math.round(Math.exp(z))));
    let best = k0;
    for (const k of [k0 - 1, k0 + 1]) {
      if (k >= p.low && k <= p.high && Math.abs(Math.log(k) - z) < Math.abs(Math.log(best) - z)) best = k;
    }
    return best;
  };
  const grid = new Float64Array(count <= MAX_INT_GRID ? count : 0);
  for (let i = 0; i < grid.length; i++) grid[i] = enc(p.low + i);
  return {
    name, offset, width: 1, sobolWidth: 1,
    dimension: { kind: 'integer', name, index: offset, grid },
    encode(value, out) {
      const v = requireNumber(name, value);
      if (!Number.isInteger(v)) throw invalidArgument(valuePath(name), `expected an integer, got ${v}`);
      if (v < p.low || v > p.high) throw invalidArgument(valuePath(name), `${v} is outside [${p.low}, ${p.high}]`);
      out[offset] = enc(v);
    },
    decode: (x) => dec(x[offset]),
    project(x, out) { out[offset] = enc(dec(x[offset])); },
    fromCube(u, from, out) { out[offset] = u[from]; },
  };
}

function categoricalCodec(name: string, p: Extract<ParamSpec, { type: 'categorical' }>, offset: number): Codec {
  const c = p.choices.length;
  const indices = Array.from({ length: c }, (_, i) => offset + i);
  const argmax = (x: ArrayLike<number>): number => {
    let best = 0;
    for (let i = 1; i < c; i++) if (x[offset + i] > x[offset + best]) best = i;
    return best;
  };
  const oneHot = (j: number, out: Float64Array): void => {
    for (let i = 0; i < c; i++) out[offset + i] = i === j ? 1 : 0;
  };
  return {
    name, offset, width: c, sobolWidth: 1,
    dimension: { kind: 'categorical', name, indices, choices: c },
    encode(value, out) {
      const j = p.choices.findIndex((ch) => ch === value);
      if (j < 0) throw invalidArgument(valuePath(name), `${describe(value)} is not one of the choices`);
      oneHot(j, out);
    },
    decode: (x) => p.choices[argmax(x)],
    project(x, out) { oneHot(argmax(x), out); },
    // One Sobol coordinate per categorical keeps its choices stratified: choice ⌊u·C⌋.
    fromCube(u, from, out) { oneHot(Math.min(c - 1, Math.floor(u[from] * c)), out); },
  };
}

function simplexCodec(name: string, p: Extract<ParamSpec, { type: 'simplex' }>, offset: number): Codec {
  const comps = p.components;
  const k = comps.length;
  // Mixture constraints (core/mixture-constraints.ts): every generated block is projected into them.
  const bounds = hasMixtureConstraints(p) ? mixtureBounds(p) : null;
  const constrain = (w: Float64Array): Float64Array => {
    if (bounds === null) return w;
    for (let i = 0; i < k; i++) {
      const off = w[i] < bounds.lower[i] || w[i] > bounds.upper[i] || (w[i] > 0 && w[i] < bounds.minWeight);
      if (off) return projectMixture(w, bounds);
    }
    return w;
  };
  const weights = (x: ArrayLike<number>): Float64Array => {
    const w = new Float64Array(k);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += (w[i] = x[offset + i]);
    if (Math.abs(sum - 1) <= 1e-12) return constrain(w);
    if (sum <= 0) return constrain(w.fill(1 / k));
    for (let i = 0; i < k; i++) w[i] /= sum;
    return constrain(w);
  };
  let freeMass = 1;
  if (bounds !== null) for (const lo of bounds.lower) freeMass -= lo;
  return {
    name, offset, width: k, sobolWidth: k - 1,
    dimension: {
      kind: 'simplex', name, indices: comps.map((_, i) => offset + i), components: [...comps],
      ...(bounds === null ? {} : { lower: bounds.lower, upper: bounds.upper }),
      ...(p.natural === undefined ? {} : { natural: naturalWeights(p) }),
    },
    encode(value, out) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidArgument(valuePath(name), `expected an object of weights {${comps.join(', ')}}, got ${describe(value)}`);
      }
      const rec = value as Record<string, unknown>;
      for (const key of Object.keys(rec)) if (!comps.includes(key)) throw invalidArgument(valuePath(name, key), 'unknown component');
      let sum = 0;
      for (const comp of comps) {
        if (!(comp in rec)) throw invalidArgument(valuePath(name, comp), 'missing component weight');
        const w = rec[comp];
        if (typeof w !== 'number' || !Number.isFinite(w)) throw invalidArgument(valuePath(name, comp), `expected a finite number, got ${describe(w)}`);
        if (w < 0) throw invalidArgument(valuePath(name, comp), `weight ${w} is negative`);
        sum += w;
      }
      if (Math.abs(sum - 1) > SIMPLEX_SUM_TOL) throw invalidArgument(valuePath(name), `weights sum to ${sum}, expected 1 (±${SIMPLEX_SUM_TOL})`);
      comps.forEach((comp, i) => { out[offset + i] = (rec[comp] as number) / sum; });
      if (bounds !== null) {
        const bad = mixtureViolation(out.subarray(offset, offset + k), bounds, comps);
        if (bad !== null) throw invalidArgument(valuePath(name, bad.component), bad.message);
      }
    },
    decode(x) {
      const w = weights(x);
      const rec: Record<string, number> = {};
      comps.forEach((comp, i) => { rec[comp] = w[i]; });
      return rec;
    },
    project(x, out) { out.set(weights(x), offset); },
    fromCube(u, from, out) {
      const w = cubeToSimplex(Float64Array.from({ length: k - 1 }, (_, i) => u[from + i]), k);
      // Uniform on {w ≥ lo, Σw = 1} (a scaled simplex shifted by lo); project() then applies the caps.
      if (bounds !== null) for (let i = 0; i < k; i++) w[i] = bounds.lower[i] + freeMass * w[i];
      out.set(w, offset);
    },
  };
}

function fidelityCodec(name: string, p: Extract<ParamSpec, { type: 'fidelity' }>, offset: number): Codec {
  const L = p.levels.length;
  const grid = Float64Array.from(p.levels, (_, k) => (L === 1 ? 1 : k / (L - 1)));
  const costs = p.levels.map((l) => l.cost);
  let target = p.levels.findIndex((l) => l.value === p.target);
  if (p.target === undefined) target = costs.indexOf(Math.max(...costs));
  const level = (x: number): number => (L === 1 ? 0 : Math.round(x * (L - 1)));
  return {
    name, offset, width: 1, sobolWidth: 1,
    dimension: { kind: 'fidelity', name, index: offset, grid, costs, target },
    encode(value, out) {
      const k = p.levels.findIndex((l) => l.value === value);
      if (k < 0) throw invalidArgument(valuePath(name), `${describe(value)} is not one of the fidelity levels`);
      out[offset] = grid[k];
    },
    decode: (x) => p.levels[level(x[offset])].value,
    project(x, out) { out[offset] = grid[level(x[offset])]; },
    // Uniform over levels (not nearest-level snapping, which would halve the end levels).
    fromCube(u, from, out) { out[offset] = grid[Math.min(L - 1, Math.floor(u[from] * L))]; },
  };
}

/** Semantic checks zod cannot express; every issue names its parameter. */
function semanticIssues(spec: SpaceSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], message: string): void => { issues.push({ path: ['space', ...path], message }); };
  const names = new Set(Object.keys(spec));
  for (const [name, p] of Object.entries(spec)) {
    switch (p.type) {
      case 'float':
      case 'int':
        if (!(p.low < p.high)) add([name, 'low'], `low (${p.low}) must be < high (${p.high})`);
        if (p.log && !(p.low > 0)) add([name, 'low'], `a log-scale parameter needs low > 0, got ${p.low}`);
        if (!Number.isFinite(p.high - p.low)) add([name, 'high'], 'high - low overflows a double');
        break;
      case 'categorical':
        p.choices.forEach((ch, j) => {
          if (p.choices.indexOf(ch) < j) add([name, 'choices', j], `duplicate choice ${JSON.stringify(ch)}`);
        });
        break;
      case 'simplex':
        p.components.forEach((comp, j) => {
          if (p.components.indexOf(comp) < j) add([name, 'components', j], `duplicate component '${comp}'`);
          if (names.has(comp)) add([name, 'components', j], `component '${comp}' has the name of a parameter`);
        });
        issues.push(...mixtureIssues(name, p), ...naturalIssues(name, p));
        break;
      case 'fidelity':
        p.levels.forEach((l, j) => {
          if (p.levels.findIndex((m) => m.value === l.value) < j) add([name, 'levels', j, 'value'], `duplicate level value ${JSON.stringify(l.value)}`);
        });
        if (p.target !== undefined && !p.levels.some((l) => l.value === p.target)) add([name, 'target'], `target ${JSON.stringify(p.target)} is not among the levels`);
        break;
    }
  }
  return issues;
}

function toError(issues: FieldIssue[]): BoError {
  if (issues.length === 1) return invalidArgument(issues[0].path, issues[0].message);
  const first = issues[0];
  return new BoError('INVALID_ARGUMENT', `${first.path.join('.')}: ${first.message} (and ${issues.length - 1} more)`, issues);
}

/** Parse and check a space spec: zod schema, then semantic rules; throws BoError INVALID_ARGUMENT. */
export function parseSpaceSpec(raw: unknown): SpaceSpec {
  const parsed = SpaceSchema.safeParse(raw);
  if (!parsed.success) {
    throw toError(parsed.error.issues.map((i) => ({
      path: ['space', ...i.path.map((k) => (typeof k === 'number' ? k : String(k)))],
      message: i.message,
    })));
  }
  const issues = semanticIssues(parsed.data);
  if (issues.length === 0) issues.push(...conditionIssues(parsed.data));
  if (issues.length > 0) throw toError(issues);
  return parsed.data;
}

/** Whether `params` gives a value for `name` (a module function: a closure per encode costs a defineProperty under tsx). */
function given(params: Params, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(params, name) && params[name] !== undefined;
}

/** Build a SearchSpace from a spec (validated here; see the file comment for the encoding). */
export function createSearchSpace(raw: SpaceSpec): SearchSpace {
  const spec = parseSpaceSpec(raw);
  const codecs: Codec[] = [];
  let offset = 0;
  for (const [name, p] of Object.entries(spec)) {
    const codec =
      p.type === 'float' ? floatCodec(name, p, offset)
        : p.type === 'int' ? intCodec(name, p, offset)
          : p.type === 'categorical' ? categoricalCodec(name, p, offset)
            : p.type === 'simplex' ? simplexCodec(name, p, offset)
              : fidelityCodec(name, p, offset);
    codecs.push(codec);
    offset += codec.width;
  }
  const dim = offset;
  const conditions = buildConditions(spec);
  const byName = new Map(codecs.map((c) => [c.name, c]));
  const codecsInOrder = conditions.order.map((n) => byName.get(n)!);
  const fillInactive = (c: Codec, out: Float64Array): void => {
    out.fill(c.dimension.kind === 'categorical' ? 1 / c.width : 0.5, c.offset, c.offset + c.width);
  };
  /** Activity of every parameter of a valid (clipped) row, judged from its decoded parents. */
  const activityOf = (xc: Float64Array) => conditions.evaluate((n) => byName.get(n)!.decode(xc));
  const sobolWidth = codecs.reduce((s, c) => s + c.sobolWidth, 0);

  const encodeInto = (params: Params, out: Float64Array): void => {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalidArgument(['params'], `expected an object, got ${describe(params)}`);
    for (const key of Object.keys(params)) if (!Object.prototype.hasOwnProperty.call(spec, key)) throw invalidArgument(valuePath(key), 'unknown parameter');
    const activity = conditions.any ? conditions.evaluate((n) => params[n]) : undefined;
    // Parents first, so a bad parent value is reported before its children's presence.
    for (const c of codecsInOrder) {
      const why = activity?.get(c.name) ?? null;
      if (why !== null) {
        if (given(params, c.name)) throw invalidArgument(valuePath(c.name), inactiveMessage(why, params[why.parent]));
        fillInactive(c, out);
        continue;
      }
      if (!given(params, c.name)) throw invalidArgument(valuePath(c.name), 'missing parameter');
      c.encode(params[c.name], out);
    }
  };
  const clipped = (x: ArrayLike<number>): Float64Array => {
    if (x.length !== dim) throw new RangeError(`search space: expected ${dim} coordinates, got ${x.length}`);
    const out = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      if (Number.isNaN(x[i])) throw new RangeError(`search space: coordinate ${i} is NaN`);
      out[i] = clamp01(x[i]);
    }
    return out;
  };
  const projectInto = (xc: Float64Array, out: Float64Array): void => {
    for (const c of codecs) c.project(xc, out);
    if (!conditions.any) return;
    const activity = activityOf(out);
    for (const c of codecs) if (activity.get(c.name) !== null) fillInactive(c, out);
  };

  return {
    spec,
    dim,
    dimensions: codecs.map((c) => c.dimension),
    conditional: conditions.any,
    conditionColumns: codecs.filter((c) => conditions.parents.has(c.name) && c.dimension.kind === 'integer').map((c) => c.offset),
    inactiveCoordinates(x) {
      if (!conditions.any) return [];
      const xc = clipped(x);
      const activity = activityOf(xc);
      const fill = new Float64Array(dim);
      const out: { index: number; value: number }[] = [];
      for (const c of codecs) {
        if (activity.get(c.name) === null) continue;
        fillInactive(c, fill);
        for (let i = c.offset; i < c.offset + c.width; i++) out.push({ index: i, value: fill[i] });
      }
      return out;
    },
    activeParams(params) {
      if (!conditions.any) return { ...params };
      const activity = conditions.evaluate((n) => params[n]);
      const out: Params = {};
      for (const c of codecs) if (activity.get(c.name) === null && params[c.name] !== undefined) out[c.name] = params[c.name];
      return out;
    },
    encode(params) {
      const out = new Float64Array(dim);
      encodeInto(params, out);
      return out;
    },
    validate(params) { encodeInto(params, new Float64Array(dim)); },
    decode(x) {
      const xc = clipped(x);
      const params: Params = {};
      const activity = conditions.any ? activityOf(xc) : undefined;
      for (const c of codecs) if ((activity?.get(c.name) ?? null) === null) params[c.name] = c.decode(xc);
      return params;
    },
    project(x) {
      const xc = clipped(x);
      const out = new Float64Array(dim);
      projectInto(xc, out);
      return out;
    },
    sample(n, rng) {
      if (!Number.isInteger(n) || n < 0 || n > SOBOL_MAX_POINTS) throw new RangeError(`sample: n must be an integer in [0, 2^30], got ${n}`);
      // Sobol covers the first SOBOL_DIM_LIMIT coordinates; wider spaces fill the rest uniformly.
      const sw = Math.min(sobolWidth, SOBOL_DIM_LIMIT);
      const qmc = sobol(n, sw, rng.split());
      const out = new Float64Array(n * dim);
      const u = new Float64Array(sobolWidth);
      const block = new Float64Array(dim);
      for (let i = 0; i < n; i++) {
        u.set(qmc.data.subarray(i * sw, (i + 1) * sw));
        for (let j = sw; j < sobolWidth; j++) u[j] = rng.uniform();
        let from = 0;
        for (const c of codecs) {
          c.fromCube(u, from, block);
          from += c.sobolWidth;
        }
        projectInto(block, out.subarray(i * dim, (i + 1) * dim));
      }
      return { rows: n, cols: dim, data: out } satisfies Matrix;
    },
    sequence(rng) {
      // The same draws as sample(): the Sobol scrambling from rng.split(), then the uniforms of the
      // coordinates past SOBOL_DIM_LIMIT point by point (kept, since point i needs i·extra draws first).
      const sw = Math.min(sobolWidth, SOBOL_DIM_LIMIT);
      const qmc = new SobolSequence(sw, rng.split());
      const extra = sobolWidth - sw;
      let uniforms = new Float64Array(0);
      let drawn = 0;
      const u = new Float64Array(sobolWidth);
      const block = new Float64Array(dim);
      return {
        point(i) {
          qmc.point(i, u);
          if (extra > 0) {
            const need = (i + 1) * extra;
            if (need > uniforms.length) {
              const grown = new Float64Array(Math.max(need, 2 * uniforms.length));
              grown.set(uniforms.subarray(0, drawn));
              uniforms = grown;
            }
            while (drawn < need) uniforms[drawn++] = rng.uniform();
            u.set(uniforms.subarray(i * extra, need), sw);
          }
          let from = 0;
          for (const c of codecs) {
            c.fromCube(u, from, block);
            from += c.sobolWidth;
          }
          const out = new Float64Array(dim);
          projectInto(block, out);
          return out;
        },
      };
    },
  };
}
