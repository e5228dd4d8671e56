/**
 * The model a pool study with a fidelity parameter runs when `algorithm.multiFidelity` leaves it
 * out, resolved once at create into the effective algorithm and written into the stored spec
 * (pinMfModel), because MfPolicy reads the spec: a study keeps what it was created with when a
 * default changes later, and a study stored before these fields existed keeps MfPolicy's own
 * defaults ('joint'; 'proxy-mean' with the linear law), which are what it ran.
 */
import type { MultiFidelityOptions } from '../protocol/algorithm.js';
import type { AlgorithmSpec, EffectiveAlgorithm } from '../protocol/algorithm.js';

/**
 * `multiFidelity.model` when left out (and the spec names nothing only 'joint' reads, implicitPoolModel):
 * 'proxy-mean' since session 11, with the sequential design's stop margin, by the rule of
 * benchmarks/results/mix11-rule.md on seeds 0-39 (admire-ift 10.98 vs joint's 19.90; regmix-pile 1.160
 * vs 1.126, one-sided "dearer" p = 0.074; RESULTS.md 2026-12-06, session 11). Sessions 9 and 10's
 * candidates had missed it on regmix-pile (p = 0.0058 in session 10).
 */
export const DEFAULT_POOL_MODEL: 'joint' | 'proxy-mean' = 'proxy-mean';

/** multiFidelity fields that only the joint MF-GP reads (proxy-mean runs no acquisition and no MF-GP). */
export const JOINT_ONLY_FIELDS = ['lowLevelShare', 'kernel', 'maxValueSamples', 'levelStandardize', 'biasScale', 'levelNoise', 'prior', 'targetOnly'] as const;

/**
 * The model of a pool study with a fidelity parameter that leaves `model` out: 'joint' when the spec
 * names an acquisition or sets a field only 'joint' reads (so what it asked for runs, as it did before
 * the default changed), else DEFAULT_POOL_MODEL; `why` names the field that chose 'joint'.
 */
export function implicitPoolModel(mf: MultiFidelityOptions | undefined, acquisitionNamed: boolean): { model: 'joint' | 'proxy-mean'; why?: string } {
  if (DEFAULT_POOL_MODEL === 'joint') return { model: 'joint' };
  if (acquisitionNamed) return { model: 'joint', why: 'algorithm.acquisition' };
  const field = JOINT_ONLY_FIELDS.find((f) => mf?.[f] !== undefined);
  return field ? { model: 'joint', why: `algorithm.multiFidelity.${field}` } : { model: DEFAULT_POOL_MODEL };
}
/** `multiFidelity.proxyLaw` of a 'proxy-mean' study when left out (chosen on seeds 0-39, RESULTS.md session 9). */
export const DEFAULT_PROXY_LAW: 'linear' | 'gp' | 'auto' = 'auto';
/**
 * `multiFidelity.proxyDesign` of a 'proxy-mean' study when left out: 'sequential', cheaper than the
 * fixed design on seeds 0-39 of both datasets by the rule of benchmarks/results/mix10-rule.md
 * (admire-ift 10.30 vs 12.01, regmix-pile 1.16 vs 1.256; RESULTS.md 2026-12-06, session 10).
 */
export const DEFAULT_PROXY_DESIGN: 'fixed' | 'sequential' = 'sequential';

/**
 * `multiFidelity.proxyStopMargin` of a sequential design when left out (policy/proxy-design-margin.ts):
 * chosen on regmix-pile and admire-ift seeds 100–119 only, adopted by the second clause of
 * benchmarks/results/mix11-rule.md on seeds 0–39 (benchmarks/RESULTS.md 2026-12-06, session 11).
 */
export const DEFAULT_PROXY_STOP_MARGIN: number = 0.75;

/**
 * `multiFidelity.targetModel` of a 'proxy-mean' study when left out (policy/proxy-target-gp.ts): 'gp'
 * since session 12, by the rule of benchmarks/results/mix12-rule.md on seeds 0–39 (admire-ift 9.57 vs
 * 10.98, one-sided "dearer" p = 0.91; regmix-pile 1.160 vs 1.160, p = 0.50; RESULTS.md 2026-12-06,
 * session 12). MfPolicy's own default stays 'linear', what stored studies ran.
 */
export const DEFAULT_TARGET_MODEL: 'linear' | 'gp' = 'gp';

type Resolved = Pick<EffectiveAlgorithm, 'multiFidelityModel' | 'proxyLaw' | 'proxyDesign' | 'proxyStopMargin' | 'targetModel'>;

/** The model and proxy law a study will run (none without both a pool and a fidelity parameter); `acquisitionNamed`: the spec names an acquisition. */
export function resolveMfModel(mf: MultiFidelityOptions | undefined, fidelity: boolean, pool: boolean, acquisitionNamed = false): Resolved {
  if (!(fidelity && pool)) return {};
  const model = mf?.model ?? implicitPoolModel(mf, acquisitionNamed).model;
  if (model !== 'proxy-mean') return { multiFidelityModel: model };
  const proxyDesign = mf?.proxyDesign ?? DEFAULT_PROXY_DESIGN;
  return {
    multiFidelityModel: model,
    proxyLaw: mf?.proxyLaw ?? DEFAULT_PROXY_LAW,
    proxyDesign,
    ...(proxyDesign === 'sequential' ? { proxyStopMargin: mf?.proxyStopMargin ?? DEFAULT_PROXY_STOP_MARGIN } : {}),
    targetModel: mf?.targetModel ?? DEFAULT_TARGET_MODEL,
  };
}

/** What MfPolicy runs when the spec leaves the fields out (what studies stored before them ran). */
const POLICY_DEFAULTS = { model: 'joint', proxyLaw: 'linear', proxyDesign: 'fixed', proxyStopMargin: 0, targetModel: 'linear' } as const;

/**
 * The spec with the resolved model and proxy law written in where the user left them out and they
 * differ from MfPolicy's own defaults (a spec that leaves out what MfPolicy would run anyway stays
 * as the user sent it).
 */
export function pinMfModel(algorithm: AlgorithmSpec, effective: Resolved): AlgorithmSpec {
  const mf = algorithm.multiFidelity ?? {};
  const pinned = {
    ...mf,
    ...(mf.model === undefined && effective.multiFidelityModel !== undefined && effective.multiFidelityModel !== POLICY_DEFAULTS.model ? { model: effective.multiFidelityModel } : {}),
    ...(mf.proxyLaw === undefined && effective.proxyLaw !== undefined && effective.proxyLaw !== POLICY_DEFAULTS.proxyLaw ? { proxyLaw: effective.proxyLaw } : {}),
    ...(mf.proxyDesign === undefined && effective.proxyDesign !== undefined && effective.proxyDesign !== POLICY_DEFAULTS.proxyDesign ? { proxyDesign: effective.proxyDesign } : {}),
    ...(mf.proxyStopMargin === undefined && effective.proxyStopMargin !== undefined && effective.proxyStopMargin !== POLICY_DEFAULTS.proxyStopMargin ? { proxyStopMargin: effective.proxyStopMargin } : {}),
    ...(mf.targetModel === undefined && effective.targetModel !== undefined && effective.targetModel !== POLICY_DEFAULTS.targetModel ? { targetModel: effective.targetModel } : {}),
  };
  return Object.keys(pinned).length === Object.keys(mf).length ? algorithm : { ...algorithm, multiFidelity: pinned };
}
