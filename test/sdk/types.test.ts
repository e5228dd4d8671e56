/**
 * Type-level checks of `createStudy`'s const generic: `tsc --noEmit -p .` checks the assertions in
 * `typeChecks` (never called at run time); the test below runs tsc on this file so a regression
 * fails the test suite too, and the @ts-expect-error lines prove wrong types are rejected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client, TypedTrial } from '../../sdk/index.js';

/** Equal<A, B> is true only when A and B are mutually assignable and identical (the standard trick). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const yes = <T extends true>(): T | undefined => undefined;

export async function typeChecks(client: Client): Promise<void> {
  const study = await client.createStudy({
    name: 'typed',
    space: {
      lr: { type: 'float', low: 1e-5, high: 1, log: true },
      layers: { type: 'int', low: 1, high: 8 },
      opt: { type: 'categorical', choices: ['adam', 'sgd'] },
      flag: { type: 'categorical', choices: [true, false] },
      mix: { type: 'simplex', components: ['web', 'code', 'books'] },
      size: { type: 'fidelity', levels: [{ value: '10m', cost: 1 }, { value: '100m', cost: 10 }] },
    },
    objectives: { loss: 'minimize' },
  });
  const [trial] = await study.ask();
  const p = trial!.params;
  yes<Equal<typeof p.lr, number>>();
  yes<Equal<typeof p.layers, number>>();
  yes<Equal<typeof p.opt, 'adam' | 'sgd'>>();
  yes<Equal<typeof p.flag, boolean>>();
  yes<Equal<typeof p.mix, Record<'web' | 'code' | 'books', number>>>();
  yes<Equal<typeof p.size, '10m' | '100m'>>();
  p.opt satisfies 'adam' | 'sgd';
  const lr: number = p.lr;
  const web: number = p.mix.web;
  // @ts-expect-error 'rmsprop' is not one of the choices
  const bad: typeof p.opt = 'rmsprop';
  // @ts-expect-error no parameter named 'momentum'
  void p.momentum;
  // @ts-expect-error 'music' is not a component
  void p.mix.music;
  // @ts-expect-error a float is not a string
  const s: string = p.lr;
  // optimize's objective function receives the same typed params.
  await study.optimize(
    (q) => {
      yes<Equal<typeof q.opt, 'adam' | 'sgd'>>();
      return { loss: q.lr * q.layers };
    },
    { trials: 1 },
  );
  const best: TypedTrial<typeof p> | null = await study.best();
  // enqueue takes the typed params.
  await study.enqueue({ lr: 0.1, layers: 2, opt: 'sgd', flag: true, mix: { web: 0.5, code: 0.25, books: 0.25 }, size: '10m' });
  // @ts-expect-error enqueue with a wrong choice
  await study.enqueue({ lr: 0.1, layers: 2, opt: 'nope', flag: true, mix: { web: 1, code: 0, books: 0 }, size: '10m' });
  // getStudy without a type parameter gives the loose Params.
  const loose = await client.getStudy('x');
  const [t2] = await loose.ask();
  yes<Equal<typeof t2, TypedTrial>>();
  void [lr, web, bad, s, best];
}

/** Conditional parameters (`when`) are optional in the typed params: absent while inactive. */
export async function conditionalTypeChecks(client: Client): Promise<void> {
  const study = await client.createStudy({
    name: 'typed-conditional',
    space: {
      opt: { type: 'categorical', choices: ['adam', 'sgd'] },
      momentum: { type: 'float', low: 0, high: 1, when: { opt: ['sgd'] } },
      layers: { type: 'int', low: 1, high: 3 },
      act: { type: 'categorical', choices: ['relu', 'tanh'], when: { layers: [2, 3] } },
    },
    objectives: { loss: 'minimize' },
  });
  const [trial] = await study.ask();
  const p = trial!.params;
  yes<Equal<typeof p.opt, 'adam' | 'sgd'>>();
  yes<Equal<typeof p.layers, number>>();
  yes<Equal<typeof p.momentum, number | undefined>>();
  yes<Equal<typeof p.act, 'relu' | 'tanh' | undefined>>();
  // @ts-expect-error a conditional param may be absent: not a plain number
  const m: number = p.momentum;
  // enqueue may leave conditional params out, but not the unconditional ones.
  await study.enqueue({ opt: 'adam', layers: 1 });
  // @ts-expect-error 'layers' has no condition, so it is required
  await study.enqueue({ opt: 'adam' });
  void m;
}

test('tsc accepts the typed-params assertions and rejects the @ts-expect-error lines', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  // One file with the project's settings; exit code 0 means every `yes<...>` holds and every expected error occurred.
  const args = ['tsc', '--ignoreConfig', '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--skipLibCheck', '--types', 'node', '--lib', 'ES2022,DOM', self];
  let out = '';
  try {
    out = execFileSync('npx', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    assert.fail(`tsc failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  assert.equal(out.trim(), '');
});
