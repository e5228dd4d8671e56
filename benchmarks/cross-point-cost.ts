/**
 * CPU cost of the exact GP's joint point moments with a fixed set (FittedGp.crossPredictor(H).point,
 * qLogNEI's per-evaluation work inside the acquisition optimizer; issue 20 "Benchmark speed"), on a
 * default GP fitted (cold, CPU ms printed) to seeded random data at the sizes of a d = 20 bbob run. Prints µs per point and a
 * SHA-256 of every output bit, so two builds can be checked for identical results as well as speed.
 *
 *   node --import tsx benchmarks/cross-point-cost.ts [--n 200] [--d 20] [--h 16] [--points 3000]
 */
import { createHash } from 'node:crypto';
import { createRng } from '../core/rng.js';
import { GpSurrogate } from '../surrogates/gp/gp-surrogate.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const n = option('n', 200);
const d = option('d', 20);
const h = option('h', 16);
const points = option('points', 3000);
const rng = createRng(7);
const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.uniform()) };
const y = Float64Array.from({ length: n }, (_, i) => {
  let s = 0;
  for (let c = 0; c < d; c++) s += (X.data[i * d + c] - 0.5) ** 2;
  return -s + 0.01 * rng.normal();
});
const f0 = process.cpuUsage();
const model = await new GpSurrogate().fit({ X, y }, { rng: createRng(1) });
const fitCpu = process.cpuUsage(f0);
const H = { rows: h, cols: d, data: X.data.slice(0, h * d) };
const predictor = model.crossPredictor(H);
const xs = Float64Array.from({ length: points * d }, () => rng.uniform());
const hash = createHash('sha256');
const bytes = (a: Float64Array | number) => new Uint8Array(a instanceof Float64Array ? a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) : Float64Array.of(a).buffer);
// Warm the JIT, then time.
for (let r = 0; r < 200; r++) predictor.point(xs.subarray((r % points) * d, (r % points + 1) * d));
const c0 = process.cpuUsage();
for (let r = 0; r < points; r++) {
  const p = predictor.point(xs.subarray(r * d, (r + 1) * d));
  hash.update(bytes(p.mean)).update(bytes(p.variance)).update(bytes(Float64Array.from(p.dMean))).update(bytes(Float64Array.from(p.dVariance)));
  hash.update(bytes(Float64Array.from(p.cross))).update(bytes(p.dCross.data));
}
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ n, d, h, points, fitCpuMs: Math.round((fitCpu.user + fitCpu.system) / 1000), usPerPoint: Number(((cpu.user + cpu.system) / points).toFixed(1)), outputHash: hash.digest('hex') }) + '\n');
