/**
 * bbob problems for the benchmark runner: names, parsing, and the Problem built from one
 * (function, instance, dimension, noise). Names follow COCO's ids with our noise suffix:
 * `bbob_f003_i06_d05` (noiseless), `bbob_f003_i06_d05_gauss-low`. A cell (what a table row
 * summarises over instances) is the name without `_iNN`: `bbob_f003_d05`.
 */
import type { Problem } from '../types.js';
import { bbobFunction } from './functions.js';
import { instanceSeed } from './instance.js';
import { isBbobNoise, noiseScale, observationModel, type BbobNoise } from './noise.js';

/** What identifies one bbob problem. */
export interface BbobId {
  readonly fid: number;
  readonly instance: number;
  readonly dim: number;
  readonly noise: BbobNoise;
}

const PATTERN = /^bbob_f(\d{3})_i(\d{2,})_d(\d{2,})(?:_([a-z-]+))?$/;

/** The registry name of a bbob problem. */
export function bbobName(id: BbobId): string {
  const base = `bbob_f${String(id.fid).padStart(3, '0')}_i${String(id.instance).padStart(2, '0')}_d${String(id.dim).padStart(2, '0')}`;
  return id.noise === 'none' ? base : `${base}_${id.noise}`;
}

/** Parses a bbob name; null when `name` is not one (or names an unknown function or noise). */
export function parseBbobName(name: string): BbobId | null {
  const m = PATTERN.exec(name);
  if (!m) return null;
  const noise = m[4] ?? 'none';
  const [fid, instance, dim] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isBbobNoise(noise) || fid < 1 || fid > 24 || instance < 1 || dim < 2) return null;
  return { fid, instance, dim, noise };
}

/** The cell a run's problem belongs to: a bbob name without its instance; any other name unchanged. */
export function cellOf(name: string): string {
  return parseBbobName(name) ? name.replace(/_i\d+_/, '_') : name;
}

const cache = new Map<string, Problem>();

/** The Problem for a bbob id (built once per name: rotations are d×d and reused). */
export function bbobProblem(id: BbobId): Problem {
  const name = bbobName(id);
  const hit = cache.get(name);
  if (hit) return hit;
  const inst = bbobFunction(id.fid).build(id.dim, id.instance);
  const scale = id.noise === 'none' ? 0 : noiseScale(inst, id.dim, instanceSeed(id.fid, id.instance));
  const observe = observationModel(id.noise, scale, inst.fopt);
  const problem: Problem = {
    name,
    dim: id.dim,
    lower: new Array<number>(id.dim).fill(-5),
    upper: new Array<number>(id.dim).fill(5),
    optimum: inst.fopt,
    argmin: Array.from(inst.xopt),
    noise: 0,
    ...(observe ? { observe, noiseModel: `${id.noise} (scale ${scale.toPrecision(6)})` } : {}),
    f: inst.f,
  };
  cache.set(name, problem);
  return problem;
}
