/** Test helper: assert that a promise rejects with a BoError of `code` (and, if given, the first issue's field path). */
import assert from 'node:assert/strict';
import { BoError } from '../../core/errors.js';

/** Awaits the rejection, checks code and path, and returns the error for further checks. */
export async function expectCode(p: Promise<unknown>, code: string, path?: (string | number)[]): Promise<BoError> {
  let err: BoError | undefined;
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BoError, String(e));
    assert.equal(e.code, code, e.message);
    if (path) assert.deepEqual(e.issues?.[0]?.path, path, e.message);
    err = e;
    return true;
  });
  return err!;
}
