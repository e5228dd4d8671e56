/**
 * multiFidelity.model 'proxy-mean' over the real server and the SDK: a pool study with a fidelity
 * parameter runs the proxy design (⌈proxyBudget·c_target/c_cheapest⌉ = ⌈1·1/0.25⌉ = 4 cheapest-level
 * rows), then verifies the regression's best target rows, then asks by the target model, saying so
 * in each trial's diagnostics; every asked row is a pool row never asked before. The proxy law left
 * out resolves to 'auto' at create (effective algorithm and stored spec), and after the 4-run design
 * (fewer than the choice's 6) the diagnostics name the linear law and why; the design left out
 * resolves to DEFAULT_PROXY_DESIGN, whose state the diagnostics carry. Refusals at create carry
 * the field's path: 'proxy-mean' without a pool, proxyBudget or proxyLaw without 'proxy-mean',
 * a non-positive proxyBudget, an unknown proxyLaw, proxyDesign without 'proxy-mean', an unknown
 * proxyDesign, a named acquisition, proxyStopMargin without 'proxy-mean', with the fixed design,
 * negative or not a number, targetModel without 'proxy-mean' or unknown. The stop margin left out
 * resolves to DEFAULT_PROXY_STOP_MARGIN, the target model to DEFAULT_TARGET_MODEL (in the effective
 * algorithm; in the stored spec when it is not MfPolicy's own 'linear'), whose name and reason the
 * model-phase diagnostics carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SdkError } from '../../sdk/index.js';
import { DEFAULT_POOL_MODEL, DEFAULT_PROXY_DESIGN, DEFAULT_PROXY_STOP_MARGIN, DEFAULT_TARGET_MODEL } from '../../policy/mf-model-defaults.js';
import { serverAndClientPerFile } from './harness.js';

const comps = ['web', 'code', 'books'];
const space = { mix: { type: 'simplex' as const, components: comps }, size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.25 }, { value: 'L', cost: 1 }], target: 'L' } };
/** 12 mixtures on a grid of the simplex, each a row at both levels. */
const mixes = Array.from({ length: 12 }, (_, i) => {
  const a = (i % 4) / 4 + 0.05;
  const b = Math.floor(i / 4) / 4 + 0.05;
  return { web: a / (1 + a + b), code: b / (1 + a + b), books: 1 / (1 + a + b) };
});
const loss = (w: Record<string, number>, size: unknown) => 1 + w.web - 2 * w.code + (size === 'S' ? 0.5 : 0);

const env = serverAndClientPerFile();

