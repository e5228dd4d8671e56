/**
 * SQL text, URL options and error mapping for PostgresStorage. Every statement names its tables
 * schema-qualified (no search_path games on pooled connections), and every id or document is a
 * bound parameter. Rows use the same column names as SQLite, so sqlite-rows.ts maps both.
 */
import { BoError, invalidArgument } from '../../core/errors.js';
import { quoteIdent } from './postgres-migrations.js';

/** How PostgresStorage connects (parsed from a 'postgres://' URL by parsePostgresUrl). */
export interface PostgresOptions {
  /** libpq-style URL without this service's own options (max, schema). */
  readonly connectionString: string;
  /** Connections in the pool (URL '?max=N'; default 10). */
  readonly max: number;
  /** Schema holding the tables (URL '?schema=NAME'; default 'public'); created if missing. */
  readonly schema: string;
  /** Shown in health output: the URL without its password. */
  readonly description: string;
}

/** This service's URL options; every other query option goes to node-postgres untouched (e.g. sslmode). */
const OWN_OPTIONS = new Set(['max', 'schema']);

/** Parses 'postgres://user:pass@host:5432/db?max=10&schema=bo' (postgresql:// too). */
export function parsePostgresUrl(url: string): PostgresOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidArgument(['storage'], 'not a PostgreSQL URL: use postgres://user:pass@host:5432/db');
  }
  const maxText = u.searchParams.get('max') ?? '10';
  const max = Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw invalidArgument(['storage'], `max must be an integer 1..1000 (connections), not '${maxText}'`);
  const schema = u.searchParams.get('schema') ?? 'public';
  if (schema === '' || schema.length > 63) throw invalidArgument(['storage'], 'schema must be 1..63 characters');
  for (const key of OWN_OPTIONS) u.searchParams.delete(key);
  const shown = new URL(u.href);
  if (shown.password !== '') shown.password = '***';
  const extra = [max !== 10 ? `max=${max}` : '', schema !== 'public' ? `schema=${encodeURIComponent(schema)}` : ''].filter(Boolean).join('&');
  const base = shown.href.replace(/\?$/, '');
  return { connectionString: u.href, max, schema, description: extra ? `${base}${base.includes('?') ? '&' : '?'}${extra}` : base };
}

/** Trial columns in the order sqlite-rows.ts TrialRow names them. */
export const TRIAL_COLUMNS = 'id, study_id, number, state, params_json, values_json, cost, fail_reason, created_at, finished_at, lease_expires_at, client_id, diagnostics_json';
const STUDY_COLUMNS = 'id, name, space_json, objectives_json, algorithm_json, lease_seconds, metadata_json, created_at, pool_rows, pool_total_rows';
/** Columns of one inserted trial, in bind order (insertTrials builds `VALUES (...), (...)` from it). */
export const TRIAL_INSERT_COLUMNS = [
  'id', 'study_id', 'number', 'state', 'params_json', 'values_json', 'cost', 'fail_reason', 'created_at', 'finished_at', 'lease_expires_at', 'client_id',
  'diagnostics_json', 'lease_expires_ms',
] as const;

