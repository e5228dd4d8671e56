/**
 * A trust region is refused at study:create where the effective policy is not the single-objective
 * BO policy (it would be ignored): INVALID_ARGUMENT at algorithm.trustRegion. Mode 'off' passes.
 */
import { test } from 'node:test';
import { Requests, type RequestInputOf } from '../../protocol/messages.js';
import { makeService, branin } from './service-fixture.js';
import { expectCode } from './expect-code.js';

const create = (input: RequestInputOf<'study:create'>) => {
  const { service } = makeService();
  return service.handle('study:create', Requests['study:create'].parse(input) as never);
};
const tr = { mode: 'on-stall' as const };

test('trust region with the BO policy is accepted; with mode off anywhere too', async () => {
  await create(branin({ algorithm: { surrogate: 'gp', trustRegion: tr } }));
  await create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', trustRegion: { mode: 'off' } } }));
});

test('trust region refused for multi-outcome, multi-fidelity and space-filling studies', async () => {
  await expectCode(create(branin({ objectives: { a: 'minimize', b: 'minimize' }, algorithm: { surrogate: 'gp', trustRegion: tr } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion']);
  const fidelity = { ...branin().space, size: { type: 'fidelity' as const, levels: [{ value: 'S', cost: 0.2 }, { value: 'L', cost: 1 }], target: 'L' } };
  await expectCode(create(branin({ space: fidelity, algorithm: { surrogate: 'gp', trustRegion: tr } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion']);
  await expectCode(create(branin({ algorithm: { surrogate: 'none', trustRegion: tr } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion']);
});

test("an explicit noisySearch 'global' that could never fire is refused at its path; the default region is not", async () => {
  // branin's region confines 2 columns: below the default minimum of 5, and below an explicit 3.
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', trustRegion: { ...tr, noisySearch: 'global' } } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion', 'noisySearch']);
  await expectCode(create(branin({ algorithm: { surrogate: 'gp', trustRegion: { ...tr, noisySearch: 'global', noisyGlobalMinDim: 3 } } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion', 'noisySearch']);
  // At or below the confined count it can fire and is accepted; so are 'local' and the default (no spec).
  await create(branin({ algorithm: { surrogate: 'gp', trustRegion: { ...tr, noisySearch: 'global', noisyGlobalMinDim: 2 } } }));
  await create(branin({ algorithm: { surrogate: 'gp', trustRegion: { ...tr, noisySearch: 'local' } } }));
  await create(branin({ algorithm: { surrogate: 'gp' } }));
  // A categorical column is never confined: two floats and a categorical still confine 2.
  const mixed = { ...branin().space, kind: { type: 'categorical' as const, choices: ['a', 'b', 'c'] } };
  await expectCode(create(branin({ space: mixed, algorithm: { surrogate: 'gp', trustRegion: { ...tr, noisySearch: 'global', noisyGlobalMinDim: 3 } } })), 'INVALID_ARGUMENT', ['algorithm', 'trustRegion', 'noisySearch']);
});