test("a pool study with model 'proxy-mean' runs design, verify and model phases", async () => {
  const study = await env.client.createStudy({
    name: 'proxy-mean',
    space,
    objectives: { loss: 'minimize' },
    pool: [...mixes.map((mix) => ({ mix, size: 'S' })), ...mixes.map((mix) => ({ mix, size: 'L' }))],
    algorithm: { seed: 2, multiFidelity: { model: 'proxy-mean', proxyBudget: 1 } },
  });
  assert.equal(study.info.effectiveAlgorithm?.proxyLaw, 'auto');
  assert.equal(study.info.algorithm.multiFidelity?.proxyLaw, 'auto');
  assert.equal(study.info.effectiveAlgorithm?.proxyDesign, DEFAULT_PROXY_DESIGN);
  assert.equal(study.info.algorithm.multiFidelity?.proxyDesign, DEFAULT_PROXY_DESIGN === 'fixed' ? undefined : DEFAULT_PROXY_DESIGN);
  // The stop margin comes with the sequential design, written into the stored spec (stored studies without it ran margin 0).
  const margin = DEFAULT_PROXY_DESIGN === 'sequential' ? DEFAULT_PROXY_STOP_MARGIN : undefined;
  assert.equal(study.info.effectiveAlgorithm?.proxyStopMargin, margin);
  assert.equal(study.info.algorithm.multiFidelity?.proxyStopMargin, margin === 0 ? undefined : margin);
  assert.equal(study.info.effectiveAlgorithm?.targetModel, DEFAULT_TARGET_MODEL);
  assert.equal(study.info.algorithm.multiFidelity?.targetModel, DEFAULT_TARGET_MODEL === 'linear' ? undefined : DEFAULT_TARGET_MODEL);
  const designs: string[] = [];
  const phases: string[] = [];
  const laws: string[] = [];
  const rows = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const [t] = await study.ask();
    phases.push(String(t.diagnostics?.phase));
    const law = t.diagnostics?.proxyLaw as { law: string; reason?: string };
    laws.push(law.law);
    if (i === 4) assert.match(String(law.reason), /too few/);
    const design = t.diagnostics?.proxyDesign as { phase: string; size: number; reason: string } | undefined;
    if (design) designs.push(`${design.phase}@${design.size}`);
    if (design && i === 4) assert.match(design.reason, /the cap \(4 runs\) is the first checkpoint/);
    if (t.diagnostics?.phase === 'model') {
      assert.equal((t.diagnostics.targetModel as { model: string }).model, DEFAULT_TARGET_MODEL);
      assert.match(String(t.diagnostics.phaseReason), /target results: /);
    }
    const row = t.diagnostics?.poolRow as number;
    assert.ok(!rows.has(row), `row ${row} asked twice`);
    rows.add(row);
    await study.tell(t.id, { loss: loss(t.params.mix as Record<string, number>, t.params.size) });
  }
  assert.deepEqual(phases, ['proxy-design', 'proxy-design', 'proxy-design', 'proxy-design', 'proxy-verify', 'proxy-verify', 'model', 'model']);
  assert.deepEqual(laws, ['pending', 'pending', 'pending', 'pending', 'linear', 'linear', 'linear', 'linear']);
  // The sequential design of a 4-run cap has one checkpoint, the cap: the same asks as the fixed design.
  if (DEFAULT_PROXY_DESIGN === 'sequential') assert.deepEqual(designs, ['cheap@4', 'cheap@4', 'cheap@4', 'cheap@4', 'done@4', 'done@4', 'done@4', 'done@4']);
});

test("'proxy-mean' refusals name the field", async () => {
  const cases: [Record<string, unknown>, boolean, string][] = [
    [{ multiFidelity: { model: 'proxy-mean' } }, false, 'algorithm.multiFidelity.model'],
    [{ multiFidelity: { model: 'joint', proxyBudget: 2 } }, true, 'algorithm.multiFidelity.proxyBudget'],
    [{ multiFidelity: { model: 'joint', proxyLaw: 'gp' } }, true, 'algorithm.multiFidelity.proxyLaw'],
    // The model left out resolves to joint when the spec names what only joint reads: proxy fields are then refused.
    [{ acquisition: 'cost-ei', multiFidelity: { proxyLaw: 'gp' } }, true, 'algorithm.multiFidelity.proxyLaw'],
    [{ multiFidelity: { lowLevelShare: 0.2, proxyDesign: 'fixed' } }, true, 'algorithm.multiFidelity.proxyDesign'],
    [{ multiFidelity: { model: 'proxy-mean', proxyLaw: 'cubic' } }, true, 'algorithm.multiFidelity.proxyLaw'],
    [{ multiFidelity: { model: 'proxy-mean', proxyBudget: 0 } }, true, 'algorithm.multiFidelity.proxyBudget'],
    [{ multiFidelity: { proxyDesign: 'sequential', kernel: 'icm' } }, true, 'algorithm.multiFidelity.proxyDesign'],
    [{ multiFidelity: { model: 'joint', proxyDesign: 'fixed' } }, true, 'algorithm.multiFidelity.proxyDesign'],
    [{ multiFidelity: { model: 'proxy-mean', proxyDesign: 'adaptive' } }, true, 'algorithm.multiFidelity.proxyDesign'],
    [{ acquisition: 'cost-ei', multiFidelity: { model: 'proxy-mean' } }, true, 'algorithm.acquisition'],
    [{ multiFidelity: { model: 'joint', proxyStopMargin: 1 } }, true, 'algorithm.multiFidelity.proxyStopMargin'],
    [{ multiFidelity: { model: 'proxy-mean', proxyDesign: 'fixed', proxyStopMargin: 1 } }, true, 'algorithm.multiFidelity.proxyStopMargin'],
    [{ multiFidelity: { model: 'proxy-mean', proxyStopMargin: -0.5 } }, true, 'algorithm.multiFidelity.proxyStopMargin'],
    [{ multiFidelity: { model: 'proxy-mean', proxyStopMargin: 'wide' } }, true, 'algorithm.multiFidelity.proxyStopMargin'],
    [{ multiFidelity: { model: 'joint', targetModel: 'gp' } }, true, 'algorithm.multiFidelity.targetModel'],
    [{ acquisition: 'cost-ei', multiFidelity: { targetModel: 'gp' } }, true, 'algorithm.multiFidelity.targetModel'],
    [{ multiFidelity: { model: 'proxy-mean', targetModel: 'forest' } }, true, 'algorithm.multiFidelity.targetModel'],
  ];
  for (const [algorithm, withPool, path] of cases) {
    await assert.rejects(
      env.client.createStudy({ name: 'bad', space, objectives: { loss: 'minimize' }, algorithm: algorithm as never, ...(withPool ? { pool: mixes.map((mix) => ({ mix, size: 'L' })) } : {}) }),
      (e: unknown) => {
        assert.ok(e instanceof SdkError && e.code === 'INVALID_ARGUMENT', String(e));
        assert.ok(e.issues.some((i) => i.path.join('.') === path), `${path} not in ${JSON.stringify(e.issues)}`);
        return true;
      },
    );
  }
});

