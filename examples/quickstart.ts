/** The 10-line example of the README: Branin with a GP. Run a server first (`npm start`), then `npx tsx examples/quickstart.ts [url]`. */
import { connect } from 'bayesopt-service/sdk';

const branin = ({ x1, x2 }: { x1: number; x2: number }) =>
  (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;

const client = await connect(process.argv[2] ?? process.env.BO_URL ?? 'http://127.0.0.1:7700', { token: process.env.BO_TOKEN });
const study = await client.createStudy({
  name: 'branin',
  space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
  objectives: { loss: 'minimize' },
  algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 8, seed: 1 },
});
const best = await study.optimize(async (p) => ({ loss: branin(p) }), { trials: 30, concurrency: 4 });
console.log(`best loss ${best?.values?.loss} at`, best?.params);
client.close();
