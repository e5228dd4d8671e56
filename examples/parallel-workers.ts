/**
 * Several workers, each with its own connection, drive one study with explicit ask/tell.
 * Usage: npx tsx examples/parallel-workers.ts [url] [--workers 4] [--trials 40]
 * (url from argv or BO_URL, default http://127.0.0.1:7700; BO_TOKEN when the server needs one).
 */
import { connect, type TypedTrial } from 'bayesopt-service/sdk';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const url = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? process.env.BO_URL ?? 'http://127.0.0.1:7700';
const workers = flag('workers', 4);
const budget = flag('trials', 40);
const token = process.env.BO_TOKEN;

/** Six-hump camel: minimum −1.0316 at (±0.0898, ∓0.7126). */
function camel(x: number, y: number): number {
  return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
}

const admin = await connect(url, { token });
const study = await admin.createStudy({
  name: `camel-${workers}-workers`,
  space: { x: { type: 'float', low: -3, high: 3 }, y: { type: 'float', low: -2, high: 2 } },
  objectives: { f: 'minimize' },
  algorithm: { surrogate: 'gp', acquisition: 'log-ei', seed: 7 },
});
type P = { x: number; y: number };
await study.on('trial:completed', (e) => {
  const t = e.trial;
  if (t) console.log(`#${t.number} f=${t.values?.f?.toFixed(4)}`);
});

let claimed = 0;
async function worker(w: number): Promise<void> {
  const client = await connect(url, { token, clientId: `worker-${w}` });
  const mine = await client.getStudy<P>(study.id);
  try {
    while (claimed++ < budget) {
      const [trial] = (await mine.ask()) as [TypedTrial<P>];
      // Stand-in for an expensive evaluation.
      await new Promise((r) => setTimeout(r, 20 + 30 * Math.random()));
      await mine.tell(trial.id, { f: camel(trial.params.x, trial.params.y) });
    }
  } finally {
    client.close();
  }
}

await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
const best = await study.best();
console.log(`best f=${best?.values?.f} at x=${best?.params.x}, y=${best?.params.y} (optimum -1.0316)`);
admin.close();
