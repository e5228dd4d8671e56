/** The bbob options of the benchmark runner: --bbob SET [--functions 1-24] [--dims 2,5,10,20] [--noise none,...]. */
import { BBOB_NOISE, isBbobNoise, type BbobNoise } from '../problems/bbob/noise.js';
import { BBOB_DIMS, INSTANCE_SETS, parseIntList, type InstanceSet } from '../problems/bbob/sets.js';

/** A bbob grid to run. */
export interface BbobArgs {
  readonly set: InstanceSet;
  readonly fids: number[];
  readonly dims: number[];
  readonly noises: BbobNoise[];
}

/** The grid named by the options, or undefined without --bbob; throws on a bad value (naming the option). */
export function parseBbobArgs(opts: ReadonlyMap<string, string>): BbobArgs | undefined {
  const set = opts.get('bbob');
  if (set === undefined) {
    for (const k of ['functions', 'dims', 'noise']) if (opts.has(k)) throw new Error(`--${k} needs --bbob selection|evaluation`);
    return undefined;
  }
  if (!Object.hasOwn(INSTANCE_SETS, set)) throw new Error(`--bbob: '${set}' is not one of ${Object.keys(INSTANCE_SETS).join(', ')}`);
  const fids = parseIntList(opts.get('functions') ?? '1-24');
  for (const f of fids) if (f < 1 || f > 24) throw new Error(`--functions: ${f} is not a bbob function id (1-24)`);
  const dims = parseIntList(opts.get('dims') ?? BBOB_DIMS.join(','));
  for (const d of dims) if (d < 2) throw new Error(`--dims: ${d} is below 2`);
  const noises = (opts.get('noise') ?? 'none').split(',');
  for (const n of noises) if (!isBbobNoise(n)) throw new Error(`--noise: '${n}' is not one of ${BBOB_NOISE.join(', ')}`);
  return { set: set as InstanceSet, fids, dims, noises: noises as BbobNoise[] };
}
