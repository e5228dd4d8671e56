/**
 * Which phase a 'proxy-mean' study's latest ask ran and why (the cheap design, the verify phase, or
 * the target model and which one), read from that trial's `diagnostics.phase`, `phaseReason` and
 * `targetModel` (policy/proxy-mean-step.ts). Diagnostics are free-form on the wire, so the shape is
 * checked here; `bayesopt show` and the dashboard's study view print the line.
 */
import type { Trial } from '../protocol/study.js';

const PHASES = new Set(['proxy-design', 'proxy-verify', 'model']);

/** The phase, the target model when the phase is 'model', the reporting trial and why. */
export interface ProxyPhaseState {
  readonly phase: string;
  readonly targetModel?: string;
  readonly trialNumber: number;
  readonly reason?: string;
}

/** The latest trial asked by a proxy-mean phase, or undefined when none was. */
export function proxyPhaseState(trials: readonly Trial[]): ProxyPhaseState | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const d = trials[i]!.diagnostics;
    if (typeof d?.phase !== 'string' || !PHASES.has(d.phase)) continue;
    const model = (d.targetModel as { model?: unknown } | undefined)?.model;
    return {
      phase: d.phase,
      ...(typeof model === 'string' ? { targetModel: model } : {}),
      trialNumber: trials[i]!.number,
      ...(typeof d.phaseReason === 'string' ? { reason: d.phaseReason } : {}),
    };
  }
  return undefined;
}

/** "phase model, target model gp (trial #31): 5 target results: φ plus a GP …". */
export function proxyPhaseLine(trials: readonly Trial[]): string | undefined {
  const s = proxyPhaseState(trials);
  if (!s) return undefined;
  return `phase ${s.phase}${s.targetModel ? `, target model ${s.targetModel}` : ''} (trial #${s.trialNumber})${s.reason ? `: ${s.reason}` : ''}`;
}
