/** `npm run bench -- --help` names every algorithm and problem the runner accepts (README points users to it). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALGORITHMS } from '../../benchmarks/algorithms.js';
import { SUITE } from '../../benchmarks/problems/all.js';
import { parseArgs, usage } from '../../benchmarks/run.js';

test('usage lists every algorithm and core problem, and each listed name parses', () => {
  const text = usage();
  for (const a of Object.keys(ALGORITHMS)) assert.ok(text.includes(a), a);
  for (const p of SUITE) assert.ok(text.includes(p.name), p.name);
  const listed = text.split('\n').find((l) => l.startsWith('algorithms: '))!.slice('algorithms: '.length).split(', ');
  assert.deepEqual(parseArgs(['--algorithms', listed.join(',')]).algorithms, listed);
});
