/** Test helper: how a restarted service runs a study stored before a field of the effective algorithm existed. */
import { Requests } from '../../protocol/messages.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../../protocol/algorithm.js';
import { SobolPolicy } from '../../policy/sobol-policy.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { branin, makeService } from './service-fixture.js';

/**
 * Creates a branin study with `algorithm`, stores a copy whose effective algorithm lacks `field` (a study stored
 * before the field existed), restarts the service on the same storage and asks once in each. Returns the new
 * study's effective algorithm and the specs the policy factory was given for the old copy and the new study.
 */
export async function specsAfterRestart(algorithm: Record<string, unknown>, field: keyof EffectiveAlgorithm): Promise<{ effective: EffectiveAlgorithm; old: AlgorithmSpec; current: AlgorithmSpec }> {
  const storage = new MemoryStorage();
  const seen: AlgorithmSpec[] = [];
  const capture = (alg: AlgorithmSpec) => (seen.push(alg), new SobolPolicy());
  const { service } = makeService({ storage, override: capture });
  const created = (await service.handle('study:create', Requests['study:create'].parse(branin({ algorithm })) as never)) as { id: string };
  const stored = (await storage.getStudy(created.id))!;
  const { [field]: _dropped, ...oldEffective } = stored.effectiveAlgorithm!;
  await storage.createStudy({ ...stored, id: 'stored-before', name: 'stored-before', effectiveAlgorithm: oldEffective as EffectiveAlgorithm });
  seen.length = 0;
  const restarted = makeService({ storage, override: capture });
  await restarted.service.handle('trial:ask', Requests['trial:ask'].parse({ studyId: 'stored-before' }) as never);
  await restarted.service.handle('trial:ask', Requests['trial:ask'].parse({ studyId: created.id }) as never);
  return { effective: stored.effectiveAlgorithm!, old: seen[0], current: seen[1] };
}
