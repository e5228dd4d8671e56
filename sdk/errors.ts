import { ERROR_CODES, type ErrorCode, type FieldIssue, type WireError } from '../protocol/errors.js';

/** An error the SDK rejects with: the server's wire error, or a transport failure mapped onto the same codes. */
export class SdkError extends Error {
  override readonly name = 'SdkError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly issues: FieldIssue[];
  /** The server's hint (a full compute queue): retry no sooner than this, ms. */
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, issues: FieldIssue[] = [], retryable?: boolean, retryAfterMs?: number) {
    super(message);
    this.code = code;
    this.issues = issues;
    this.retryable = retryable ?? ERROR_CODES[code]?.retryable ?? false;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }

  /** Builds an SdkError from a wire error body (tolerates a malformed one). */
  static fromWire(error: Partial<WireError> | undefined): SdkError {
    const code = error?.code && error.code in ERROR_CODES ? error.code : 'INTERNAL';
    const message = typeof error?.message === 'string' ? error.message : 'malformed error from server';
    const issues = Array.isArray(error?.issues) ? error.issues : [];
    const retryAfterMs = typeof error?.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0 ? error.retryAfterMs : undefined;
    return new SdkError(code, message, issues, typeof error?.retryable === 'boolean' ? error.retryable : undefined, retryAfterMs);
  }
}

/** True for errors worth retrying with the same requestId (server says so, or the transport failed). */
export function isRetryable(err: unknown): boolean {
  return err instanceof SdkError ? err.retryable : false;
}
