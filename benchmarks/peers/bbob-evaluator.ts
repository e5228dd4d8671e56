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
import { answer, type NoiseStreams } from './evaluate-request.js';

const streams: NoiseStreams = new Map();
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let out: unknown;
  try {
    out = answer(line, streams);
  } catch (e) {
    out = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
