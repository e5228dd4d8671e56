/**
 * Finite conditional spaces (policy/finite-space.ts, policy/conditional-count.ts): the point count
 * is the number of distinct active assignments, checked against brute force (every full
 * assignment reduced to its active part by the reference in test/core/conditional-fixture.ts,
 * then deduplicated); repeats are replaced by valid free points until the space is exhausted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import type { Params, SpaceSpec } from '../../protocol/space.js';
import { cardinality, replaceRepeats, requireFreePoints } from '../../policy/finite-space.js';
import { referenceActive } from '../core/conditional-fixture.js';

const SPEC: SpaceSpec = {
  kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
  n: { type: 'int', low: 1, high: 3, when: { kind: ['a', 'b'] } },
  m: { type: 'int', low: 0, high: 4, when: { n: [2, 3] } },
  flag: { type: 'categorical', choices: [true, false], when: { kind: ['c'] } },
  deep: { type: 'int', low: 1, high: 2, when: { flag: [true], kind: ['c'] } },
};
const space = createSearchSpace(SPEC);

/** Every full assignment, reduced to its active part, deduplicated (brute force). */
function bruteForcePoints(): Params[] {
  const domains: [string, unknown[]][] = Object.entries(SPEC).map(([name, p]) => [name, p.type === 'int' ? Array.from({ length: p.high - p.low + 1 }, (_, i) => p.low + i) : (p as { choices: unknown[] }).choices]);
  let rows: Params[] = [{}];
  for (const [name, values] of domains) rows = rows.flatMap((r) => values.map((v) => ({ ...r, [name]: v as never })));
  const seen = new Map<string, Params>();
  for (const r of rows) {
    const p = referenceActive(SPEC, r);
    seen.set(JSON.stringify(p), p);
  }
  return [...seen.values()];
}

test('cardinality of a finite conditional space is the brute-force count of distinct active assignments', () => {
  const points = bruteForcePoints();
  // a,b: n=1 (1) + n∈{2,3} × m (2·5) = 11 each; c: flag=false (1) + flag=true × deep (2) = 3.
  assert.equal(points.length, 25);
  assert.equal(cardinality(space), points.length);
});

test('replaceRepeats hands out valid free points until the space is exhausted', () => {
  const all = bruteForcePoints();
  const taken: Params[] = all.slice(0, 20);
  const { suggestions, replaced } = replaceRepeats(space, [all[0]!, all[1]!, all[2]!, all[3]!, all[4]!], taken, 7, 20);
  assert.equal(replaced, 5);
  const keys = new Set(all.slice(20).map((p) => JSON.stringify(p)));
  for (const s of suggestions) {
    space.validate(s);
    const key = JSON.stringify(Object.fromEntries(Object.keys(SPEC).filter((n) => n in s).map((n) => [n, s[n]])));
    assert.ok(keys.delete(key), `${key} is not one of the free points (or repeated)`);
  }
  assert.throws(() => requireFreePoints(space, all, 1), (e: unknown) => e instanceof BoError && e.code === 'FAILED_PRECONDITION' && /all 25/.test(e.message));
});
