/**
 * The model a pool study with a fidelity parameter runs when `algorithm.multiFidelity` leaves it
 * out, resolved once at create into the effective algorithm and written into the stored spec
 * (pinMfModel), because MfPolicy reads the spec: a study keeps what it was created with when a
 * default changes later, and a study stored before these fields existed keeps MfPolicy's own
 * defaults ('joint'; 'proxy-mean' with the linear law), which are what it ran.
 */
import type { AlgorithmSpec, EffectiveAlgorithm, MultiFidelityOptions } from '../protocol/algorithm.js';

/**
 * `multiFidelity.model` when left out. Stays 'joint': 'proxy-mean' with the chosen law missed the
 * adoption test on regmix-pile (benchmarks/RESULTS.md 2026-12-05, session 9), and with the sequential
 * design too (1.160 vs joint's 1.126 on seeds 0-39, one-sided p = 0.0058; RESULTS.md 2026-12-06, session 10).
 */
export const DEFAULT_POOL_MODEL: 'joint' | 'proxy-mean' = 'joint';
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
 * chosen on regmix-pile and admire-ift seeds 100–119 only (benchmarks/RESULTS.md 2026-12-06, session 11).
 */
export const DEFAULT_PROXY_STOP_MARGIN: number = 0.75;

type Resolved = Pick<EffectiveAlgorithm, 'multiFidelityModel' | 'proxyLaw' | 'proxyDesign' | 'proxyStopMargin'>;

/** The model and proxy law a study will run (none without both a pool and a fidelity parameter). */
export function resolveMfModel(mf: MultiFidelityOptions | undefined, fidelity: boolean, pool: boolean): Resolved {
  if (!(fidelity && pool)) return {};
  const model = mf?.model ?? DEFAULT_POOL_MODEL;
  if (model !== 'proxy-mean') return { multiFidelityModel: model };
  const proxyDesign = mf?.proxyDesign ?? DEFAULT_PROXY_DESIGN;
  return { multiFidelityModel: model, proxyLaw: mf?.proxyLaw ?? DEFAULT_PROXY_LAW, proxyDesign, ...(proxyDesign === 'sequential' ? { proxyStopMargin: mf?.proxyStopMargin ?? DEFAULT_PROXY_STOP_MARGIN } : {}) };
}

/** What MfPolicy runs when the spec leaves the fields out (what studies stored before them ran). */
const POLICY_DEFAULTS = { model: 'joint', proxyLaw: 'linear', proxyDesign: 'fixed', proxyStopMargin: 0 } as const;

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
  };
  return Object.keys(pinned).length === Object.keys(mf).length ? algorithm : { ...algorithm, multiFidelity: pinned };
}
