/**
 * Listeners told once which tensor backend a process selected and why (the server logs it).
 * Separate from backend.ts so that subscribing does not load TensorFlow.js.
 */

/** What a listener hears: the backend, the device running it, and the reason (skipped candidates included). */
export interface TensorBackendSelection {
  readonly name: string;
  readonly device: string;
  readonly reason: string;
  readonly ms: number;
}

const listeners = new Set<(s: TensorBackendSelection) => void>();

/** Calls `listener` on each selection in this process; returns the unsubscribe function. */
export function onTensorBackendSelected(listener: (s: TensorBackendSelection) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener (backend.ts calls this); a throwing listener never breaks a selection. */
export function announceTensorBackend(s: TensorBackendSelection): void {
  for (const l of listeners) {
    try {
      l(s);
    } catch {
      // A logger failing must not fail the fit that triggered the selection.
    }
  }
}
