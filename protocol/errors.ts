/** The one map of error codes on the wire; `retryable` follows from the code. */
export const ERROR_CODES = {
  INVALID_ARGUMENT: { http: 400, retryable: false },
  NOT_FOUND: { http: 404, retryable: false },
  CONFLICT: { http: 409, retryable: false },
  FAILED_PRECONDITION: { http: 412, retryable: false },
  UNAUTHENTICATED: { http: 401, retryable: false },
  UNAVAILABLE: { http: 503, retryable: true },
  DEADLINE_EXCEEDED: { http: 504, retryable: true },
  INTERNAL: { http: 500, retryable: true },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one field of a message: `path` locates it (zod style). */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** The error body every transport sends. */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  issues?: FieldIssue[];
  /** UNAVAILABLE from a full queue: wait at least this long before retrying, ms (REST also sends Retry-After). */
  retryAfterMs?: number;
}
