/**
 * Where a 'proxy-mean' study's sequential cheap design stands, read from the latest trial's
 * `diagnostics.proxyDesign` (policy/proxy-design-sequence.ts): still buying cheap batches, or moved
 * on to the target level, and why. Diagnostics are free-form on the wire, so the shape is checked
 * here; the dashboard's study view and `bayesopt show` print the line.
 */
import type { Trial } from '../protocol/study.js';

/** The design's phase ('cheap' or 'done'), its size so far, its cap, the reporting trial and why. */
export interface ProxyDesignState {
  readonly phase: string;
  readonly size: number;
  readonly cap: number;
  readonly trialNumber: number;
  readonly reason?: string;
}

/** The latest trial's sequential-design state, or undefined when no trial reports one. */
export function proxyDesignState(trials: readonly Trial[]): ProxyDesignState | undefined {
  for (let i = trials.length - 1; i >= 0; i--) {
    const p = trials[i]!.diagnostics?.proxyDesign as { phase?: unknown; size?: unknown; cap?: unknown; reason?: unknown } | undefined;
    if (typeof p !== 'object' || p === null || typeof p.phase !== 'string' || typeof p.size !== 'number' || typeof p.cap !== 'number') continue;
    return { phase: p.phase, size: p.size, cap: p.cap, trialNumber: trials[i]!.number, ...(typeof p.reason === 'string' ? { reason: p.reason } : {}) };
  }
  return undefined;
}

/** "cheap design done at 144 of 256 runs (trial #150): the top target row …". */
export function proxyDesignLine(trials: readonly Trial[]): string | undefined {
  const s = proxyDesignState(trials);
  if (!s) return undefined;
  const where = s.phase === 'done' ? `done at ${s.size} of ${s.cap} runs` : `running, next checkpoint ${s.size} of ${s.cap} runs`;
  return `cheap design ${where} (trial #${s.trialNumber})${s.reason ? `: ${s.reason}` : ''}`;
}
