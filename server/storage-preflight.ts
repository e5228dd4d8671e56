/**
 * Checks, before the server starts, that a `sqlite:<path>` storage can be created and written:
 * its directory is made (a fresh checkout has no ./data) and must be writable, an existing file
 * must be readable and writable. A failure names the path and the errno (EACCES, EROFS, ENOTDIR,
 * ...) at once, instead of surfacing later as a storage error inside a request.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The file path of a sqlite: URL, or undefined for other URLs and sqlite::memory:. */
export function sqliteFilePath(storageUrl: string): string | undefined {
  const u = storageUrl.trim();
  if (!u.startsWith('sqlite:')) return undefined;
  let rest = u.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  const path = rest.split('?')[0]!;
  if (path === '' || path === ':memory:') return undefined;
  return resolve(process.cwd(), path);
}

/** Throws an Error naming the path and errno when the sqlite file of `storageUrl` cannot be used. */
export function preflightStorage(storageUrl: string): void {
  const path = sqliteFilePath(storageUrl);
  if (path === undefined) return;
  const step = (what: string, at: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new Error(`cannot use storage '${storageUrl}': ${what} '${at}' failed: ${err.code ?? 'error'} (${err.message})`);
    }
  };
  const dir = dirname(path);
  step('creating directory', dir, () => mkdirSync(dir, { recursive: true }));
  step('writing to directory', dir, () => accessSync(dir, constants.W_OK | constants.X_OK));
  let exists = true;
  try {
    statSync(path);
  } catch {
    exists = false;
  }
  if (exists) {
    step('opening file', path, () => {
      if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      accessSync(path, constants.R_OK | constants.W_OK);
    });
  }
}
