/** A pool row outside a simplex's mixture constraints is refused at create with the cell's and component's path. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoError } from '../../core/errors.js';
import { createSearchSpace } from '../../core/search-space.js';
import { checkPool } from '../../policy/pool.js';

test('pool rows must meet the mixture constraints (max 0.3 on a: row 1 with a = 0.5 is refused)', () => {
  const space = createSearchSpace({ mix: { type: 'simplex', components: ['a', 'b', 'c'], max: { a: 0.3 }, minWeight: 0.1 } });
  assert.doesNotThrow(() => checkPool(space, { columns: ['mix'], rows: [[[0.2, 0.4, 0.4]], [[0, 0.5, 0.5]]] }));
  for (const [row, component] of [[[0.5, 0.25, 0.25], 'a'], [[0.2, 0.75, 0.05], 'c']] as const) {
    assert.throws(() => checkPool(space, { columns: ['mix'], rows: [[[0.2, 0.4, 0.4]], [[...row]]] }), (e: unknown) => {
      assert.ok(e instanceof BoError && e.code === 'INVALID_ARGUMENT');
      assert.deepEqual(e.issues?.[0]?.path, ['pool', 'rows', 1, 0, component]);
      return true;
    });
  }
});
