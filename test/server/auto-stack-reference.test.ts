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
import { runBranin } from './service-fixture.js';

/** What each ask suggested: its parameters, phase and (under 'stack') the candidates' weights. */
async function run(algorithm: Record<string, unknown>, asks: number) {
  return (await runBranin(algorithm, asks)).map(({ params, diagnostics }) => {
    const auto = diagnostics.auto as { weights?: Record<string, number> } | undefined;
    return { params, phase: diagnostics.phase, ...(auto?.weights ? { weights: auto.weights } : {}) };
  });
}

test("combine 'stack' with all the weight on the GP asks exactly the plain GP study's trials", async () => {
  const asks = 25;
  const gp = await run({ surrogate: 'gp' }, asks);
  const alone = await run({ surrogate: 'auto', surrogateOptions: { combine: 'stack', candidates: ['gp'] } }, asks);
  assert.ok(alone.filter((a) => a.phase === 'model').every((a) => a.weights?.gp === 1));
  // Bit for bit: the decoded parameters compare with ===, no tolerance.
  assert.deepEqual(alone.map((a) => a.params), gp.map((a) => a.params));
});
