/**
 * The connection side of PostgresStorage: a node-postgres pool that opens with the schema
 * migrated, runs a callback as one transaction (optionally under a study's advisory lock) or one
 * read statement, maps driver errors to wire codes, and refuses every call once closed.
 */
import pg from 'pg';
import { migratePostgres } from './postgres-migrations.js';
import { brokenConnection, mapPgError, type PostgresOptions } from './postgres-sql.js';
import { storageClosed } from './storage-rules.js';

/** A pooled connection inside a transaction. */
export type PgClient = pg.PoolClient;

/** Per-study lock: (hash of schema, hash of study id), transaction-scoped so it ends with COMMIT or ROLLBACK. */
const LOCK_STUDY = 'SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))';

/** A migrated database behind a connection pool. */
export class PgDatabase {
  private closed = false;

  private constructor(private readonly pool: pg.Pool, private readonly options: PostgresOptions) {}

  /** Connects, migrates the schema (under the migration lock); the pool is ended on failure. */
  static async open(options: PostgresOptions): Promise<PgDatabase> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max, connectionTimeoutMillis: 10_000 });
    // An idle connection the server drops emits 'error' on the pool; without a listener that kills the
    // process. The pool discards the client and the next call reconnects (or fails and is mapped).
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, options.schema);
      } finally {
        client.release();
      }
      return new PgDatabase(pool, options);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw mapPgError(e);
    }
  }

  /** Throws UNAVAILABLE once closed. */
  requireOpen(): void {
    if (this.closed) throw storageClosed(this.options.description);
  }

  /** Runs `fn` as one READ COMMITTED transaction, first taking the study's advisory lock when `studyId` is given. */
  async tx<T>(studyId: string | null, fn: (c: PgClient) => Promise<T>): Promise<T> {
    this.requireOpen();
    let client: PgClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.closed ? storageClosed(this.options.description) : mapPgError(e);
    }
    let failure: unknown = undefined;
    try {
      await client.query('BEGIN');
      if (studyId !== null) await client.query(LOCK_STUDY, [this.options.schema, studyId]);
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      failure = e;
      await client.query('ROLLBACK').catch(() => undefined);
      throw mapPgError(e);
    } finally {
      // A connection that failed at the protocol level is dropped, not handed to the next caller.
      client.release(failure !== undefined && brokenConnection(failure));
    }
  }

  /** Runs one statement outside any transaction block (its own snapshot); the rows. */
  async read<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    this.requireOpen();
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw this.closed ? storageClosed(this.options.description) : mapPgError(e);
    }
  }

  /** Ends the pool (waits for checked-out connections); idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
