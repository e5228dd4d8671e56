/**
 * How long the server's event loop is busy and stalls during `study:pareto` of a study whose every
 * feasible trial is on the front (the exact hypervolume's worst case): with the summary in the
 * server thread (`--compute-workers 0`, `in-process`) or as a 'pareto' job on a one-thread pool
 * whose worker was booted first by a small study's front (`pool`). Then a repeat call with nothing
 * newly completed (served from the memo). Stall = the longest gap of a 5 ms timer minus 5 ms;
 * loopBusy = performance.eventLoopUtilization().active over the call.
 * Usage: tsx benchmarks/pareto-event-loop.ts in-process|pool <points> <objectives> [seed]
 * (prints one JSON line; run several times and take the median).
 */
import { createRng } from '../core/rng.js';
import { createSearchSpace } from '../core/search-space.js';
import { createPolicy } from '../policy/create-policy.js';
import { Requests, type EventName } from '../protocol/messages.js';
import { MemoryStorage } from '../server/storage/memory-storage.js';
import { StudyService } from '../server/study-service.js';
import { WorkerPool } from '../server/compute/worker-pool.js';
import { eventLoopCost } from './event-loop-cost.js';

const [mode, pointsArg, objectivesArg, seedArg] = process.argv.slice(2);
if (mode !== 'in-process' && mode !== 'pool') throw new Error('usage: pareto-event-loop.ts in-process|pool <points> <objectives> [seed]');
const points = Number(pointsArg ?? 1000);
const m = Number(objectivesArg ?? 3);

const compute = mode === 'pool' ? new WorkerPool({ workers: 1 }) : undefined;
const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, ...(compute ? { compute } : {}) });
const call = (event: EventName, input: unknown) => service.handle(event, Requests[event].parse(input) as never) as Promise<never>;

/** A study of `n` trials on the simplex sum(f) = 1, all minimized, so none dominates another. */
async function frontStudy(n: number, seed: number): Promise<string> {
  const names = Array.from({ length: m }, (_, k) => `f${k}`);
  const s: { id: string } = await call('study:create', { name: 'pareto-bench', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: Object.fromEntries(names.map((f) => [f, 'minimize'])), algorithm: { seed } });
  const rng = createRng(seed);
  const trials = Array.from({ length: n }, () => {
    const w = names.map(() => -Math.log(1 - rng.uniform()));
    const sum = w.reduce((a, b) => a + b, 0);
    return { params: { x: rng.uniform() }, values: Object.fromEntries(names.map((f, k) => [f, w[k]! / sum])) };
  });
  await call('trial:add', { studyId: s.id, trials });
  return s.id;
}

/** One study:pareto call under the stall timer. */
async function measured(studyId: string) {
  const { value: front, ...cost } = await eventLoopCost((): Promise<{ trials: unknown[]; hypervolume: number }> => call('study:pareto', { studyId }));
  return { front: front.trials.length, hypervolume: front.hypervolume, ...cost };
}

const seed = Number(seedArg ?? 1);
await call('study:pareto', { studyId: await frontStudy(5, seed + 1000) }); // boots the pool's worker
const studyId = await frontStudy(points, seed);
const first = await measured(studyId);
const repeat = await measured(studyId);
console.log(JSON.stringify({ mode, points, objectives: m, first, repeat }));
await service.close();
