/**
 * CSV export and import of a conditional space: an inactive parameter is an empty cell on export
 * and is left out on import (the server then checks that exactly the active ones are present).
 * Round trip: studyCsv -> parseCsv -> csvTrials gives back the stored params exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvTrials, parseCsv } from '../../cli/csv-import.js';
import { studyCsv } from '../../server/csv-export.js';
import type { Study, Trial } from '../../protocol/study.js';
import type { SpaceSpec } from '../../protocol/space.js';

const space: SpaceSpec = {
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
  momentum: { type: 'float', low: 0, high: 1, when: { opt: ['sgd'] } },
  beta2: { type: 'float', low: 0.9, high: 0.9999, when: { opt: ['adam'] } },
  layers: { type: 'int', low: 1, high: 3 },
};

test('conditional params survive a CSV export/import round trip; inactive cells are empty and left out', () => {
  const params = [{ opt: 'sgd', momentum: 0.9, layers: 2 }, { opt: 'adam', beta2: 0.999, layers: 1 }];
  const trials = params.map((p, i) => ({ number: i, id: `t${i}`, state: 'completed', params: p, values: { loss: i + 0.5 }, createdAt: '2026-12-05T00:00:00Z' }) as unknown as Trial);
  const study = { space, objectives: { loss: 'minimize' } } as unknown as Study;
  const csv = studyCsv(study, trials);
  const rows = parseCsv(csv);
  const col = rows[0]!.indexOf('beta2');
  assert.equal(rows[1]![col], '', 'the inactive beta2 of the sgd trial is an empty cell');
  const back = csvTrials(study, rows);
  assert.deepEqual(back.trials.map((t) => t.params), params);
  assert.deepEqual(back.trials.map((t) => t.values), [{ loss: 0.5 }, { loss: 1.5 }]);
});
