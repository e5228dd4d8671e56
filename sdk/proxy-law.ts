/**
 * The proxy law a 'proxy-mean' study runs, read from the latest trial's `diagnostics.proxyLaw`
 * (written by the multi-fidelity policy on each proxy-mean ask; policy/proxy-law-choice.ts).
 * Diagnostics are free-form on the wire, so the shape is checked here; the dashboard's study view
 * shows the line.
 */
import type { Trial } from '../protocol/study.js';

/** The law ('linear', 'gp' or 'pending' during the design), the trial that reported it and why. */
export interface ProxyLawState {
  readonly law: string;
  readonly trialNumber: number;
  readonly reason?: string;
}

/** The latest trial's proxy law, or undefined when no trial was asked by a 'proxy-mean' model with a chosen law. */
export function proxyLawState(trials: readonly Trial[]): ProxyLawState | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const p = trials[i]!.diagnostics?.proxyLaw;
    if (typeof p !== 'object' || p === null || typeof (p as { law?: unknown }).law !== 'string') continue;
    const { law, reason } = p as { law: string; reason?: unknown };
    return { law, trialNumber: trials[i]!.number, ...(typeof reason === 'string' ? { reason } : {}) };
  }
  return undefined;
}

/** "proxy law gp (trial #31): GP − linear held-out log-likelihood …". */
export function proxyLawLine(trials: readonly Trial[]): string | undefined {
  const s = proxyLawState(trials);
  if (!s) return undefined;
  return `proxy law ${s.law} (trial #${s.trialNumber})${s.reason ? `: ${s.reason}` : ''}`;
}
