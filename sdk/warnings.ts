/**
 * Warnings the SDK raises when the server answered but not as asked: an ask whose trials came from
 * the fallback (the model could not be used: space-filling points instead) or from a stand-in
 * model (e.g. DKL that fitted the default GP). Delivered to `study.on('warning')` and
 * `client.on('warning')` listeners; browser-safe (no process.emitWarning), silent when nobody listens.
 */
import type { Trial } from '../protocol/study.js';

/** One warning about one trial. */
export interface SdkWarning {
  /** 'fallback': `diagnostics.phase` was 'fallback'; 'model-fallback': `diagnostics.modelFallback` was set. */
  readonly kind: 'fallback' | 'model-fallback';
  readonly studyId: string;
  readonly trialId: string;
  readonly trialNumber: number;
  /** The server's reason (`fallbackReason` or `modelFallbackReason`), '' when it gave none. */
  readonly reason: string;
  /** One line for a log. */
  readonly message: string;
}

/** A warning listener. */
export type WarningListener = (warning: SdkWarning) => void;

/** The warnings a batch of asked trials carries (one per trial that fell back). */
export function warningsOf(trials: readonly Trial[]): SdkWarning[] {
  const out: SdkWarning[] = [];
  for (const t of trials) {
    const d = t.diagnostics ?? {};
    const base = { studyId: t.studyId, trialId: t.id, trialNumber: t.number };
    if (d.phase === 'fallback') {
      const reason = typeof d.fallbackReason === 'string' ? d.fallbackReason : '';
      out.push({ ...base, kind: 'fallback', reason, message: `trial ${t.number} of study ${t.studyId} is a space-filling fallback, not a model suggestion: ${reason || 'no reason given'}` });
    } else if (typeof d.modelFallback === 'string') {
      const reason = typeof d.modelFallbackReason === 'string' ? d.modelFallbackReason : '';
      out.push({ ...base, kind: 'model-fallback', reason, message: `trial ${t.number} of study ${t.studyId} was suggested by the stand-in model '${d.modelFallback}': ${reason || 'no reason given'}` });
    }
  }
  return out;
}

/** A set of warning listeners; a throwing listener does not stop the others. */
export class WarningListeners {
  private readonly listeners = new Set<WarningListener>();

  /** Adds a listener; returns the function that removes it. */
  add(listener: WarningListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls every listener with the warning. */
  emit(warning: SdkWarning): void {
    for (const l of this.listeners) {
      try {
        l(warning);
      } catch {
        // A user's listener must not break the ask that raised the warning.
      }
    }
  }
}
