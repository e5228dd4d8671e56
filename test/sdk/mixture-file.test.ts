/**
 * The mixture file of a recommendation, parsed back by independent readers: JSON.parse and PyYAML
 * (python3-yaml, YAML 1.1, the strictest common reader about floats and bare keys). Every weight
 * must come back as the same double and every key as a string.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mixtureFile, recommendedMixture, yamlFloat } from '../../sdk/mixture-file.js';
import type { Recommendation } from '../../protocol/study.js';
import { parseWithPyyaml, pyyamlAvailable } from '../support/pyyaml.js';

const weights = { on: 0.30000000000000004, null: 1e-7, web_2: 0, 'code.py': 0.2, 'wiki-en': 0.49999989999999997, yes: 2.5e-21 };
const rec: Recommendation = {
  params: { mix: weights, lr: 0.01, model: '1B' },
  objective: 'loss',
  direction: 'minimize',
  predicted: 2.31,
  interval: { lower: 2.2, upper: 2.42, level: 0.95 },
  model: { kind: 'mf-gp', observations: 40 },
  fidelity: { name: 'model', value: '1B' },
};

describe('mixtureFile', () => {
  it('JSON: the flat map, every weight the same double', () => {
    assert.deepEqual(JSON.parse(mixtureFile(rec, { format: 'json' })), weights);
  });
  it('YAML: PyYAML reads back string keys and the same doubles; the prediction is a comment', { skip: pyyamlAvailable() ? false : 'python3-yaml not installed' }, () => {
    const text = mixtureFile(rec, { format: 'yaml' });
    assert.match(text, /^# recommended mixture: loss \(minimize\) predicted 2.31\n# 95% interval \[2.2, 2.42\]/);
    assert.deepEqual(parseWithPyyaml(text), weights);
  });
  it('YAML floats carry a dot and a signed exponent (YAML 1.1 float syntax)', () => {
    assert.equal(yamlFloat(0), '0.0');
    assert.equal(yamlFloat(1), '1.0');
    assert.equal(yamlFloat(1e-7), '1.0e-7');
    assert.equal(yamlFloat(2.5e-21), '2.5e-21');
    assert.equal(yamlFloat(1e21), '1.0e+21');
  });
  it('picks the only simplex parameter, or the named one; refuses ambiguity and absence', () => {
    assert.deepEqual(recommendedMixture(rec), weights);
    const two = { params: { a: { x: 0.5, y: 0.5 }, b: { u: 1, v: 0 } } };
    assert.throws(() => recommendedMixture(two), /several mixture parameters \(a, b\)/);
    assert.deepEqual(recommendedMixture(two, 'b'), { u: 1, v: 0 });
    assert.throws(() => recommendedMixture(two, 'c'), /'c' is not a mixture parameter/);
    assert.throws(() => recommendedMixture({ params: { x: 1 } }), /no mixture/);
  });
});
