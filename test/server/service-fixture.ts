/** Shared fixture for server tests: a StudyService over MemoryStorage with a fake clock and an event log. */
import type { AlgorithmSpec } from '../../protocol/algorithm.js';
import { Requests, type ServerEvent } from '../../protocol/messages.js';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import type { Policy } from '../../policy/types.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';

/** A controllable clock (ms since the epoch). */
export class FakeClock {
  t = Date.parse('2026-01-01T00:00:00.000Z');
  now = (): number => this.t;
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

/**
 * The policy factory the tests use: Sobol for surrogate 'none' (what policy/create-policy.ts does
 * too), and for any other kind whatever `override` says (a throwing policy tests the fallback).
 */
export function policyFactory(override?: (alg: AlgorithmSpec) => Policy): (alg: AlgorithmSpec) => Policy {
  return (alg) => (alg.surrogate === 'none' || !override ? new SobolPolicy() : override(alg));
}

export interface Fixture {
  service: StudyService;
  storage: MemoryStorage;
  clock: FakeClock;
  events: { studyId: string; event: ServerEvent; payload: unknown }[];
}

/** A fresh service; `override` supplies the policy for surrogates other than 'none'. */
export function makeService(opts: { override?: (alg: AlgorithmSpec) => Policy; storage?: MemoryStorage; hardLimitMs?: number } = {}): Fixture {
  const storage = opts.storage ?? new MemoryStorage();
  const clock = new FakeClock();
  const events: Fixture['events'] = [];
  const service = new StudyService({
    storage,
    createPolicy: policyFactory(opts.override),
    createSearchSpace,
    now: clock.now,
    emit: (studyId, event, payload) => events.push({ studyId, event, payload }),
    version: '9.9.9',
    ...(opts.hardLimitMs !== undefined ? { suggestHardLimitMs: opts.hardLimitMs } : {}),
  });
  return { service, storage, clock, events };
}

/** A two-parameter study request (Sobol only unless told otherwise). */
export function branin(extra: Record<string, unknown> = {}) {
  return {
    name: 'branin',
    space: { x1: { type: 'float' as const, low: -5, high: 10 }, x2: { type: 'float' as const, low: 0, high: 15 } },
    objectives: { loss: 'minimize' as const },
    algorithm: { surrogate: 'none' as const, acquisition: 'log-ei' as const, seed: 1 },
    ...extra,
  };
}

/** Branin-Hoo, minimum 0.397887 (Dixon & Szegö 1978). */
export function braninValue(p: Record<string, unknown>): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const a = 1, b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
  return a * (x2 - b * x1 * x1 + c * x1 - r) ** 2 + s * (1 - t) * Math.cos(x1) + s;
}

/** One ask of runBranin: the suggested parameters and the ask's diagnostics. */
export interface BraninAsk {
  readonly params: Record<string, unknown>;
  readonly diagnostics: Record<string, unknown>;
}

/**
 * `asks` sequential ask/tell rounds of a Branin study (seed 11, 5 initial trials, `algorithm` on top)
 * through StudyService over memory storage with the production createPolicy: what a client sees.
 */
export async function runBranin(algorithm: Record<string, unknown>, asks: number): Promise<BraninAsk[]> {
  const clock = new FakeClock();
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy: (a, extras) => createPolicy(a, extras), createSearchSpace, now: clock.now, emit: () => {}, version: '9.9.9' });
  const study = await service.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { seed: 11, initialTrials: 5, ...algorithm } })) as never);
  const studyId = (study as { id: string }).id;
  const out: BraninAsk[] = [];
  for (let i = 0; i < asks; i++) {
    const { trials } = (await service.handle('trial:ask', Requests['trial:ask'].parse({ studyId }) as never)) as { trials: { id: string; params: Record<string, unknown>; diagnostics?: Record<string, unknown> }[] };
    const t = trials[0];
    out.push({ params: t.params, diagnostics: t.diagnostics ?? {} });
    await service.handle('trial:tell', Requests['trial:tell'].parse({ studyId, trialId: t.id, values: { loss: braninValue(t.params) } }) as never);
    clock.advance(1);
  }
  return out;
}
