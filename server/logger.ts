/** Structured logs: one JSON line per event on stdout ({time, level, event, ...fields}). */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** The logging seam the server passes around. */
export interface Logger {
  readonly level: LogLevel;
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Logged at level info whatever the configured level, except 'silent' (startup lines tools parse). */
  always(event: string, fields?: Record<string, unknown>): void;
}

/** Parses a level name; unknown names are an error the CLI reports. */
export function parseLogLevel(value: string): LogLevel {
  if (Object.hasOwn(RANK, value)) return value as LogLevel;
  throw new Error(`unknown log level '${value}' (debug, info, warn, error, silent)`);
}

/** Errors are not JSON-serialisable by default; keep their name, message and stack. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A logger writing JSON lines through `write` (stdout by default). */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const emit = (lvl: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>, force = false): void => {
    if (level === 'silent' || (!force && RANK[lvl] < RANK[level])) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...fields }, replacer);
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, event, note: 'fields not serialisable' });
    }
    write(line + '\n');
  };
  return {
    level,
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    always: (e, f) => emit('info', e, f, true),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('silent');
