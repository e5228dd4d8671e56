import { ERROR_CODES, type ErrorCode, type FieldIssue, type WireError } from '../protocol/errors.js';

/** An error with a wire code; thrown by core and server code, converted once by transports. */
export class BoError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'BoError';
    this.code = code;
    this.issues = issues;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.issues && this.issues.length > 0) wire.issues = this.issues;
    return wire;
  }
}

/** Shorthand for INVALID_ARGUMENT naming the offending field. */
export function invalidArgument(path: (string | number)[], message: string): BoError {
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  return new BoError('INVALID_ARGUMENT', `${where}${message}`, [{ path, message }]);
}
