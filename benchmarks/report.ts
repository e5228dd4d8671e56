import type { RunResult } from './loop.js';
import type { PeerTable } from './peers.js';
import { fmt, mean, median, quantile } from './stats.js';

/** Checkpoints (evaluation counts) reported as in peers.md. */
export const CHECKPOINTS = [25, 50, 100] as const;

/** Summary of the runs of one algorithm on one problem. */
export interface Summary {
  readonly problem: string;
  readonly algorithm: string;
  readonly seeds: number;
  readonly budget: number;
  readonly final: { median: number; q1: number; q3: number };
  /** Median regret at each checkpoint (NaN where the budget is shorter). */
  readonly at: Record<number, number>;
  /** Median over runs of the run's mean ms per ask; and the same over model asks only. */
  readonly msPerAsk: number;
  readonly msPerModelAsk: number;
  readonly fallbacks: number;
  /** Model asks answered by a stand-in model (RunResult.modelFallbacks), summed over runs. */
  readonly modelFallbacks: number;
}

/**
 * Group runs by problem and algorithm and summarise them (order of first appearance). `groupOf`
 * maps a problem name to its row (bbob: the cell over instances, cellOf); a row's `problem` is that.
 */
export function summarise(runs: readonly RunResult[], groupOf: (problem: string) => string = (p) => p): Summary[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = `${groupOf(r.problem)}\u0000${r.algorithm}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const finals = rs.map((r) => r.regret[r.regret.length - 1]);
    const at: Record<number, number> = {};
    for (const c of CHECKPOINTS) at[c] = median(rs.filter((r) => r.regret.length >= c).map((r) => r.regret[c - 1]));
    const modelMs = rs.map((r) => mean(r.askMs.filter((_, i) => r.phases[i] === 'model')));
    return {
      problem: groupOf(rs[0].problem),
      algorithm: rs[0].algorithm,
      seeds: rs.length,
      budget: rs[0].budget,
      final: { median: median(finals), q1: quantile(finals, 0.25), q3: quantile(finals, 0.75) },
      at,
      msPerAsk: median(rs.map((r) => mean(r.askMs))),
      msPerModelAsk: median(modelMs.filter(Number.isFinite)),
      fallbacks: rs.reduce((s, r) => s + r.phases.filter((p) => p === 'fallback').length, 0),
      modelFallbacks: rs.reduce((s, r) => s + (r.modelFallbacks ?? 0), 0),
    };
  });
}

/** Markdown table: one row per problem × algorithm. */
export function resultsTable(summaries: readonly Summary[]): string {
  const head = '| problem | algorithm | seeds | budget | final regret median [q1, q3] | @25 | @50 | @100 | ms/ask | ms/model ask | fallbacks | model fallbacks |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = summaries.map(
    (s) =>
      `| ${s.problem} | ${s.algorithm} | ${s.seeds} | ${s.budget} | ${fmt(s.final.median)} [${fmt(s.final.q1)}, ${fmt(s.final.q3)}] | ${CHECKPOINTS.map((c) => fmt(s.at[c])).join(' | ')} | ${fmt(s.msPerAsk)} | ${fmt(s.msPerModelAsk)} | ${s.fallbacks} | ${s.modelFallbacks} |`,
  );
  return [head, sep, ...rows].join('\n');
}

/** Peer columns compared against (peers.md names). */
const TPE = 'optuna_tpe';
const BOTORCH = ['botorch_qlognei', 'botorch_qlognei_v12'] as const;

/**
 * Per problem and model-based algorithm: our median final regret beside the peers', with marks
 * for ≤ Optuna TPE, ≤ each BoTorch column and < random (our random run when present, else the peers').
 */
export function peerTable(summaries: readonly Summary[], peers: PeerTable): string {
  const head = `| problem | algorithm | ours | random | ${TPE} | ${BOTORCH.join(' | ')} | best peer | ≤ TPE | ≤ BoTorch | ≤ BoTorch v12 | < random |`;
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows: string[] = [];
  let wins = { tpe: 0, bt: 0, bt12: 0, rnd: 0, n: 0 };
  for (const s of summaries) {
    if (s.algorithm === 'random' || s.algorithm === 'sobol') continue;
    const p = peers.get(s.problem);
    if (!p) continue;
    const ourRandom = summaries.find((o) => o.problem === s.problem && o.algorithm === 'random');
    const rnd = ourRandom ? ourRandom.final.median : p.random;
    const best = Math.min(...Object.entries(p).filter(([k]) => k !== 'random').map(([, v]) => v));
    const ours = s.final.median;
    const mark = (ok: boolean) => (ok ? 'yes' : '**no**');
    const okTpe = ours <= p[TPE];
    const okBt = ours <= p[BOTORCH[0]];
    const okBt12 = ours <= p[BOTORCH[1]];
    const okRnd = ours < rnd;
    wins = { tpe: wins.tpe + +okTpe, bt: wins.bt + +okBt, bt12: wins.bt12 + +okBt12, rnd: wins.rnd + +okRnd, n: wins.n + 1 };
    rows.push(
      `| ${s.problem} | ${s.algorithm} | ${fmt(ours)} | ${fmt(rnd)} | ${fmt(p[TPE])} | ${BOTORCH.map((b) => fmt(p[b])).join(' | ')} | ${fmt(best)} | ${mark(okTpe)} | ${mark(okBt)} | ${mark(okBt12)} | ${mark(okRnd)} |`,
    );
  }
  if (rows.length === 0) return '(no problem of this run has peer figures)';
  const total = `\nTotals over ${wins.n} rows: ≤ TPE ${wins.tpe}, ≤ BoTorch ${wins.bt}, ≤ BoTorch v12 ${wins.bt12}, < random ${wins.rnd}.`;
  return [head, sep, ...rows].join('\n') + total;
}
