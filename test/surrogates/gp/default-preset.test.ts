import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GP_PRESET, GpOptions } from '../../../surrogates/gp/gp-options.js';
import { GpSurrogate } from '../../../surrogates/gp/gp-surrogate.js';
import { createSurrogate } from '../../../surrogates/registry.js';

test('one default GP: surrogate gp, new GpSurrogate() (the DKL fallback) and GpOptions all use DEFAULT_GP_PRESET', () => {
  assert.equal(DEFAULT_GP_PRESET, 'botorch-legacy');
  assert.equal(GpOptions.parse({}).preset, DEFAULT_GP_PRESET);
  assert.equal(new GpSurrogate().options.preset, DEFAULT_GP_PRESET);
  assert.equal((createSurrogate('gp') as GpSurrogate).options.preset, DEFAULT_GP_PRESET);
  // The other preset is still there, by name.
  assert.equal((createSurrogate('gp', { preset: 'botorch' }) as GpSurrogate).options.preset, 'botorch');
});
