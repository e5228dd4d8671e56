/**
 * How long the server's event loop stalls during the first create of a tensor study (dkl, pfn),
 * with the create-time probe in process (`--compute-workers 0`) or on a compute pool (a 'probe'
 * job). The stall is the longest gap between ticks of a 5 ms timer while the creates run (a
 * blocked loop delays the timer by the blocked time), minus the 5 ms period.
 * Also the event loop's busy time over the create (performance.eventLoopUtilization().active).
 * Modes: in-process; pool (its worker boots during the create, as on a fresh server); pool-warm
 * (the worker already booted by a probe of a gp spec, which loads nothing; the tensor backend
 * then loads in that worker during the create).
 * One mode per process: the backend and weights are cached per process, so only a fresh process
 * shows a first create. Usage: tsx benchmarks/probe-event-loop.ts in-process|pool|pool-warm [surrogate]
 * (prints one JSON line; run several times and take the median).
 */
import { createSearchSpace } from '../core/search-space.js';
import { createPolicy } from '../policy/create-policy.js';
import { Requests } from '../protocol/messages.js';
import { AlgorithmSpec } from '../protocol/algorithm.js';
import { MemoryStorage } from '../server/storage/memory-storage.js';
import { StudyService } from '../server/study-service.js';
import { WorkerPool } from '../server/compute/worker-pool.js';
import { eventLoopCost } from './event-loop-cost.js';

const mode = process.argv[2];
const surrogate = process.argv[3] ?? 'dkl';
if (mode !== 'in-process' && mode !== 'pool' && mode !== 'pool-warm') throw new Error('usage: probe-event-loop.ts in-process|pool|pool-warm [surrogate]');

const compute = mode === 'in-process' ? undefined : new WorkerPool({ workers: 1 });
if (mode === 'pool-warm') await compute!.probe({ kind: 'probe', spec: { space: {}, algorithm: AlgorithmSpec.parse({ surrogate: 'gp' }) }, timeBudgetMs: 60_000, hardLimitMs: 60_000 });
const service = new StudyService({ storage: new MemoryStorage(), createPolicy, createSearchSpace, ...(compute ? { compute } : {}) });
const create = Requests['study:create'].parse({
  name: 'probe-event-loop',
  space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate, seed: 1 },
});

const { callMs: createMs, worstStallMs, loopBusyMs } = await eventLoopCost(() => service.handle('study:create', create as never));
console.log(JSON.stringify({ mode, surrogate, createMs, worstStallMs, loopBusyMs }));
await service.close();
