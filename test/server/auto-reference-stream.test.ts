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
import { runBranin } from './service-fixture.js';

/** What each ask suggested: its parameters, phase, trust-region phase and auto's choice. */
async function run(algorithm: Record<string, unknown>, asks: number) {
  return (await runBranin(algorithm, asks)).map(({ params, diagnostics }) => {
    const auto = diagnostics.auto as { choice: string } | undefined;
    return { params, phase: diagnostics.phase, region: (diagnostics.trustRegion as { phase?: string } | undefined)?.phase, ...(auto ? { choice: auto.choice } : {}) };
  });
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
