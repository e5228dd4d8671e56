/**
 * One request of the JSON-lines evaluator (bbob-evaluator.ts): problem info, or f(x) with the
 * observation noise of (problem, seed) drawn from the stream loop.ts uses for that seed.
 */
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import { getProblem } from '../problems/all.js';

/** Noise streams by (problem, seed), advanced one observation per request, as in a run. */
export type NoiseStreams = Map<string, Rng>;

/** The answer to one request line (throws on a bad request). */
export function answer(line: string, streams: NoiseStreams): unknown {
  const req = JSON.parse(line) as { problem: string; info?: boolean; seed?: number; x?: number[] };
  const p = getProblem(req.problem);
  if (req.info) return { dim: p.dim, lower: p.lower, upper: p.upper, optimum: p.optimum };
  if (!Array.isArray(req.x) || req.x.length !== p.dim || !Number.isInteger(req.seed)) throw new Error(`want x of length ${p.dim} and an integer seed`);
  const key = `${req.problem}|${req.seed}`;
  let rng = streams.get(key);
  if (!rng) streams.set(key, (rng = createRng(deriveSeed(req.seed!, 0x0015e))));
  const clean = p.f(req.x);
  const observed = p.observe ? p.observe(clean, rng) : p.noise > 0 ? clean + p.noise * rng.normal() : clean;
  return { clean, observed };
}
