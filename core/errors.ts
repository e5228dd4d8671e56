import { ERROR_CODES, type ErrorCode, type FieldIssue, type WireError } from '../protocol/errors.js';

/** An error with a wire code; thrown by core and server code, converted once by transports. */
export class BoError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  /** A hint for retryable errors (e.g. a full compute queue): retry after this long, ms. */
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[], options: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'BoError';
    this.code = code;
    this.issues = issues;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.issues && this.issues.length > 0) wire.issues = this.issues;
    if (this.retryAfterMs !== undefined) wire.retryAfterMs = this.retryAfterMs;
    return wire;
  }
}

/** Shorthand for INVALID_ARGUMENT naming the offending field. */
export function invalidArgument(path: (string | number)[], message: string): BoError {
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  return new BoError('INVALID_ARGUMENT', `${where}${message}`, [{ path, message }]);
}
