import { z } from 'zod';
import { findInJson, type JsonProblem } from './json-walk.js';

/**
 * Bounds on free-form JSON fields of the wire (values zod would otherwise take as `unknown`):
 * surrogate options, params records, metadata. Issue 14 item 7: a `surrogateOptions` nested
 * 3,000-4,000 deep was stored, and afterwards every socket reply that carried the study failed to
 * encode (socket.io's encoder recurses), so `study:list` timed out for every user. Bounding depth
 * and size where the value enters keeps every stored value encodable and cheap to return.
 */
export interface JsonBounds {
  /** Nesting levels of objects/arrays inside the field (a scalar is 0, `{a: 1}` is 1). */
  readonly maxDepth: number;
  /** Keys of any one object. */
  readonly maxKeys: number;
  /** Items of any one array. */
  readonly maxItems: number;
  /** Characters of any one string (keys included). */
  readonly maxString: number;
  /** Bytes of the whole field as UTF-8 JSON. */
  readonly maxBytes: number;
}

/** The bounds of options objects and metadata: generous for real settings, far below the 1 MB message. */
export const OPTIONS_BOUNDS: JsonBounds = { maxDepth: 8, maxKeys: 256, maxItems: 1024, maxString: 4096, maxBytes: 64 * 1024 };

/** The bounds of one params record (a point of the space: up to 1,024 parameters, simplex values are objects). */
export const PARAMS_BOUNDS: JsonBounds = { maxDepth: 8, maxKeys: 1024, maxItems: 1024, maxString: 4096, maxBytes: 256 * 1024 };

/**
 * The first violation of `bounds` in `value` as {path, message} (path relative to the field), or
 * undefined. One iterative pass (json-walk.ts), so a value nested 500,000 deep is cheap to refuse.
 */
export function jsonBoundsIssue(value: unknown, bounds: JsonBounds): JsonProblem | undefined {
  const found = findInJson(value, (v, key, depth) => {
    if (typeof key === 'string' && key.length > bounds.maxString) return `key longer than ${bounds.maxString} characters`;
    if (typeof v === 'string') return v.length > bounds.maxString ? `string longer than ${bounds.maxString} characters` : undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : 'must be a finite number';
    if (v === null || typeof v === 'boolean') return undefined;
    if (typeof v !== 'object') return `${typeof v} is not a JSON value`;
    if (depth + 1 > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth} levels`;
    if (Array.isArray(v)) return v.length > bounds.maxItems ? `array longer than ${bounds.maxItems} items` : undefined;
    return Object.keys(v).length > bounds.maxKeys ? `object with more than ${bounds.maxKeys} keys` : undefined;
  });
  if (found) return found;
  // Depth is bounded now, so stringify cannot overflow; it measures what storage will hold.
  const bytes = new TextEncoder().encode(JSON.stringify(value) ?? '').length;
  if (bytes > bounds.maxBytes) return { path: [], message: `${bytes} bytes of JSON, more than the limit of ${bounds.maxBytes}` };
  return undefined;
}

/** A zod refinement adding the first bounds violation as an issue at its path under the field. */
export function refineJsonBounds(bounds: JsonBounds) {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const issue = jsonBoundsIssue(value, bounds);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  };
}

/** A free-form JSON object (string keys, any JSON values) within `bounds`. */
export function boundedRecord(bounds: JsonBounds) {
  return z.record(z.string(), z.unknown()).superRefine(refineJsonBounds(bounds));
}
