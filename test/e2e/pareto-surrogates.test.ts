/**
 * Two-objective studies on each surrogate the multi-outcome policy newly accepts (stp,
 * deep-ensemble, bnn-sghmc, hmc-bnn with its default moment-matched posterior) through the real
 * server (port 0) and the real SDK: asks after the initial design are model asks (never a
 * fallback), two studies with the same seed and the same tells get the same trials (determinism
 * by seed through the service and its compute pool), and the Pareto front over the SDK and REST
 * equals a brute-force front computed here (dominance by definition).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverAndClientPerFile } from './harness.js';

const ctx = serverAndClientPerFile();
const SPACE = { x: { type: 'float' as const, low: 0, high: 1 }, y: { type: 'float' as const, low: 0, high: 1 } };
/** Two conflicting objectives: acc (maximized) peaks at x = 0.8, latency (minimized) grows with x. */
const evaluate = (p: { x: number; y: number }) => ({ acc: 1 - (p.x - 0.8) ** 2 - 0.2 * (p.y - 0.5) ** 2, latency: 1 + 3 * p.x * p.x + 0.5 * p.y });

function bruteFront(rows: { acc: number; latency: number }[]): number[] {
  return rows.flatMap((a, i) => (rows.some((b) => b.acc >= a.acc && b.latency <= a.latency && (b.acc > a.acc || b.latency < a.latency)) ? [] : [i]));
}

// Small settings keep the fits around a second each (as test/policy/ensemble-surrogates.test.ts).
const CASES: [string, Record<string, unknown>][] = [
  ['stp', { restarts: 0, maxIterations: 40 }],
  ['deep-ensemble', { members: 3, steps: 200, widths: [10] }],
  ['bnn-sghmc', { widths: [10], burnIn: 300, samplesPerChain: 8, thin: 10 }],
  ['hmc-bnn', { widths: [8], warmup: 60, samplesPerChain: 10, leapfrog: 10, pretrainSteps: 50, chains: 2, engine: 'js' }],
];

for (const [surrogate, surrogateOptions] of CASES) {
  test(`2 objectives on ${surrogate}: model asks, the same trials for the same seed, the Pareto front over the SDK and REST`, async () => {
    const run = async (name: string) => {
      const study = await ctx.client.createStudy({ name, space: SPACE, objectives: { acc: 'maximize', latency: 'minimize' }, algorithm: { surrogate, surrogateOptions, initialTrials: 3, seed: 4 } } as never);
      assert.equal(study.info.effectiveAlgorithm?.policy, 'multi-outcome');
      assert.equal(study.info.effectiveAlgorithm?.acquisition, 'qlognehvi');
      const told: { id: string; params: { x: number; y: number }; values: { acc: number; latency: number } }[] = [];
      for (let t = 0; t < 6; t++) {
        const [trial] = await study.ask();
        const params = trial.params as { x: number; y: number };
        const values = evaluate(params);
        await study.tell(trial.id, values);
        told.push({ id: trial.id, params, values });
      }
      return { study, told };
    };
    const a = await run(`${surrogate}-a`);
    const b = await run(`${surrogate}-b`);
    assert.deepEqual(b.told.map((t) => t.params), a.told.map((t) => t.params), 'same seed, same tells: same trials');
    if (surrogate === 'hmc-bnn') assert.ok(a.study.info.effectiveAlgorithm?.notes?.some((n) => n.includes('kept networks jointly')), 'the notes say how the moment-matched posterior is drawn');

    const phases = (await a.study.trials()).map((tr) => tr.diagnostics?.phase);
    assert.deepEqual(phases.filter((p) => p !== 'initial-design'), ['model', 'model', 'model'], `phases: ${phases.join(',')}`);

    const expected = bruteFront(a.told.map((t) => t.values)).map((i) => a.told[i].id).sort();
    const front = await a.study.paretoFront();
    assert.deepEqual(front.trials.map((tr) => tr.id).sort(), expected);
    assert.equal(front.completed, 6);
    assert.ok(front.hypervolume > 0, `hypervolume ${front.hypervolume}`);
    const rest = (await (await fetch(`${ctx.server.url}/v1/studies/${a.study.id}/pareto`)).json()) as { ok: boolean; data: { hypervolume: number; trials: { id: string }[] } };
    assert.ok(rest.ok);
    assert.equal(rest.data.hypervolume, front.hypervolume);
    assert.deepEqual(rest.data.trials.map((tr) => tr.id).sort(), expected);
  });
}
