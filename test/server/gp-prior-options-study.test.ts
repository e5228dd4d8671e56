/**
 * The GP's prior options through the service (StudyService over memory storage, the production
 * createPolicy). `surrogateOptions.trend: 'quadratic'`: the effective algorithm records gpTrend, and each
 * model ask's diagnostics name the trend and its fitted σ_q². `lengthscalePrior`: runs on the default kernel.
 * A bad value of either is refused at create with its field path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { EffectiveAlgorithm } from '../../protocol/algorithm.js';
import { Requests } from '../../protocol/messages.js';
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { StudyService } from '../../server/study-service.js';
import { FakeClock, branin, braninValue } from './service-fixture.js';

function service(): { service: StudyService; clock: FakeClock } {
  const clock = new FakeClock();
  return { clock, service: new StudyService({ storage: new MemoryStorage(), createPolicy: (a, extras) => createPolicy(a, extras), createSearchSpace, now: clock.now, emit: () => {}, version: '9.9.9' }) };
}

test("a 'quadratic' trend study records gpTrend and its model asks' diagnostics name the trend and σ_q²", async () => {
  const { service: s, clock } = service();
  const created = (await s.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { seed: 3, initialTrials: 5, surrogateOptions: { trend: 'quadratic' } } })) as never)) as { id: string; effectiveAlgorithm?: EffectiveAlgorithm };
  assert.equal(created.effectiveAlgorithm?.gpTrend, 'quadratic');
  const models: Record<string, unknown>[] = [];
  for (let i = 0; i < 7; i++) {
    const { trials } = (await s.handle('trial:ask', Requests['trial:ask'].parse({ studyId: created.id }) as never)) as { trials: { id: string; params: Record<string, unknown>; diagnostics?: Record<string, unknown> }[] };
    const model = trials[0].diagnostics?.model as Record<string, unknown> | undefined;
    if (model) models.push(model);
    await s.handle('trial:tell', Requests['trial:tell'].parse({ studyId: created.id, trialId: trials[0].id, values: { loss: braninValue(trials[0].params) } }) as never);
    clock.advance(1);
  }
  assert.ok(models.length >= 1, 'at least one model ask after the 5 initial trials');
  for (const m of models) {
    assert.equal(m.kernel, 'scale(matern52)+quadratic');
    assert.equal(m.trend, 'quadratic');
    assert.ok(typeof m.trendVariance === 'number' && m.trendVariance > 0, JSON.stringify(m));
  }
});

test('an unknown trend is refused at create at algorithm.surrogateOptions.trend', async () => {
  const { service: s } = service();
  await assert.rejects(
    s.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { surrogateOptions: { trend: 'cubic' } } })) as never),
    (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && e.issues?.[0]?.path.join('.') === 'algorithm.surrogateOptions.trend',
  );
});

test("lengthscalePrior: 'dimension-scaled' runs through the service (Matérn-5/2 + outputscale), an unknown prior is refused at its path", async () => {
  const { service: s, clock } = service();
  const created = (await s.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { seed: 3, initialTrials: 5, surrogateOptions: { lengthscalePrior: 'dimension-scaled' } } })) as never)) as { id: string };
  let modelAsks = 0;
  for (let i = 0; i < 6; i++) {
    const { trials } = (await s.handle('trial:ask', Requests['trial:ask'].parse({ studyId: created.id }) as never)) as { trials: { id: string; params: Record<string, unknown>; diagnostics?: Record<string, unknown> }[] };
    const model = trials[0].diagnostics?.model as Record<string, unknown> | undefined;
    if (model) {
      modelAsks++;
      assert.equal(model.kernel, 'scale(matern52)');
    }
    await s.handle('trial:tell', Requests['trial:tell'].parse({ studyId: created.id, trialId: trials[0].id, values: { loss: braninValue(trials[0].params) } }) as never);
    clock.advance(1);
  }
  assert.ok(modelAsks >= 1);
  await assert.rejects(
    s.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { surrogateOptions: { lengthscalePrior: 'half-cauchy' } } })) as never),
    (e: unknown) => e instanceof BoError && e.code === 'INVALID_ARGUMENT' && e.issues?.[0]?.path.join('.') === 'algorithm.surrogateOptions.lengthscalePrior',
  );
});
