/**
 * The pool model and proxy law resolved at create (policy/mf-model-defaults.ts) and written into the
 * stored spec, so a study keeps them when a default changes: the table of cases written out by
 * hand from the rule (model left out → DEFAULT_POOL_MODEL; 'proxy-mean' without a law → 'auto', without
 * a target model → DEFAULT_TARGET_MODEL;
 * nothing without both a pool and a fidelity parameter), the pin never overwrites what the user
 * gave, and the SDK's line reads the latest trial's law.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlgorithmSpec } from '../../protocol/algorithm.js';
import type { Trial } from '../../protocol/study.js';
import { DEFAULT_POOL_MODEL, DEFAULT_PROXY_DESIGN, DEFAULT_PROXY_STOP_MARGIN, DEFAULT_TARGET_MODEL, implicitPoolModel, JOINT_ONLY_FIELDS, pinMfModel, resolveMfModel } from '../../policy/mf-model-defaults.js';
import { proxyLawLine, proxyLawState } from '../../sdk/proxy-law.js';
import { proxyDesignLine, proxyDesignState } from '../../sdk/proxy-design.js';
import { proxyPhaseLine, proxyPhaseState } from '../../sdk/proxy-phase.js';

test('resolveMfModel: the model and law a study runs', () => {
  const design = DEFAULT_PROXY_DESIGN;
  // The stop margin comes with the sequential design only.
  const margin = (d: string, m = DEFAULT_PROXY_STOP_MARGIN) => (d === 'sequential' ? { proxyStopMargin: m } : {});
  assert.deepEqual(resolveMfModel(undefined, true, true), DEFAULT_POOL_MODEL === 'joint' ? { multiFidelityModel: 'joint' } : { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: design, ...margin(design) });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: design, ...margin(design) });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', proxyLaw: 'linear' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'linear', proxyDesign: design, ...margin(design) });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', proxyDesign: 'fixed' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: 'fixed' });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', proxyDesign: 'sequential' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: 'sequential', proxyStopMargin: DEFAULT_PROXY_STOP_MARGIN });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', proxyStopMargin: 2 }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: design, ...margin(design, 2) });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', targetModel: 'gp' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: 'gp', proxyLaw: 'auto', proxyDesign: design, ...margin(design) });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean', targetModel: 'linear' }, true, true), { multiFidelityModel: 'proxy-mean', targetModel: 'linear', proxyLaw: 'auto', proxyDesign: design, ...margin(design) });
  assert.deepEqual(resolveMfModel({ model: 'joint' }, true, true), { multiFidelityModel: 'joint' });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean' }, false, true), {});
  assert.deepEqual(resolveMfModel(undefined, true, false), {});
});

test("a left-out model is 'joint' when the spec names an acquisition or a field only joint reads, else the default", () => {
  assert.equal(DEFAULT_POOL_MODEL, 'proxy-mean');
  assert.deepEqual(implicitPoolModel(undefined, false), { model: 'proxy-mean' });
  assert.deepEqual(implicitPoolModel({ lowLevelRows: 'twins', proxyLaw: 'gp' }, false), { model: 'proxy-mean' });
  assert.deepEqual(implicitPoolModel(undefined, true), { model: 'joint', why: 'algorithm.acquisition' });
  // Each joint-only field alone, written out by hand from the MF-GP's options (what proxy-mean never reads).
  const one: Record<(typeof JOINT_ONLY_FIELDS)[number], object> = { lowLevelShare: { lowLevelShare: 0.2 }, kernel: { kernel: 'icm' }, maxValueSamples: { maxValueSamples: 4 }, levelStandardize: { levelStandardize: false }, biasScale: { biasScale: false }, levelNoise: { levelNoise: true }, prior: { prior: 'none' }, targetOnly: { targetOnly: true } };
  for (const [field, mf] of Object.entries(one)) assert.deepEqual(implicitPoolModel(mf, false), { model: 'joint', why: `algorithm.multiFidelity.${field}` }, field);
  assert.deepEqual(resolveMfModel({ kernel: 'icm' }, true, true), { multiFidelityModel: 'joint' });
  assert.deepEqual(resolveMfModel(undefined, true, true, true), { multiFidelityModel: 'joint' });
  assert.deepEqual(resolveMfModel({ model: 'proxy-mean' }, true, true, true), { multiFidelityModel: 'proxy-mean', targetModel: DEFAULT_TARGET_MODEL, proxyLaw: 'auto', proxyDesign: DEFAULT_PROXY_DESIGN, proxyStopMargin: DEFAULT_PROXY_STOP_MARGIN });
});

test('pinMfModel writes the resolved fields that MfPolicy would not run by itself into the spec and keeps what the user gave', () => {
  const bare = AlgorithmSpec.parse({ seed: 1 });
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto' });
  assert.equal(pinMfModel(bare, {}), bare);
  // What MfPolicy runs anyway ('joint'; 'linear') is not written in.
  assert.equal(pinMfModel(bare, { multiFidelityModel: 'joint' }), bare);
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'linear' }).multiFidelity, { model: 'proxy-mean' });
  const given = AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean', proxyLaw: 'gp', proxyBudget: 2 } });
  assert.equal(pinMfModel(given, { multiFidelityModel: 'proxy-mean', proxyLaw: 'gp' }), given);
  // The sequential design is written in (MfPolicy runs 'fixed' by itself); 'fixed' is not.
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential' });
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'fixed' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto' });
  const fixedGiven = AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean', proxyDesign: 'fixed' } });
  assert.equal(pinMfModel(fixedGiven, { multiFidelityModel: 'proxy-mean', proxyLaw: 'linear', proxyDesign: 'fixed' }), fixedGiven);
  // The stop margin is written in when it is not MfPolicy's own 0 (what stored sequential studies ran).
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential', proxyStopMargin: 0.75 }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential', proxyStopMargin: 0.75 });
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential', proxyStopMargin: 0 }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto', proxyDesign: 'sequential' });
  const marginGiven = AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean', proxyStopMargin: 0 } });
  assert.equal(pinMfModel(marginGiven, { multiFidelityModel: 'proxy-mean', proxyLaw: 'linear', proxyStopMargin: 0 }), marginGiven);
  // The target model is written in when it is not MfPolicy's own 'linear' (what stored studies ran); one the user gave is kept.
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', targetModel: 'gp' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto', targetModel: 'gp' });
  assert.deepEqual(pinMfModel(bare, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', targetModel: 'linear' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto' });
  const targetGiven = AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean', proxyLaw: 'auto', targetModel: 'linear' } });
  assert.equal(pinMfModel(targetGiven, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto', targetModel: 'linear' }), targetGiven);
  const partly = AlgorithmSpec.parse({ multiFidelity: { model: 'proxy-mean' } });
  assert.deepEqual(pinMfModel(partly, { multiFidelityModel: 'proxy-mean', proxyLaw: 'auto' }).multiFidelity, { model: 'proxy-mean', proxyLaw: 'auto' });
});

test("the SDK's proxy-law line reads the latest trial that reports a law", () => {
  const trial = (number: number, diagnostics: Record<string, unknown> | undefined) => ({ number, diagnostics }) as unknown as Trial;
  const trials = [trial(0, { proxyLaw: { law: 'pending', reason: 'design' } }), trial(1, { proxyLaw: { law: 'gp', reason: 'GP − linear 0.5 ± 0.05' } }), trial(2, undefined), trial(3, { proxyLaw: 'garbled' })];
  assert.deepEqual(proxyLawState(trials), { law: 'gp', trialNumber: 1, reason: 'GP − linear 0.5 ± 0.05' });
  assert.equal(proxyLawLine(trials), 'proxy law gp (trial #1): GP − linear 0.5 ± 0.05');
  assert.equal(proxyLawLine([trial(0, { phase: 'model' })]), undefined);
});

test("the SDK's proxy-design line reads the latest trial that reports a well-formed design state", () => {
  const trial = (number: number, diagnostics: Record<string, unknown> | undefined) => ({ number, diagnostics }) as unknown as Trial;
  const trials = [
    trial(0, { proxyDesign: { phase: 'cheap', size: 128, cap: 256, reason: 'first checkpoint at 128 runs' } }),
    trial(1, { proxyDesign: { phase: 'done', size: 144, cap: 256, reason: 'same at 128 and 144' } }),
    trial(2, undefined),
    trial(3, { proxyDesign: { phase: 'done', size: '144' } }),
  ];
  assert.deepEqual(proxyDesignState(trials), { phase: 'done', size: 144, cap: 256, trialNumber: 1, reason: 'same at 128 and 144' });
  assert.equal(proxyDesignLine(trials), 'cheap design done at 144 of 256 runs (trial #1): same at 128 and 144');
  assert.equal(proxyDesignLine(trials.slice(0, 1)), 'cheap design running, next checkpoint 128 of 256 runs (trial #0): first checkpoint at 128 runs');
  assert.equal(proxyDesignState([trial(0, undefined)]), undefined);
});

test("the SDK's proxy-phase line reads the latest trial a proxy-mean phase asked, with the target model in the model phase", () => {
  const trial = (number: number, diagnostics: Record<string, unknown> | undefined) => ({ number, diagnostics }) as unknown as Trial;
  const trials = [
    trial(0, { phase: 'proxy-design', phaseReason: 'the cheapest-level design: 3 of 4 runs still to ask' }),
    trial(1, { phase: 'model', phaseReason: '2 target results: φ plus a GP', targetModel: { model: 'gp' } }),
    trial(2, { phase: 'fallback', fallbackReason: 'x' }),
    trial(3, undefined),
  ];
  assert.deepEqual(proxyPhaseState(trials), { phase: 'model', targetModel: 'gp', trialNumber: 1, reason: '2 target results: φ plus a GP' });
  assert.equal(proxyPhaseLine(trials), 'phase model, target model gp (trial #1): 2 target results: φ plus a GP');
  assert.equal(proxyPhaseLine(trials.slice(0, 1)), 'phase proxy-design (trial #0): the cheapest-level design: 3 of 4 runs still to ask');
  assert.equal(proxyPhaseState([trial(0, { phase: 'model', targetModel: 'gp' })])?.reason, undefined);
  assert.equal(proxyPhaseLine([trial(0, { phase: 'fallback' })]), undefined);
});
