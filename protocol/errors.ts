/**
 * The one map of error codes on the wire; `retryable` follows from the code, `http` is the REST
 * status. Two REST refusals of a whole body keep INVALID_ARGUMENT but answer a more precise
 * status (REST_BODY_STATUS): 413 for a body over MAX_PAYLOAD_BYTES, 415 for a write that is not
 * `Content-Type: application/json`. PERMISSION_DENIED: a browser Origin or a Host header the
 * server does not accept (cross-origin and DNS-rebinding protection; see README "Security").
 */
export const ERROR_CODES = {
  INVALID_ARGUMENT: { http: 400, retryable: false },
  NOT_FOUND: { http: 404, retryable: false },
  CONFLICT: { http: 409, retryable: false },
  FAILED_PRECONDITION: { http: 412, retryable: false },
  UNAUTHENTICATED: { http: 401, retryable: false },
  PERMISSION_DENIED: { http: 403, retryable: false },
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

/** REST statuses of INVALID_ARGUMENT refusals of a whole request body (see ERROR_CODES). */
export const REST_BODY_STATUS = { tooLarge: 413, notJson: 415 } as const;
