import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { nearestIndex, type DiscreteMove } from './relaxation.js';

/** Categorical blocks with more choices than this are searched by a random subset of moves per round. */
const MAX_CHOICES_PER_ROUND = 64;

/** One move = a set of (index, value) writes applied to the current row. */
type Move = [number, number][];

function neighbours(x: Float64Array, move: DiscreteMove, rng: Rng): Move[] {
  const out: Move[] = [];
  switch (move.kind) {
    case 'integer': {
      const k = nearestIndex(move.grid, x[move.index]);
      if (k > 0) out.push([[move.index, move.grid[k - 1]]]);
      if (k < move.grid.length - 1) out.push([[move.index, move.grid[k + 1]]]);
      break;
    }
    case 'levels': {
      const k = nearestIndex(move.grid, x[move.index]);
      for (let j = 0; j < move.grid.length; j++) if (j !== k) out.push([[move.index, move.grid[j]]]);
      break;
    }
    case 'categorical': {
      const idx = move.indices;
      let cur = 0;
      for (let j = 1; j < idx.length; j++) if (x[idx[j]] > x[idx[cur]]) cur = j;
      let choices = idx.map((_, j) => j).filter((j) => j !== cur);
      if (choices.length > MAX_CHOICES_PER_ROUND) {
        for (let i = choices.length - 1; i > 0; i--) {
          const r = rng.int(i + 1);
          [choices[i], choices[r]] = [choices[r], choices[i]];
        }
        choices = choices.slice(0, MAX_CHOICES_PER_ROUND);
      }
      for (const c of choices) out.push(idx.map((i, j) => [i, j === c ? 1 : 0] as [number, number]));
      break;
    }
  }
  return out;
}

/**
 * Best-improvement local search over discrete coordinates: each round scores, in ONE batch
 * call, every single-coordinate move (integer ±1 grid step, every other categorical choice,
 * every other fidelity level) and takes the best if it improves. Exact enumeration per
 * coordinate, so a categorical optimum the relaxation cannot see is still found.
 * Returns the improved row (new array) and its value.
 */
export function discreteLocalSearch(
  x0: Float64Array,
  value0: number,
  moves: readonly DiscreteMove[],
  score: (X: Matrix) => Float64Array,
  rng: Rng,
  stop: () => boolean,
  maxRounds = 50,
): { x: Float64Array; value: number; rounds: number; evaluations: number } {
  let x = x0.slice();
  let value = value0;
  let evaluations = 0;
  let rounds = 0;
  if (moves.length === 0) return { x, value, rounds, evaluations };
  const d = x.length;
  for (; rounds < maxRounds && !stop(); rounds++) {
    const cand: Move[] = moves.flatMap((m) => neighbours(x, m, rng));
    if (cand.length === 0) break;
    const data = new Float64Array(cand.length * d);
    cand.forEach((mv, r) => {
      data.set(x, r * d);
      for (const [i, v] of mv) data[r * d + i] = v;
    });
    const vals = score({ rows: cand.length, cols: d, data });
    evaluations += cand.length;
    let best = -1;
    for (let r = 0; r < vals.length; r++) if (vals[r] > (best < 0 ? value : vals[best])) best = r;
    if (best < 0 || !(vals[best] > value + 1e-12 * Math.max(1, Math.abs(value)))) break;
    x = data.slice(best * d, (best + 1) * d);
    value = vals[best];
  }
  return { x, value, rounds, evaluations };
}
