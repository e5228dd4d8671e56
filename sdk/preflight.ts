import { MAX_PAYLOAD_BYTES } from '../protocol/wire-constants.js';
import type { FieldIssue } from '../protocol/errors.js';
import { findInJson } from '../protocol/json-walk.js';
import { SdkError } from './errors.js';

/**
 * Deepest nesting the SDK will hand to socket.io. The wire's own fields nest at most ~6 levels and
 * free-form ones 8 (protocol/json-bounds.ts); socket.io-client's encoder recurses and overflows the
 * stack near 5,000, so anything past this is refused here with its path instead.
 */
export const MAX_SEND_DEPTH = 64;

/** Bytes socket.io adds around a payload: packet type, ack id, the event name array. */
const FRAMING_BYTES = 64;

/** The first value JSON cannot carry faithfully (NaN/Infinity become null) or nesting past MAX_SEND_DEPTH. */
function firstProblem(payload: unknown): FieldIssue | undefined {
  return findInJson(payload, (v, _key, depth) => {
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `must be a finite number, not ${String(v)} (JSON would send null)`;
    if (typeof v === 'object' && v !== null && depth >= MAX_SEND_DEPTH) return `nested deeper than ${MAX_SEND_DEPTH} levels`;
    return undefined;
  });
}

/**
 * Checks a request before it is sent: values JSON cannot carry and oversized messages are refused
 * as SdkError INVALID_ARGUMENT (not retryable) naming the field or the limit. Without this, NaN
 * arrived as null ("received null") and a message over MAX_PAYLOAD_BYTES made the server drop the
 * connection, which the SDK reported as a retryable disconnect.
 */
export function checkOutgoing(event: string, payload: unknown): void {
  const problem = firstProblem(payload);
  if (problem) {
    const where = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
    throw new SdkError('INVALID_ARGUMENT', `${event}: ${where}${problem.message}`, [problem]);
  }
  const text = JSON.stringify([event, payload]) ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: only a message that could be over the limit is encoded (every ask and tell is far below it).
  if (text.length * 3 + FRAMING_BYTES <= MAX_PAYLOAD_BYTES) return;
  const bytes = new TextEncoder().encode(text).length + FRAMING_BYTES;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new SdkError('INVALID_ARGUMENT', `${event}: the message is ${bytes} bytes, over the server's limit of ${MAX_PAYLOAD_BYTES} bytes (MAX_PAYLOAD_BYTES)`, [
      { path: [], message: `message larger than ${MAX_PAYLOAD_BYTES} bytes` },
    ]);
  }
}
