/**
 * The ask hands a learning-curve study's pruned trials to the policy as observations (issue 19):
 * a recording policy sees, after the completed observations, one observation per pruned trial whose
 * value and variance equal forecastFinals called directly on the same curves (the test's own
 * reference), and not the pruned point among the excluded ones. Without a compute plane the
 * forecast runs where the policy runs (this thread); with a plane and a cheap phase (the initial
 * design) nothing is forecast and the point stays excluded, as the diagnostics say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchSpace } from '../../core/search-space.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import { forecastFinals, type CurveTrial } from '../../policy/pruners/curve-forecast.js';
import type { Policy, SuggestRequest } from '../../policy/types.js';
import { decide, type AskOptions } from '../../server/ask.js';
import type { ComputePlane } from '../../server/compute/types.js';
import { silentLogger } from '../../server/logger.js';
import type { PartialRunsInput } from '../../policy/pruners/partial-runs.js';
import type { StudyRuntime } from '../../server/study-setup.js';

const SPACE = { x: { type: 'float', low: 0, high: 1 } } as const;
const space = createSearchSpace(SPACE);
const settings = { maxSteps: 15, scale: 'log', maxCurves: 64 } as const;
const curve = (a: number, tau: number, upTo: number) => Array.from({ length: upTo }, (_, i) => ({ step: i + 1, value: a + 2 * Math.exp(-(i + 1) / tau) }));
const finished: CurveTrial[] = [
  ...Array.from({ length: 4 }, (_, i): CurveTrial => ({ id: `c${i}`, params: { x: i / 4 }, state: 'completed', curve: curve(0.1 * (i + 1), 3 + i, 15), value: 0.1 * (i + 1) })),
  { id: 'p', params: { x: 0.9 }, state: 'pruned', curve: curve(1.8, 2, 5) },
];
const completed = finished.filter((t) => t.state === 'completed').map((t) => ({ params: t.params, value: t.value! }));
const partialRuns: PartialRunsInput = { trials: finished, settings, outsideWindow: 0 };

/** A runtime whose policy records its request and answers the centre. */
function runtime(initialTrials: number, seen: SuggestRequest[]): StudyRuntime {
  const policy: Policy = {
    suggest: async (request) => {
      seen.push(request);
      return { suggestions: [{ x: 0.5 }], state: {}, diagnostics: { phase: 'model' } };
    },
  } as Policy;
  const algorithm = AlgorithmSpec.parse({ surrogate: 'gp', seed: 1, initialTrials, pruner: { type: 'learning-curve', maxSteps: 15, scale: 'log' } });
  return { study: { id: 's', objectives: { loss: 'minimize' }, algorithm, space: SPACE }, space, policy } as unknown as StudyRuntime;
}

function options(compute?: ComputePlane): AskOptions {
  return {
    count: 1, now: 0, timeBudgetMs: 10_000, hardLimitMs: 60_000, signal: new AbortController().signal, logger: silentLogger, onProgress: () => {},
    createPolicy: () => { throw new Error('no fallback expected'); },
    ...(compute ? { compute } : {}),
  };
}

test('without a compute plane the policy sees the pruned trial as its forecast final with the forecast variance', async () => {
  const seen: SuggestRequest[] = [];
  const decision = await decide(runtime(4, seen), completed, [], 1, options(), undefined, [], { partialRuns });
  const direct = forecastFinals(space, finished, ['p'], settings);
  assert.ok(direct.ok);
  const f = direct.forecasts.get('p')!;
  const request = seen[0]!;
  assert.equal(request.completed.length, 5);
  assert.deepEqual(request.completed.slice(0, 4), completed);
  assert.deepEqual(request.completed[4], { params: { x: 0.9 }, value: f.value, variance: f.valueVariance });
  assert.deepEqual(request.excluded, []);
  assert.deepEqual(decision.diagnostics.partialRuns, { forecast: 1, ignored: 0 });
});

test('with a compute plane, a cheap phase stays on this thread without forecasting: the pruned point stays excluded', async () => {
  const seen: SuggestRequest[] = [];
  const plane = { suggest: () => { throw new Error('a cheap phase must not reach the plane'); } } as unknown as ComputePlane;
  const decision = await decide(runtime(50, seen), completed, [], 1, options(plane), undefined, [], { partialRuns });
  assert.deepEqual(seen[0]!.completed, completed);
  assert.deepEqual(seen[0]!.excluded, [{ x: 0.9 }]);
  assert.deepEqual(decision.diagnostics.partialRuns, { forecast: 0, ignored: 1, reason: 'initial design or fallback: no model is fitted, pruned trials are excluded points' });
});

test('with a compute plane and a model phase, the job carries the curves for the worker to forecast', async () => {
  let job: unknown;
  const plane = { suggest: async (_id: string, j: unknown) => { job = j; return { suggestions: [{ x: 0.5 }], state: {}, diagnostics: { phase: 'model' } }; } } as unknown as ComputePlane;
  await decide(runtime(4, []), completed, [], 1, options(plane), undefined, [], { partialRuns });
  const sent = job as { partialRuns: PartialRunsInput; completed: unknown[]; excluded?: unknown[] };
  assert.deepEqual(sent.partialRuns, partialRuns);
  assert.deepEqual(sent.completed, completed, 'the worker appends the forecasts itself');
  assert.equal(sent.excluded, undefined);
});
