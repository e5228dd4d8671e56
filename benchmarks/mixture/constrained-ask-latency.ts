/**
 * In-process ask latency of a constrained 30-component mixture study (the policy the server builds
 * for it: GP + the default acquisition), at N completed observations: N feasible mixtures from the
 * space's own Sobol design with a smooth synthetic loss, then `asks` sequential asks; prints
 * per-ask total / fit / acquisition ms, and checks every asked point against the spec's bounds.
 *   npx tsx benchmarks/mixture/constrained-ask-latency.ts [N=600] [asks=3] [fitRows]
 * fitRows: the GP's hyperparameter rows (surrogates/gp/fit-subset.ts; default the GP's, 256;
 * 1000000 = the exact fit on all rows, the behaviour before issue 22). SHOW_MODEL=1 prints the
 * model's diagnostics (without lengthscales). Each ask's CPU time is printed next to its wall time.
 */
import { createRng } from '../../core/rng.js';
import { createSearchSpace } from '../../core/search-space.js';
import { mixtureBounds, mixtureViolation } from '../../core/mixture-constraints.js';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { SimplexParam } from '../../protocol/space.js';
import { createPolicy } from '../../policy/create-policy.js';
import type { Observation, PolicyState } from '../../policy/types.js';

const N = Number(process.argv[2] ?? 600);
const asks = Number(process.argv[3] ?? 3);
const K = 30;
const comps = Array.from({ length: K }, (_, i) => `d${i}`);
const mix: SimplexParam = {
  type: 'simplex',
  components: comps,
  min: { d0: 0.1, d1: 0.05 },
  max: { d2: 0.2, d3: 0.04 },
  tokens: { available: Object.fromEntries(comps.map((c, i) => [c, i < 3 ? 60 : 1 + (i % 7)])), totalTokens: 100, maxEpochs: 4 },
  minWeight: 0.02,
};
const space = createSearchSpace({ mix });
const bounds = mixtureBounds(mix);
const loss = (w: Record<string, number>) => comps.reduce((s, c, i) => s + (i + 1) * (w[c]! - 1 / K) ** 2, 0);
const fitRows = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const algorithm = AlgorithmSpec.parse({ seed: 1, initialTrials: 8, ...(fitRows !== undefined ? { surrogateOptions: { fitRows } } : {}) });
const policy = createPolicy(algorithm, {});
const design = space.sample(N, createRng(5));
const completed: Observation[] = Array.from({ length: N }, (_, i) => {
  const params = space.decode(design.data.subarray(i * space.dim, (i + 1) * space.dim));
  return { params, value: loss(params.mix as Record<string, number>) };
});
let state: PolicyState | undefined;
for (let i = 0; i < asks; i++) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  const d = await policy.suggest({ space, algorithm, direction: 'minimize', completed, pending: [], count: 1, state });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c0);
  state = d.state;
  const w = d.suggestions[0]!.mix as Record<string, number>;
  const bad = mixtureViolation(comps.map((c) => w[c]!), bounds, comps);
  completed.push({ params: d.suggestions[0]!, value: loss(w) });
  if (process.env.SHOW_MODEL) console.log(JSON.stringify(Object.fromEntries(Object.entries((d.diagnostics.model ?? {}) as Record<string, unknown>).filter(([k]) => !k.startsWith("lengthscale")))));
  console.log(`ask at ${completed.length - 1} observations (${d.diagnostics.phase}): ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (fit ${Number(d.diagnostics.fitMs ?? 0).toFixed(0)}, acquisition ${Number(d.diagnostics.acquireMs ?? 0).toFixed(0)}), feasible: ${bad === null ? 'yes' : bad.message}`);
}
