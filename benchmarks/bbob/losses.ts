/**
 * Where the default loses on the bbob grid, and how firmly: compare.ts marks each cell by its medians;
 * this reads the same files and adds (1) the marks tallied per bbob function group × dimension, with
 * the geometric mean of the per-cell ratios (ours + ε) / (peer + ε), and (2) for every cell whose
 * median loses to a peer, the paired count over seeds (seed k is the same instance and noise draw on
 * both sides, benchmarks/README.md) and a one-sided Mann-Whitney p (ours greater), so a loss carried
 * by one middle run can be told from a loss on most instances.
 *
 * Usage: npx tsx benchmarks/bbob/losses.ts FILE... [--ours gp-qlognei] [--seeds N] [--md out.md]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../loop.js';
import { mannWhitneyU } from '../mann-whitney.js';
import { mergeRuns } from '../merge.js';
import { BBOB_GROUPS, bbobGroupOf } from '../problems/bbob/groups.js';
import { cellOf, parseBbobName } from '../problems/bbob/problem.js';
import { readRecords } from '../run-records.js';
import { fmt } from '../stats.js';
import { CMAES, RANDOM, TPE, cells, type Cell } from './compare.js';
import { RATIO_EPS } from './versus.js';

/** The peers a default is held against (the issue's bar), with the column label. */
const PEERS: readonly { label: string; names: readonly string[] }[] = [
  { label: 'TPE', names: [TPE] },
  { label: 'CMA-ES', names: [CMAES] },
  { label: 'random', names: RANDOM },
];

/** Final regret by cell, then algorithm, then seed. */
export type SeedTable = Map<string, Map<string, Map<number, number>>>;

/** The final regret of every bbob run, keyed by cell, algorithm and seed (other problems are ignored). */
export function seedTable(runs: readonly RunResult[]): SeedTable {
  const out: SeedTable = new Map();
  for (const r of runs) {
    if (!parseBbobName(r.problem)) continue;
    const cell = cellOf(r.problem);
    const algos = out.get(cell) ?? new Map<string, Map<number, number>>();
    const seeds = algos.get(r.algorithm) ?? new Map<number, number>();
    seeds.set(r.seed, r.regret[r.regret.length - 1]);
    algos.set(r.algorithm, seeds);
    out.set(cell, algos);
  }
  return out;
}

/** Function id and dimension of a cell name (`bbob_f003_d05`, with or without a noise suffix). */
function cellId(cell: string): { fid: number; dim: number; noise: string } {
  const id = parseBbobName(cell.replace(/_d(\d)/, '_i01_d$1'));
  if (!id) throw new Error(`not a bbob cell: ${cell}`);
  return id;
}

/** The median of the first peer name present in a cell. */
function peerMedian(c: Cell, names: readonly string[]): number | undefined {
  return names.map((n) => c.medians[n]?.median).find((v) => v !== undefined);
}

/** One row of the group tally: cells of one noise × dimension × group, marks per peer, geometric mean ratios. */
export interface GroupRow {
  readonly noise: string;
  readonly dim: number;
  readonly group: string;
  readonly cells: number;
  /** Per peer label: [cells with ours ≤ peer, cells with both, geometric mean of (ours + ε)/(peer + ε)]. */
  readonly vs: Record<string, { atMost: number; both: number; geoMean: number }>;
}

