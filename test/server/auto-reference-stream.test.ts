/**
 * Surrogate 'auto' that keeps its reference candidate (the service's GP) on every ask runs exactly
 * the plain GP study: the same trials, bit for bit, through the service (StudyService over memory
 * storage with the production createPolicy). Reference: a `surrogate: 'gp'` study with the same seed,
 * space and objective, asked and told in the same order. With the default candidates (gp, nngp, stp)
 * and with 'gp' alone, so the other candidates' fits and streams are shown not to move the GP's
 * draws (fit restarts, candidate points, acquisition base samples). Without the reference on the fit's
 * own stream (session 8), the first model ask already differed.
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
  choice?: string;
  phase?: unknown;
  region?: unknown;
}

/** Runs `asks` sequential ask/tell rounds on Branin with the given algorithm; returns what each ask suggested. */
async function run(algorithm: Record<string, unknown>, asks: number): Promise<Asked[]> {
  const clock = new FakeClock();
  const service = new StudyService({ storage: new MemoryStorage(), createPolicy: (a, extras) => createPolicy(a, extras), createSearchSpace, now: clock.now, emit: () => {}, version: '9.9.9' });
  const study = await service.handle('study:create', Requests['study:create'].parse(branin({ algorithm: { seed: 11, initialTrials: 5, ...algorithm } })) as never);
  const studyId = (study as { id: string }).id;
  const out: Asked[] = [];
  for (let i = 0; i < asks; i++) {
    const { trials } = (await service.handle('trial:ask', Requests['trial:ask'].parse({ studyId }) as never)) as { trials: { id: string; params: Record<string, unknown>; diagnostics?: Record<string, unknown> }[] };
    const t = trials[0];
    const auto = t.diagnostics?.auto as { choice: string } | undefined;
    out.push({ params: t.params, phase: t.diagnostics?.phase, region: (t.diagnostics?.trustRegion as { phase?: string } | undefined)?.phase, ...(auto ? { choice: auto.choice } : {}) });
    await service.handle('trial:tell', Requests['trial:tell'].parse({ studyId, trialId: t.id, values: { loss: braninValue(t.params) } }) as never);
    clock.advance(1);
  }
  return out;
}

test("auto keeping the GP on every ask suggests exactly the plain GP study's trials (default candidates, and 'gp' alone)", async () => {
  const asks = 30;
  const gp = await run({ surrogate: 'gp' }, asks);
  assert.equal(gp.filter((a) => a.phase === 'model' || a.phase === 'exploration').length, asks - 5);
  // The GP's default exploratory asks (session 12) are covered: auto, reading the GP's leave-one-out, takes them at the same asks.
  assert.ok(gp.some((a) => a.phase === 'exploration'), gp.map((a) => a.phase).join(','));
  // The run reaches the trust region's local phase, so the region's box (from the GP's lengthscales) is covered too.
  assert.ok(gp.some((a) => a.region === 'local'), gp.map((a) => a.region).join(','));
  // The default candidates with margin 10 (the most the schema allows), so nngp/stp are fitted and scored on every ask but never switched to.
  for (const options of [{ margin: 10 }, { candidates: ['gp'] }]) {
    const label = JSON.stringify(options);
    const auto = await run({ surrogate: 'auto', surrogateOptions: options }, asks);
    // The premise: every model ask kept the GP.
    assert.deepEqual(auto.filter((a) => a.phase === 'model').map((a) => a.choice), gp.filter((a) => a.phase === 'model').map(() => 'gp'), label);
    // Bit for bit: the decoded parameters compare with ===, no tolerance.
    assert.deepEqual(auto.map((a) => a.params), gp.map((a) => a.params), label);
  }
});
