/**
 * Data-mixture search with cheap proxy models as low fidelities (ADMIRE-style), against a running
 * server: 3 parallel workers each "train" a model of the asked size on the asked mixture and tell
 * its validation loss and the cost it took. The training run is a synthetic mixing law here
 * (loss falls with the log of each domain's weight, with domain-specific value and a size-dependent
 * scale), so the script runs anywhere; replace `train` with your training job.
 * Run a server (`npm start`), then `npx tsx examples/data-mixture.ts [url] [budget] [--pool]`.
 * With --pool the study gets a fixed menu of 60 mixtures (a candidate pool, every mixture
 * available at every size): asks then pick only menu rows, each trial names its row
 * (diagnostics.poolRow), and when the menu is used up the server answers FAILED_PRECONDITION.
 */
import { connect, SdkError } from 'bayesopt-service/sdk';

const DOMAINS = ['web', 'code', 'math', 'books', 'dialogue'] as const;
const SIZES = [
  { value: '60M', cost: 0.06 },
  { value: '300M', cost: 0.3 },
  { value: '1B', cost: 1 },
] as const;

/** A mixing law: L(w, size) = floor(size) + Σ_k a_k·(w_k + 0.01)^(−b), plus run-to-run noise. */
function train(mix: Record<(typeof DOMAINS)[number], number>, size: string): { loss: number; cost: number } {
  const value = { web: 0.6, code: 0.35, math: 0.3, books: 0.45, dialogue: 0.15 };
  const floor = size === '1B' ? 2.0 : size === '300M' ? 2.4 : 2.9;
  const b = size === '1B' ? 0.22 : 0.18;
  let loss = floor;
  for (const k of DOMAINS) loss += 0.08 * value[k] * (mix[k] + 0.01) ** -b;
  loss += 0.005 * (Math.random() - 0.5);
  return { loss, cost: SIZES.find((s) => s.value === size)!.cost };
}

const args = process.argv.slice(2).filter((a) => a !== '--pool');
const poolMode = process.argv.includes('--pool');
const url = args[0] ?? process.env.BO_URL ?? 'http://127.0.0.1:7700';
const budget = Number(args[1] ?? 8);

/** A fixed menu of n mixtures: flat Dirichlet draws from a small seeded generator (reproducible). */
function menu(n: number, seed = 1): number[][] {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => {
    const g = DOMAINS.map(() => -Math.log(u()));
    const t = g.reduce((a, b) => a + b, 0);
    return g.map((v) => v / t);
  });
}

const workers = await Promise.all([0, 1, 2].map((w) => connect(url, { token: process.env.BO_TOKEN, clientId: `trainer-${w}` })));
const study = await workers[0].createStudy({
  name: 'mixture-search',
  space: {
    mix: { type: 'simplex', components: [...DOMAINS] },
    size: { type: 'fidelity', levels: [...SIZES], target: '1B' },
  },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'gp', acquisition: 'mf-mes', initialTrials: 4, seed: 7 },
  // Pool mode: weights in component order, no size column (every row at every size).
  ...(poolMode ? { pool: { columns: ['mix'], rows: menu(60).map((w) => [w]) } } : {}),
});

let spent = 0;
await Promise.all(
  workers.map(async (client) => {
    const mine = await client.getStudy<{ mix: Record<(typeof DOMAINS)[number], number>; size: string }>(study.id);
    while (spent < budget) {
      let trial;
      try {
        [trial] = await mine.ask();
      } catch (e) {
        if (e instanceof SdkError && e.code === 'FAILED_PRECONDITION') {
          console.log(`worker stops: ${e.message}`);
          return;
        }
        throw e;
      }
      const { loss, cost } = train(trial.params.mix, trial.params.size);
      spent += cost;
      await mine.tell(trial.id, { loss }, { cost });
      const sum = DOMAINS.reduce((s, k) => s + trial.params.mix[k], 0);
      const row = poolMode ? ` menu row ${String(trial.diagnostics?.poolRow).padStart(2)}` : '';
      console.log(`#${trial.number} ${trial.params.size.padStart(4)}${row} loss ${loss.toFixed(4)} cost ${cost} (mixture sums to ${sum.toFixed(12)})`);
    }
  }),
);
const trials = await study.trials(['completed']);
const atTarget = trials.filter((t) => t.params.size === '1B').sort((a, b) => a.values!.loss - b.values!.loss);
console.log(`spent ${spent.toFixed(2)} (1B-run units) on ${trials.length} runs; best 1B loss ${atTarget[0]?.values?.loss.toFixed(4) ?? 'none yet'}`, atTarget[0]?.params.mix);
for (const c of workers) c.close();
