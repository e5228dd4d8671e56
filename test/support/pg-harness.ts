/**
 * A throw-away PostgreSQL server for tests: initdb in a temporary directory, pg_ctl start on a free
 * loopback port (its unix socket in the same directory), one database created, and everything
 * stopped and removed on every path: stop(), process exit, SIGINT/SIGTERM, and a detached watchdog
 * that stops the server once this process is gone (covers SIGKILL, e.g. a test runner's timeout).
 *
 * initdb refuses to run as root, so as root every server command runs as the `postgres` user (or
 * `nobody`) through runuser, and the directory is chown'ed to it first. Settings trade durability
 * for speed (fsync off): this cluster is discarded after the tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, onProcessEnd, spawnWatchdog, stopWatchdog } from './process-cleanup.js';

/** A running test server. */
export interface PgServer {
  /** postgres:// URL of the created database (superuser 'bo', trust auth, 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Stops the server and removes its directory; idempotent. */
  stop(): void;
}

/** Where a binaries directory must hold these (createdb is not needed: the harness creates the database itself). */
const REQUIRED = ['initdb', 'pg_ctl', 'postgres'];

/** Candidate binary directories, most specific first: $PG_BINDIR, pg_config --bindir, Debian's versioned dirs, /usr/local. */
function candidates(): string[] {
  const out: string[] = [];
  if (process.env.PG_BINDIR) out.push(process.env.PG_BINDIR);
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0 && cfg.stdout.trim() !== '') out.push(cfg.stdout.trim());
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) out.push(join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    // No Debian package installed.
  }
  out.push('/usr/local/pgsql/bin', '/usr/local/bin', '/usr/bin');
  return out;
}

/** The directory holding initdb, pg_ctl and postgres, or null when PostgreSQL is not installed. */
export function findPgBin(): string | null {
  return candidates().find((d) => REQUIRED.every((b) => existsSync(join(d, b)))) ?? null;
}

/** The non-root user server commands run as when this process is root (initdb refuses root), or null. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists: initdb refuses root');
}

/** Single-quotes a word for sh. */
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts a fresh server with one database `bo_test`; throws (after cleaning up) if any step fails. */
export async function startPostgres(options: { bin?: string; database?: string } = {}): Promise<PgServer> {
  const bin = options.bin ?? findPgBin();
  if (!bin) throw new Error('no PostgreSQL binaries found (initdb, pg_ctl, postgres)');
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'bo-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  // As root: `runuser -u postgres -- cmd ...` (no shell, no login environment needed).
  const argv = (cmd: string, args: string[]): [string, string[]] => (user ? ['runuser', ['-u', user.name, '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]);
  const run = (cmd: string, args: string[], timeout = 60_000): void => {
    const [file, a] = argv(cmd, args);
    // stdio ignored for pg_ctl: the daemon it leaves behind must not hold our pipes open.
    execFileSync(file, a, { stdio: ['ignore', 'ignore', 'pipe'], timeout, cwd: dir });
  };
  let stopped = false;
  let started = false;
  let watchdog: number | undefined;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    unregister();
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 40_000);
      } catch {
        // Already gone (or the watchdog got there first); the directory goes anyway.
      }
    }
    stopWatchdog(watchdog);
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onProcessEnd(stop);
  try {
    const port = await freePort();
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'bo', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    started = true;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start'], 70_000);
    // The watchdog outlives a SIGKILLed test process and stops the server it leaves behind.
    const [stopFile, stopArgs] = argv('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    watchdog = spawnWatchdog(`${[stopFile, ...stopArgs].map(sh).join(' ')} >/dev/null 2>&1; rm -rf ${sh(dir)}`);
    const database = options.database ?? 'bo_test';
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'bo', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end();
    }
    return { url: `postgres://bo@127.0.0.1:${port}/${database}`, port, stop };
  } catch (e) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    stop();
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start PostgreSQL from ${bin}: ${(e as Error).message}\n${stderr}\n${log}`);
  }
}
