/**
 * JSON-lines evaluator of the benchmark problems for the Python peers (run_bbob_peers.py), so
 * that they evaluate exactly the TypeScript functions and noise (no second implementation to
 * drift). One request per stdin line, one answer per stdout line:
 *   {"problem": "bbob_f003_i06_d05", "info": true}      -> {"dim", "lower", "upper", "optimum"}
 *   {"problem": ..., "seed": 3, "x": [..]}                -> {"clean": f(x), "observed": y}
 * The observation noise of (problem, seed) is drawn from the stream loop.ts uses for that seed,
 * one draw sequence per (problem, seed) in request order, so a peer sees the noise our runs see.
 * Errors answer {"error": message}. Usage: npx tsx benchmarks/peers/bbob-evaluator.ts
 */
import { createInterface } from 'node:readline';
import { createRng, deriveSeed, type Rng } from '../../core/rng.js';
import { getProblem } from '../problems/all.js';

const streams = new Map<string, Rng>();

/** The answer to one request line. */
export function answer(line: string): unknown {
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

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let out: unknown;
  try {
    out = answer(line);
  } catch (e) {
    out = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