/** The statements of one schema. */
export function statements(schema: string) {
  const t = (name: string) => `${quoteIdent(schema)}.${name}`;
  return {
    insertStudy: `INSERT INTO ${t('studies')} (${STUDY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    insertPool: `INSERT INTO ${t('study_pools')} (study_id, pool_json) VALUES ($1, $2)`,
    getPool: `SELECT p.pool_json, ARRAY(SELECT c.rows_json FROM ${t('study_pool_chunks')} c WHERE c.study_id = p.study_id ORDER BY c.first_row) AS chunks
      FROM ${t('study_pools')} p WHERE p.study_id = $1`,
    insertPoolChunk: `INSERT INTO ${t('study_pool_chunks')} (study_id, first_row, rows_json) VALUES ($1, $2, $3)`,
    setPoolRows: `UPDATE ${t('studies')} SET pool_rows = $1 WHERE id = $2 AND pool_rows = $3`,
    getStudy: `SELECT ${STUDY_COLUMNS} FROM ${t('studies')} WHERE id = $1`,
    listStudies: `SELECT ${STUDY_COLUMNS} FROM ${t('studies')} ORDER BY seq LIMIT $1`,
    deleteStudy: `DELETE FROM ${t('studies')} WHERE id = $1`,
    /** The study's next trial number, or no row for an unknown study (existence check and AskWrite.basis). */
    nextNumber: `SELECT next_number FROM ${t('studies')} WHERE id = $1`,
    /** Allocates `$2` numbers (`$3` of them completed trials): returns the first. Atomic even without the advisory lock. */
    allocate: `UPDATE ${t('studies')} SET next_number = next_number + $2, completed_count = completed_count + $3 WHERE id = $1 RETURNING next_number - $2 AS first`,
    /** A trial became completed (finishTrial): completed is a final state, so the counter only grows. */
    countCompleted: `UPDATE ${t('studies')} SET completed_count = completed_count + 1 WHERE id = $1`,
    clock: `SELECT next_number, completed_count FROM ${t('studies')} WHERE id = $1`,
    listTrials: `SELECT ${TRIAL_COLUMNS} FROM ${t('trials')} WHERE study_id = $1 ORDER BY number`,
    /**
     * Trials in any of `states` ($2..): one index range of trials_by_state (study_id, state, number)
     * per state, UNION ALL in one statement (one snapshot); only the rows found are sorted. Each
     * state is its own bound value, so the planner sees it: a rare state ('running') gets the index,
     * where \`state = ANY($2) ORDER BY number\` or a join on unnest() can lead it to scan every
     * completed trial of the study to list the few running ones (the hash join seen in EXPLAIN).
     */
    listTrialsIn: (states: number) => {
      const ranges = Array.from({ length: states }, (_, i) => `SELECT ${TRIAL_COLUMNS} FROM ${t('trials')} WHERE study_id = $1 AND state = $${i + 2}`);
      return `SELECT * FROM (${ranges.join(' UNION ALL ')}) t ORDER BY number`;
    },
    getTrial: `SELECT ${TRIAL_COLUMNS} FROM ${t('trials')} WHERE study_id = $1 AND id = $2`,
    /** Counts kept exact by the trigger of migration 2: one row per state seen, not a scan. */
    countByState: `SELECT state, n FROM ${t('trial_counts')} WHERE study_id = $1`,
    insertTrials: (rows: number) => {
      const k = TRIAL_INSERT_COLUMNS.length;
      const tuples = Array.from({ length: rows }, (_, i) => `(${Array.from({ length: k }, (_, j) => `$${i * k + j + 1}`).join(', ')})`);
      return `INSERT INTO ${t('trials')} (${TRIAL_INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
    },
    claim: `UPDATE ${t('trials')} SET state = 'running', lease_expires_at = $1, lease_expires_ms = $2, client_id = COALESCE($3, client_id)
      WHERE id IN (SELECT id FROM ${t('trials')} WHERE study_id = $4 AND state = 'queued' ORDER BY number LIMIT $5) RETURNING ${TRIAL_COLUMNS}`,
    finish: `UPDATE ${t('trials')} SET state = $3, values_json = $4, cost = $5, fail_reason = $6, finished_at = $7, lease_expires_at = NULL, lease_expires_ms = NULL
      WHERE study_id = $1 AND id = $2 AND state IN ('running', 'abandoned') RETURNING ${TRIAL_COLUMNS}`,
    extend: `UPDATE ${t('trials')} SET lease_expires_at = $1, lease_expires_ms = $2 WHERE study_id = $3 AND id = $4 AND state = 'running'`,
    abandon: `UPDATE ${t('trials')} SET state = 'abandoned', lease_expires_at = NULL, lease_expires_ms = NULL
      WHERE study_id = $1 AND state = 'running' AND lease_expires_ms < $2 RETURNING ${TRIAL_COLUMNS}`,
    getRequest: `SELECT kind, result_json, target, fingerprint, summary FROM ${t('requests')} WHERE study_id = $1 AND request_id = $2`,
    putRequest: `INSERT INTO ${t('requests')} (study_id, request_id, kind, result_json, created_at, target, fingerprint, summary)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (study_id, request_id) DO NOTHING`,
    getCurvePoint: `SELECT trial_id, step, value, prune, reason FROM ${t('trial_curves')} WHERE study_id = $1 AND trial_id = $2 AND step = $3`,
    insertCurvePoint: `INSERT INTO ${t('trial_curves')} (study_id, trial_id, step, value, prune, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    /** The value at the trial's largest step (a pruned trial keeps it). */
    lastCurveValue: `SELECT value FROM ${t('trial_curves')} WHERE study_id = $1 AND trial_id = $2 ORDER BY step DESC LIMIT 1`,
    listCurves: `SELECT trial_id, step, value, prune, reason FROM ${t('trial_curves')} WHERE study_id = $1 ORDER BY trial_id, step`,
    /** Points at some steps ($2) of every trial: the trial_curves_by_step index (migration 3). */
    listCurveSteps: `SELECT trial_id, step, value, prune, reason FROM ${t('trial_curves')} WHERE study_id = $1 AND step = ANY($2::bigint[]) ORDER BY trial_id, step`,
    listCurvesOf: `SELECT trial_id, step, value, prune, reason FROM ${t('trial_curves')} WHERE study_id = $1 AND trial_id = ANY($2::text[]) ORDER BY trial_id, step`,
    getPolicy: `SELECT state_json FROM ${t('policy_states')} WHERE study_id = $1`,
    putPolicy: `INSERT INTO ${t('policy_states')} (study_id, state_json, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (study_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at`,
  };
}

/** SQLSTATEs that mean "try again": serialization failure, deadlock, server shutting down or overloaded. */
const RETRYABLE = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300', '55P03']);
/** Socket errors node-postgres passes through. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** True when a connection that saw `e` must be discarded rather than returned to the pool. */
export function brokenConnection(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (e instanceof BoError) return false;
  return typeof code !== 'string' || code.startsWith('08') || RETRYABLE.has(code) || NETWORK.has(code);
}

/** Maps driver errors to wire codes: connection trouble is retryable (UNAVAILABLE), a duplicate key is CONFLICT. */
export function mapPgError(e: unknown): unknown {
  if (e instanceof BoError) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const msg = typeof err?.message === 'string' ? err.message : String(e);
  if (code === '23505') return new BoError('CONFLICT', `already exists: ${msg}`);
  if (code === '22021' || code === '22P05') return invalidArgument([], `text PostgreSQL cannot store (e.g. a NUL character): ${msg}`);
  if (code.startsWith('08') || RETRYABLE.has(code) || NETWORK.has(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(msg)) {
    return new BoError('UNAVAILABLE', `storage unavailable: ${msg}`);
  }
  if (code !== '') return new BoError('INTERNAL', `storage error ${code}: ${msg}`);
  return e;
}