test("the model left out: 'proxy-mean' (session 11's default) pinned into the stored spec; 'joint' when the spec names an acquisition, said in the notes", async () => {
  const pool = [...mixes.map((mix) => ({ mix, size: 'S' })), ...mixes.map((mix) => ({ mix, size: 'L' }))];
  const plain = await env.client.createStudy({ name: 'default-model', space, objectives: { loss: 'minimize' }, pool, algorithm: { seed: 1 } });
  assert.equal(plain.info.effectiveAlgorithm?.multiFidelityModel, DEFAULT_POOL_MODEL);
  assert.equal(plain.info.algorithm.multiFidelity?.model, 'proxy-mean');
  assert.equal(plain.info.algorithm.multiFidelity?.proxyStopMargin, DEFAULT_PROXY_STOP_MARGIN);
  // Session 12's target model, pinned because MfPolicy by itself runs 'linear' (what stored studies ran).
  assert.equal(DEFAULT_TARGET_MODEL, 'gp');
  assert.equal(plain.info.effectiveAlgorithm?.targetModel, 'gp');
  assert.equal(plain.info.algorithm.multiFidelity?.targetModel, 'gp');
  assert.ok(plain.info.effectiveAlgorithm?.notes?.some((n) => /GP on the target residuals \(targetModel 'gp'/.test(n)), JSON.stringify(plain.info.effectiveAlgorithm?.notes));
  const [t] = await plain.ask();
  assert.equal(t.diagnostics?.multiFidelityModel, 'proxy-mean');
  assert.equal(t.diagnostics?.phase, 'proxy-design');
  const named = await env.client.createStudy({ name: 'named-acq', space, objectives: { loss: 'minimize' }, pool, algorithm: { seed: 1, acquisition: 'cost-ei' } });
  assert.equal(named.info.effectiveAlgorithm?.multiFidelityModel, 'joint');
  assert.equal(named.info.algorithm.multiFidelity?.model, undefined, 'joint is what MfPolicy runs by itself: not written in');
  assert.ok(named.info.effectiveAlgorithm?.notes?.some((n) => /left out runs as 'joint'.*algorithm\.acquisition/.test(n)), JSON.stringify(named.info.effectiveAlgorithm?.notes));
});
