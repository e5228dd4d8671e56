/**
 * Boxes in the decomposition of a front's non-dominated region: fronts of n points near the unit
 * sphere (seeded, noisy radius, so most points are non-dominated), m = 3 and 4 outcomes; the exact
 * decomposition, and with alpha pruning (core/pareto/prune-boxes.ts) where the tree has it, so
 * the same script runs on an older commit for a before/after count. Prints one line per case.
 *   npx tsx benchmarks/mo/box-counts.ts
 */
import { nondominatedBoxes } from '../../core/pareto/box-decomposition.js';
import { aboveReference, paretoFront } from '../../core/pareto/nondominated.js';
import { createRng } from '../../core/rng.js';

type Prune = (b: ReturnType<typeof nondominatedBoxes>, front: ReturnType<typeof paretoFront>['front'], ref: number[], alpha: number) => { boxes: { count: number } };

async function loadPrune(): Promise<Prune | undefined> {
  try {
    const mod = (await import('../../core/pareto/prune-boxes.js')) as { pruneNegligibleBoxes: Prune };
    return mod.pruneNegligibleBoxes;
  } catch {
    return undefined;
  }
}

/** Print the counts (see the file comment). */
export async function main(): Promise<void> {
  const prune = await loadPrune();
  const rng = createRng(1);
  for (const [n, m] of [[30, 3], [60, 3], [100, 3], [30, 4], [60, 4]]) {
    const data = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const v = Array.from({ length: m }, () => Math.abs(rng.normal()));
      const r = Math.hypot(...v) / (1 + 0.3 * rng.uniform());
      for (let k = 0; k < m; k++) data[i * m + k] = v[k] / r;
    }
    const Y = { rows: n, cols: m, data };
    const ref = new Array<number>(m).fill(0);
    const t0 = performance.now();
    const boxes = nondominatedBoxes(Y, ref);
    const ms = performance.now() - t0;
    const front = paretoFront(aboveReference(Y, ref)).front;
    const pruned = prune ? [1e-4, 1e-3, 1e-2].map((a) => `alpha ${a}: ${prune(boxes, front, ref, a).boxes.count}`).join(', ') : 'no alpha pruning in this tree';
    process.stdout.write(`n=${n} m=${m}: front ${front.rows}, exact boxes ${boxes.count} (${ms.toFixed(1)} ms); ${pruned}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
