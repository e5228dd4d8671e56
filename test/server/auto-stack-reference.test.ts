/**
 * Surrogate 'auto' with combine 'stack': an ask where stacking puts all the weight on the GP is
 * exactly the plain GP study's ask, through the service (StudyService, memory storage, production
 * createPolicy). Reference: a `surrogate: 'gp'` study with the same seed, space and objective, asked
 * and told in the same order (as auto-reference-stream.test.ts for 'switch'). With candidates ['gp']
 * alone every ask has weight 1 and the whole run must match, exploratory asks and trust region
 * included. (With the default candidates Branin's first model asks already mix nngp in, at n = 5-8,
 * so a prefix comparison has no model ask to compare; test/surrogates/auto/stack-auto.test.ts shows
 * that a weight-1 ask hands the GP candidate's own fitted model to the policy.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import { Requests } from '../../protocol/messages.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { FakeClock, branin, braninValue } from './service-fixture.js';

interface Asked {
  params: Record<string, unknown>;
  phase?: unknown;
  weights?: Record<string, number>;
}

async function run(algorithm: Record<string, unknown>, asks: number): Promise<Asked[]> {
  const clock = new FakeClock();
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy: (a, extras) => createPolicy(a, extras), createSearchSpace, now: clock.now, emit: () => {}, version: '9.9.9' });
  const study = await service.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { seed: 11, initialTrials: 5, ...algorithm } })) as never);
  const studyId = (study as { id: string }).id;
  const out: Asked[] = [];
  for (let i = 0; i < asks; i++) {
    const { trials } = (await service.handle('trial:ask', Requests['trial:ask'].parse({ studyId }) as never)) as { trials: { id: string; params: Record<string, unknown>; diagnostics?: Record<string, unknown> }[] };
    const t = trials[0];
    const auto = t.diagnostics?.auto as { weights?: Record<string, number> } | undefined;
    out.push({ params: t.params, phase: t.diagnostics?.phase, ...(auto?.weights ? { weights: auto.weights } : {}) });
    await service.handle('trial:tell', Requests['trial:tell'].parse({ studyId, trialId: t.id, values: { loss: braninValue(t.params) } }) as never);
    clock.advance(1);
  }
  return out;
}

test("combine 'stack' with all the weight on the GP asks exactly the plain GP study's trials", async () => {
  const asks = 25;
  const gp = await run({ surrogate: 'gp' }, asks);
  const alone = await run({ surrogate: 'auto', surrogateOptions: { combine: 'stack', candidates: ['gp'] } }, asks);
  assert.ok(alone.filter((a) => a.phase === 'model').every((a) => a.weights?.gp === 1));
  // Bit for bit: the decoded parameters compare with ===, no tolerance.
  assert.deepEqual(alone.map((a) => a.params), gp.map((a) => a.params));
});