/** compare.ts's marks tallied per noise × dimension × bbob group, in the groups' order. */
export function groupTally(all: readonly Cell[], ours: string): GroupRow[] {
  const rows = new Map<string, { noise: string; dim: number; group: string; cells: number; vs: Record<string, { atMost: number; both: number; logSum: number }> }>();
  for (const c of all) {
    const mine = c.medians[ours]?.median;
    if (mine === undefined) continue;
    const { fid, dim, noise } = cellId(c.cell);
    const group = bbobGroupOf(fid);
    const key = `${noise}|${String(dim).padStart(3, '0')}|${BBOB_GROUPS.indexOf(group)}`;
    const row = rows.get(key) ?? { noise, dim, group: group.label, cells: 0, vs: {} };
    row.cells++;
    for (const p of PEERS) {
      const peer = peerMedian(c, p.names);
      if (peer === undefined) continue;
      const t = row.vs[p.label] ?? { atMost: 0, both: 0, logSum: 0 };
      t.both++;
      if (mine <= peer) t.atMost++;
      t.logSum += Math.log((mine + RATIO_EPS) / (peer + RATIO_EPS));
      row.vs[p.label] = t;
    }
    rows.set(key, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => ({
      noise: r.noise,
      dim: r.dim,
      group: r.group,
      cells: r.cells,
      vs: Object.fromEntries(Object.entries(r.vs).map(([k, t]) => [k, { atMost: t.atMost, both: t.both, geoMean: Math.exp(t.logSum / t.both) }])),
    }));
}

/** A cell whose median loses to a peer, with the paired and rank evidence. */
export interface Loss {
  readonly cell: string;
  readonly peer: string;
  readonly ours: number;
  readonly theirs: number;
  /** (ours + ε) / (peer + ε) of the medians. */
  readonly ratio: number;
  /** Seeds both ran, and on how many of them ours ≤ the peer's run of the same seed. */
  readonly paired: { atMost: number; n: number };
  /** One-sided Mann-Whitney p that ours tends to be larger (the two samples as unpaired). */
  readonly p: number;
}

/** Every cell where ours' median is above a peer's, in cell order, peers in the issue's order. */
export function losses(all: readonly Cell[], table: SeedTable, ours: string): Loss[] {
  const out: Loss[] = [];
  for (const c of all) {
    const mine = c.medians[ours]?.median;
    if (mine === undefined) continue;
    for (const p of PEERS) {
      const name = p.names.find((n) => c.medians[n] !== undefined);
      if (!name || mine <= c.medians[name].median) continue;
      const a = table.get(c.cell)?.get(ours) ?? new Map<number, number>();
      const b = table.get(c.cell)?.get(name) ?? new Map<number, number>();
      const common = [...a.keys()].filter((s) => b.has(s));
      const atMost = common.filter((s) => a.get(s)! <= b.get(s)!).length;
      const theirs = c.medians[name].median;
      out.push({ cell: c.cell, peer: p.label, ours: mine, theirs, ratio: (mine + RATIO_EPS) / (theirs + RATIO_EPS), paired: { atMost, n: common.length }, p: mannWhitneyU([...a.values()], [...b.values()], 'greater').p });
    }
  }
  return out;
}

/** Both tables as markdown. */
export function lossReport(runs: readonly RunResult[], ours: string): string {
  const all = cells(runs);
  const head = `| noise | d | group | cells | ${PEERS.map((p) => `≤ ${p.label}`).join(' | ')} | ${PEERS.map((p) => `geo. mean ours/${p.label}`).join(' | ')} |`;
  const groupRows = groupTally(all, ours).map((r) => {
    const marks = PEERS.map((p) => (r.vs[p.label] ? `${r.vs[p.label].atMost}/${r.vs[p.label].both}` : '–'));
    const geo = PEERS.map((p) => (r.vs[p.label] ? fmt(r.vs[p.label].geoMean) : '–'));
    return `| ${r.noise} | ${r.dim} | ${r.group} | ${r.cells} | ${marks.join(' | ')} | ${geo.join(' | ')} |`;
  });
  const lossRows = losses(all, seedTable(runs), ours).map(
    (l) => `| ${l.cell} | ${l.peer} | ${fmt(l.ours)} | ${fmt(l.theirs)} | ${fmt(l.ratio)} | ${l.paired.atMost}/${l.paired.n} | ${l.p.toFixed(3)} |`,
  );
  return [
    `### ${ours} by bbob function group (medians per cell, as compare.ts)`,
    '',
    head,
    `|---|---|---|---|${PEERS.map(() => '---|').join('')}${PEERS.map(() => '---|').join('')}`,
    ...groupRows,
    '',
    `### Cells where ${ours}'s median loses to a peer`,
    '',
    '| cell | peer | ours | peer | ratio | seeds ours ≤ peer (paired) | Mann-Whitney p (ours greater) |',
    '|---|---|---|---|---|---|---|',
    ...lossRows,
    '',
  ].join('\n');
}

function main(argv: readonly string[]): void {
  const opt = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const ours = opt('--ours') ?? 'gp-qlognei';
  const md = opt('--md');
  const maxSeed = Number(opt('--seeds') ?? Infinity);
  const files = argv.filter((a, i) => (a.endsWith('.json') || a.endsWith('.jsonl')) && argv[i - 1] !== '--md');
  const runs = mergeRuns(files.map(readRecords)).filter((r) => r.seed < maxSeed);
  const text = `${lossReport(runs, ours)}\nWith: npx tsx benchmarks/bbob/losses.ts ${argv.join(' ')}\n`;
  process.stdout.write(text);
  if (md) writeFileSync(md, text);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
