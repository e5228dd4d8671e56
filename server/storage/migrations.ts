/**
 * Numbered schema migrations for SqliteStorage. MIGRATIONS[i] takes a database from version i to
 * version i+1; `schema_version` holds the version reached. Steps are append-only: never edit a
 * released step, add a new one. All pending steps run in one IMMEDIATE transaction at open, so a
 * second process opening the same file waits (busy_timeout) instead of migrating twice.
 */
import type Database from 'better-sqlite3';
import { BoError } from '../../core/errors.js';

/** One schema step: the SQL that takes version `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The ordered schema history. JSON columns hold params, values, space and other documents. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, trials, idempotency records',
    sql: `
      CREATE TABLE studies (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        space_json TEXT NOT NULL,
        objectives_json TEXT NOT NULL,
        algorithm_json TEXT NOT NULL,
        lease_seconds REAL NOT NULL,
        metadata_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE trials (
        id TEXT PRIMARY KEY,
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'abandoned')),
        params_json TEXT NOT NULL,
        values_json TEXT,
        cost REAL,
        fail_reason TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        lease_expires_at TEXT,
        lease_expires_ms INTEGER,
        client_id TEXT,
        diagnostics_json TEXT,
        UNIQUE (study_id, number)
      );
      CREATE TABLE requests (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        request_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        result_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (study_id, request_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'policy state per study; index for state filters and lease scans',
    sql: `
      CREATE TABLE policy_states (
        study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
        state_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX trials_by_state ON trials (study_id, state, number);
    `,
  },
  {
    version: 3,
    description: 'candidate pools (pool mode): one JSON document per study, kept out of the studies rows',
    sql: `
      ALTER TABLE studies ADD COLUMN pool_rows INTEGER;
      CREATE TABLE study_pools (
        study_id TEXT PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
        pool_json TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'chunked pool upload: the declared total, and appended chunks (one row per pool:append)',
    sql: `
      ALTER TABLE studies ADD COLUMN pool_total_rows INTEGER;
      CREATE TABLE study_pool_chunks (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        first_row INTEGER NOT NULL,
        rows_json TEXT NOT NULL,
        PRIMARY KEY (study_id, first_row)
      );
    `,
  },
  {
    version: 5,
    description: 'request ids scoped to (operation, target, payload): target, fingerprint and summary of the first request',
    // Older rows keep NULL in all three: storage-rules.ts checkReplay matches them by kind and,
    // for a tell/fail, by the trial their result names (documented there).
    sql: `
      ALTER TABLE requests ADD COLUMN target TEXT;
      ALTER TABLE requests ADD COLUMN fingerprint TEXT;
      ALTER TABLE requests ADD COLUMN summary TEXT;
    `,
  },
  {
    version: 6,
    description: 'trial counts per state kept by triggers, so counting (study views, study:updated) does not scan the trials',
    // Triggers keep the counts exact in the same transaction as every write, from any process.
    // Cascade deletes fire the delete trigger too (the study's counts rows are cascaded away anyway).
    sql: `
      CREATE TABLE trial_counts (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (study_id, state)
      ) WITHOUT ROWID;
      INSERT INTO trial_counts (study_id, state, n) SELECT study_id, state, COUNT(*) FROM trials GROUP BY study_id, state;
      CREATE TRIGGER trial_counts_insert AFTER INSERT ON trials BEGIN
        INSERT INTO trial_counts (study_id, state, n) VALUES (NEW.study_id, NEW.state, 1)
          ON CONFLICT (study_id, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER trial_counts_delete AFTER DELETE ON trials BEGIN
        UPDATE trial_counts SET n = n - 1 WHERE study_id = OLD.study_id AND state = OLD.state;
      END;
      CREATE TRIGGER trial_counts_update AFTER UPDATE OF state ON trials WHEN OLD.state <> NEW.state BEGIN
        UPDATE trial_counts SET n = n - 1 WHERE study_id = OLD.study_id AND state = OLD.state;
        INSERT INTO trial_counts (study_id, state, n) VALUES (NEW.study_id, NEW.state, 1)
          ON CONFLICT (study_id, state) DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    version: 7,
    description: "pruned trials (state 'pruned') and learning curves (trial_curves: one row per reported step)",
    // SQLite cannot change a CHECK constraint in place: the trials table is rebuilt (same columns,
    // same order) with 'pruned' allowed, then its index and the count triggers of v6 are recreated.
    // The triggers are dropped first so the copy neither counts nor uncounts anything.
    sql: `
      DROP TRIGGER trial_counts_insert;
      DROP TRIGGER trial_counts_delete;
      DROP TRIGGER trial_counts_update;
      CREATE TABLE trials_v7 (
        id TEXT PRIMARY KEY,
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'abandoned', 'pruned')),
        params_json TEXT NOT NULL,
        values_json TEXT,
        cost REAL,
        fail_reason TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        lease_expires_at TEXT,
        lease_expires_ms INTEGER,
        client_id TEXT,
        diagnostics_json TEXT,
        UNIQUE (study_id, number)
      );
      INSERT INTO trials_v7 (id, study_id, number, state, params_json, values_json, cost, fail_reason, created_at, finished_at, lease_expires_at, lease_expires_ms, client_id, diagnostics_json)
        SELECT id, study_id, number, state, params_json, values_json, cost, fail_reason, created_at, finished_at, lease_expires_at, lease_expires_ms, client_id, diagnostics_json FROM trials;
      DROP TABLE trials;
      ALTER TABLE trials_v7 RENAME TO trials;
      CREATE INDEX trials_by_state ON trials (study_id, state, number);
      CREATE TRIGGER trial_counts_insert AFTER INSERT ON trials BEGIN
        INSERT INTO trial_counts (study_id, state, n) VALUES (NEW.study_id, NEW.state, 1)
          ON CONFLICT (study_id, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER trial_counts_delete AFTER DELETE ON trials BEGIN
        UPDATE trial_counts SET n = n - 1 WHERE study_id = OLD.study_id AND state = OLD.state;
      END;
      CREATE TRIGGER trial_counts_update AFTER UPDATE OF state ON trials WHEN OLD.state <> NEW.state BEGIN
        UPDATE trial_counts SET n = n - 1 WHERE study_id = OLD.study_id AND state = OLD.state;
        INSERT INTO trial_counts (study_id, state, n) VALUES (NEW.study_id, NEW.state, 1)
          ON CONFLICT (study_id, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TABLE trial_curves (
        study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        trial_id TEXT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        value REAL NOT NULL,
        prune INTEGER NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (study_id, trial_id, step)
      ) WITHOUT ROWID;
      CREATE INDEX trial_curves_by_step ON trial_curves (study_id, step);
    `,
  },
];

/** The schema version this code writes. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The version recorded in the file (0 for a new file). */
export function schemaVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the file up to `target` (default: latest) in one transaction; returns the versions
 * applied. Refuses a file written by a newer version of the code rather than guessing.
 */
export function migrate(db: Database.Database, target: number = LATEST_VERSION): number[] {
  const run = db.transaction((): number[] => {
    const current = schemaVersion(db);
    if (current > LATEST_VERSION) {
      throw new BoError('FAILED_PRECONDITION', `database schema version ${current} is newer than this server understands (${LATEST_VERSION}); upgrade the server`);
    }
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
      applied.push(m.version);
    }
    return applied;
  });
  // IMMEDIATE takes the write lock up front: two openers serialise instead of both reading v0.
  return run.immediate();
}
