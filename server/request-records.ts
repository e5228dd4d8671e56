import { BoError } from '../core/errors.js';

/** The idempotency record of an earlier request: its kind must match, its result lists trial ids. */
export function requestTrialIds(record: { kind: string; result: unknown }, kind: string): string[] {
  if (record.kind !== kind) throw new BoError('CONFLICT', `requestId was already used for a '${record.kind}' request`);
  const r = record.result as unknown;
  const list = Array.isArray(r) ? r : typeof r === 'object' && r !== null ? ((r as { trialIds?: unknown; ids?: unknown; trials?: unknown }).trialIds ?? (r as { ids?: unknown }).ids ?? (r as { trials?: unknown }).trials) : undefined;
  if (!Array.isArray(list)) throw new BoError('INTERNAL', 'stored request result is unreadable');
  return list.map((x) => (typeof x === 'string' ? x : String((x as { id?: unknown }).id)));
}
