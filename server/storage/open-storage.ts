/**
 * Opens a Storage from a URL: 'memory:', 'sqlite:<path>' (relative to the working directory;
 * 'sqlite::memory:' for tests; '?synchronous=group|full|normal': group commit (default), fsync per
 * commit, or no fsync (loses power-loss durability); see sqlite-storage.ts; '&connection=inline|thread':
 * the connection on the server's thread (default) or on its own thread, sqlite-thread-storage.ts).
 * 'postgres://user:pass@host:5432/db[?max=10&schema=NAME]' (or postgresql://): PostgresStorage with a
 * pool of `max` connections (default 10), tables in `schema` (default public, created if missing);
 * other query options (e.g. sslmode) go to node-postgres.
 */
import { resolve } from 'node:path';
import { invalidArgument } from '../../core/errors.js';
import { MemoryStorage } from './memory-storage.js';
import { parsePostgresUrl } from './postgres-sql.js';
import { SqliteStorage, type SqliteOptions, type SyncMode } from './sqlite-storage.js';
import { SqliteThreadStorage } from './sqlite-thread-storage.js';
import type { Storage } from './types.js';

const SYNC_MODES = new Set(['group', 'full', 'normal']);
const CONNECTIONS = new Set(['thread', 'inline']);
const SQLITE_OPTIONS = new Set(['synchronous', 'connection']);

/** Parses 'sqlite:<path>[?synchronous=group|full|normal][&connection=inline|thread]' (defaults group, inline) and opens it. */
async function openSqlite(url: string): Promise<Storage> {
  let rest = url.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2); // tolerate 'sqlite:///abs/path' and 'sqlite://rel/path'
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  if (path === '') throw invalidArgument(['storage'], `'${url}' names no file: use sqlite:./data/bo.sqlite or sqlite::memory:`);
  for (const key of query.keys()) {
    if (!SQLITE_OPTIONS.has(key)) throw invalidArgument(['storage'], `unknown sqlite option '${key}' in '${url}' (known: ${[...SQLITE_OPTIONS].join(', ')})`);
  }
  const sync = (query.get('synchronous') ?? 'group').toLowerCase();
  if (!SYNC_MODES.has(sync)) throw invalidArgument(['storage'], `synchronous must be group, full or normal, not '${sync}'`);
  const connection = (query.get('connection') ?? 'inline').toLowerCase();
  if (!CONNECTIONS.has(connection)) throw invalidArgument(['storage'], `connection must be inline or thread, not '${connection}'`);
  const shown = [...(sync === 'group' ? [] : [`synchronous=${sync}`]), ...(connection === 'inline' ? [] : [`connection=${connection}`])];
  const options: SqliteOptions = {
    path: path === ':memory:' ? path : resolve(process.cwd(), path),
    synchronous: sync as SyncMode,
    description: `sqlite:${path}${shown.length > 0 ? `?${shown.join('&')}` : ''}`,
  };
  return connection === 'thread' ? SqliteThreadStorage.open(options) : new SqliteStorage(options);
}

/** Opens the storage a URL names; INVALID_ARGUMENT for anything but memory:, sqlite: and postgres:. */
export async function openStorage(url: string): Promise<Storage> {
  if (typeof url !== 'string' || url.trim() === '') throw invalidArgument(['storage'], 'a storage URL is required (memory:, sqlite:<path> or postgres://...)');
  const u = url.trim();
  if (u === 'memory:' || u === 'memory://') return new MemoryStorage();
  if (u.startsWith('sqlite:')) return openSqlite(u);
  if (/^postgres(ql)?:\/\//i.test(u)) {
    const config = parsePostgresUrl(u);
    // Imported only for a postgres URL: node-postgres is not loaded by a SQLite or memory server.
    const { PostgresStorage } = await import('./postgres-storage.js');
    return PostgresStorage.open(config);
  }
  throw invalidArgument(['storage'], `unsupported storage URL '${u.replace(/\/\/[^@/]*@/, '//***@')}': use memory:, sqlite:<path> or postgres://user:pass@host:5432/db`);
}
