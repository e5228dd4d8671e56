import { z } from 'zod';

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

type Path = (string | number)[];

/**
 * The first violation of `bounds` in `value` as {path, message} (path relative to the field), or
 * undefined. Iterative with parent links, so a hostile value nested 500,000 deep costs one pass
 * and no stack; it stops at the first violation.
 */
export function jsonBoundsIssue(value: unknown, bounds: JsonBounds): { path: Path; message: string } | undefined {
  interface Node { value: unknown; key: string | number | null; parent: Node | null; depth: number }
  const pathOf = (n: Node): Path => {
    const out: Path = [];
    for (let at: Node | null = n; at && at.key !== null; at = at.parent) out.push(at.key);
    return out.reverse();
  };
  const stack: Node[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (v.length > bounds.maxString) return { path: pathOf(node), message: `string longer than ${bounds.maxString} characters` };
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: pathOf(node), message: 'must be a finite number' };
      continue;
    }
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v !== 'object') return { path: pathOf(node), message: `${typeof v} is not a JSON value` };
    const depth = node.depth + 1;
    if (depth > bounds.maxDepth) return { path: pathOf(node), message: `nested deeper than ${bounds.maxDepth} levels` };
    if (Array.isArray(v)) {
      if (v.length > bounds.maxItems) return { path: pathOf(node), message: `array longer than ${bounds.maxItems} items` };
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], key: i, parent: node, depth });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > bounds.maxKeys) return { path: pathOf(node), message: `object with more than ${bounds.maxKeys} keys` };
    for (const k of keys) {
      const child: Node = { value: (v as Record<string, unknown>)[k], key: k, parent: node, depth };
      if (k.length > bounds.maxString) return { path: pathOf(child), message: `key longer than ${bounds.maxString} characters` };
      stack.push(child);
    }
  }
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
