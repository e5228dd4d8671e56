/** A located problem in a JSON value: the path from the root and what is wrong there. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/** One visited value: its key in its parent, the parent's node, and its depth. */
interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
  depth: number;
}

/** The path from the root to a node (a module function: it runs on every message, and a closure per call costs a defineProperty under tsx). */
function pathOf(n: Node): (string | number)[] {
  const out: (string | number)[] = [];
  for (let at: Node | null = n; at && at.key !== null; at = at.parent) out.push(at.key);
  return out.reverse();
}

/**
 * Visits every value of a JSON-like tree (objects, arrays, scalars) and returns the first problem
 * `check` reports, with its path. `key` is the value's key in its parent (null at the root),
 * `depth` the number of objects/arrays above it; a container is checked before its children.
 * Iterative with parent links (no path copied per node), so a hostile value nested 500,000 deep
 * costs one linear pass and no stack. Shared by the wire bounds, the server's key checks and
 * the SDK's send checks.
 */
export function findInJson(root: unknown, check: (value: unknown, key: string | number | null, depth: number) => string | undefined): JsonProblem | undefined {
  const stack: Node[] = [{ value: root, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const message = check(node.value, node.key, node.depth);
    if (message !== undefined) return { path: pathOf(node), message };
    const v = node.value;
    if (typeof v !== 'object' || v === null) continue;
    const depth = node.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node, depth });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]!], key: keys[i]!, parent: node, depth });
    }
  }
  return undefined;
}
