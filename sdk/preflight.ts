import { MAX_PAYLOAD_BYTES } from '../protocol/messages.js';
import type { FieldIssue } from '../protocol/errors.js';
import { SdkError } from './errors.js';

/**
 * Deepest nesting the SDK will hand to socket.io. The wire's own fields nest at most ~6 levels and
 * free-form ones 8 (protocol/json-bounds.ts); socket.io-client's encoder recurses and overflows the
 * stack near 5,000, so anything past this is refused here with its path instead.
 */
export const MAX_SEND_DEPTH = 64;

/** Bytes socket.io adds around a payload: packet type, ack id, the event name array. */
const FRAMING_BYTES = 64;

type Path = (string | number)[];

/** The first value JSON cannot carry faithfully (NaN/Infinity become null) or nesting past MAX_SEND_DEPTH. */
function firstProblem(payload: unknown): FieldIssue | undefined {
  interface Node { value: unknown; key: string | number | null; parent: Node | null; depth: number }
  const pathOf = (n: Node): Path => {
    const out: Path = [];
    for (let at: Node | null = n; at && at.key !== null; at = at.parent) out.push(at.key);
    return out.reverse();
  };
  const stack: Node[] = [{ value: payload, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: pathOf(node), message: `must be a finite number, not ${String(v)} (JSON would send null)` };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= MAX_SEND_DEPTH) return { path: pathOf(node), message: `nested deeper than ${MAX_SEND_DEPTH} levels` };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, value] of entries) stack.push({ value, key, parent: node, depth: node.depth + 1 });
  }
  return undefined;
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
  const bytes = new TextEncoder().encode(JSON.stringify([event, payload]) ?? '').length + FRAMING_BYTES;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new SdkError('INVALID_ARGUMENT', `${event}: the message is ${bytes} bytes, over the server's limit of ${MAX_PAYLOAD_BYTES} bytes (MAX_PAYLOAD_BYTES)`, [
      { path: [], message: `message larger than ${MAX_PAYLOAD_BYTES} bytes` },
    ]);
  }
}
