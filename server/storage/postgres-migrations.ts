/**
 * Numbered schema migrations for PostgresStorage (its own list: SQL dialects differ, but the tables
 * mirror SQLite's: v1 is its schema v5, v2 its v6 trial counts; see migrations.ts).
 * PG_MIGRATIONS[i] takes a schema from version i to i+1; `schema_version` holds the versions
 * reached. Append-only: never edit a released step.
 *
 * Every pending step runs in ONE transaction that first takes a transaction-scoped advisory lock
 * (keyed by the schema), so two replicas starting at once serialise: the second waits, then finds
 * the schema current and applies nothing. PostgreSQL DDL is transactional, so a failed step leaves
 * the schema exactly as it was.
 *
 * JSON documents are TEXT, not jsonb: jsonb reorders keys, rejects '\u0000' escapes and rewrites
 * numbers, while the contract wants exact round trips. Times are ISO TEXT (returned as given);
 * lease_expires_ms (bigint) is the instant lease scans compare.
 */
import type { PoolClient } from 'pg';
import { BoError } from '../../core/errors.js';

/** One schema step: the SQL that takes version `version - 1` to `version`. */
export interface PgMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The ordered schema history. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'studies (with a trial counter), trials, idempotency records, policy state, candidate pools',
    sql: `
      CREATE TABLE studies (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        space_json TEXT NOT NULL,
        objectives_json TEXT NOT NULL,
        algorithm_json TEXT NOT NULL,
        lease_seconds DOUBLE PRECISION NOT NULL,
        metadata_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        pool_rows INTEGER,
        pool_total_rows INTEGER,
        -- The next trial number: allocated by UPDATE ... RETURNING, and an ask's staleness check (AskWrite.basis).
        next_number INTEGER NOT NULL DEFAULT 0,
        -- Completed trials: with next_number, Storage.trialClock (the service's view freshness check).
        completed_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE trials (
        id TEXT PRIMARY KEY,
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'abandoned')),
        params_json TEXT NOT NULL,
        values_json TEXT,
        cost DOUBLE PRECISION,
        fail_reason TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        lease_expires_at TEXT,
        lease_expires_ms BIGINT,
        client_id TEXT,
        diagnostics_json TEXT,
        UNIQUE (study_id, number)
      );
      CREATE INDEX trials_by_state ON trials (study_id, state, number);
      CREATE TABLE requests (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        request_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        result_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        target TEXT,
        fingerprint TEXT,
        summary TEXT,
        PRIMARY KEY (study_id, request_id)
      );
      CREATE TABLE policy_states (
        study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
        state_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE study_pools (
        study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
        pool_json TEXT NOT NULL
      );
      CREATE TABLE study_pool_chunks (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        first_row INTEGER NOT NULL,
        rows_json TEXT NOT NULL,
        PRIMARY KEY (study_id, first_row)
      );
    `,
  },
  {
    version: 2,
    description: 'trial counts per state kept by a trigger, so counting (study views, study:updated) does not scan the trials',
    // A trigger rather than updates in each write path (as SQLite v6): every statement that touches
    // trials.state (insert, claim, finish, abandon, cascade delete, a manual fix by an operator) keeps
    // the counts exact in its own transaction, and a new write path cannot forget them. The counts
    // row is written under the study's advisory lock like every other write, so it adds no contention.
    // Cascade deletes fire the trigger too (the study's counts rows are cascaded away anyway).
    // trials_by_state (study_id, state, number) exists since v1: per-state listing uses it.
    sql: `
      CREATE TABLE trial_counts (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (study_id, state)
      );
      INSERT INTO trial_counts (study_id, state, n) SELECT study_id, state, COUNT(*) FROM trials GROUP BY study_id, state;
      -- SET search_path FROM CURRENT pins this schema (the migration sets it): pooled connections
      -- run with the default search_path, and the body names trial_counts unqualified.
      CREATE FUNCTION trial_counts_keep() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE trial_counts SET n = n - 1 WHERE study_id = OLD.study_id AND state = OLD.state;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO trial_counts AS c (study_id, state, n) VALUES (NEW.study_id, NEW.state, 1)
            ON CONFLICT (study_id, state) DO UPDATE SET n = c.n + 1;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER trial_counts_insert_delete AFTER INSERT OR DELETE ON trials FOR EACH ROW EXECUTE FUNCTION trial_counts_keep();
      CREATE TRIGGER trial_counts_update AFTER UPDATE OF state ON trials FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION trial_counts_keep();
    `,
  },
  {
    version: 3,
    description: "pruned trials (state 'pruned') and learning curves (trial_curves: one row per reported step)",
    // The v1 CHECK is an unnamed column constraint, which PostgreSQL names trials_state_check.
    sql: `
      ALTER TABLE trials DROP CONSTRAINT trials_state_check;
      ALTER TABLE trials ADD CONSTRAINT trials_state_check CHECK (state IN ('queued', 'running', 'completed', 'failed', 'abandoned', 'pruned'));
      CREATE TABLE trial_curves (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        trial_id TEXT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
        step BIGINT NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        prune BOOLEAN NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (study_id, trial_id, step)
      );
      CREATE INDEX trial_curves_by_step ON trial_curves (study_id, step);
    `,
  },
];

/** The schema version this code writes. */
export const PG_LATEST_VERSION = PG_MIGRATIONS.length;

/**
 * Brings `schema` up to `target` (default: latest) on `client`, in one transaction under the
 * schema's migration lock; returns the versions applied. Creates the schema if missing. Refuses a
 * schema written by a newer server rather than guessing.
 */
export async function migratePostgres(client: PoolClient, schema: string, target: number = PG_LATEST_VERSION): Promise<number[]> {
  const q = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    // bigint key space: never collides with the (int, int) study locks (PostgreSQL keeps the two apart).
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('bayesopt:migrate:' || $1, 0))", [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${q}.schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${q}.schema_version`);
    const current = rows[0]?.v ?? 0;
    if (current > PG_LATEST_VERSION) {
      throw new BoError('FAILED_PRECONDITION', `database schema version ${current} is newer than this server understands (${PG_LATEST_VERSION}); upgrade the server`);
    }
    const applied: number[] = [];
    await client.query(`SET LOCAL search_path TO ${q}`);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A schema name as a quoted SQL identifier (any text allowed; '"' doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
