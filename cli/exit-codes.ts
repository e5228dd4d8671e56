/** The CLI's exit statuses (README "Command line"): scripts may branch on them. */
import type { ErrorCode } from '../protocol/errors.js';

export const EXIT = {
  ok: 0,
  /** Anything else: INTERNAL, an unexpected failure. */
  error: 1,
  /** Bad command line: unknown command or flag, missing argument (also `serve`'s flag errors). */
  usage: 2,
  /** The study (or trial) does not exist, or a name matches no study. */
  notFound: 3,
  /** UNAUTHENTICATED or PERMISSION_DENIED: a missing or wrong --token, a refused origin. */
  auth: 4,
  /** The server cannot be reached or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED). */
  unavailable: 5,
  /** The request or input was refused: INVALID_ARGUMENT, CONFLICT, FAILED_PRECONDITION, a bad import file, an ambiguous name. */
  refused: 6,
} as const;

/** The exit status of a service error code. */
export function exitFor(code: ErrorCode | string): number {
  switch (code) {
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return EXIT.auth;
    case 'UNAVAILABLE':
    case 'DEADLINE_EXCEEDED':
      return EXIT.unavailable;
    case 'INVALID_ARGUMENT':
    case 'CONFLICT':
    case 'FAILED_PRECONDITION':
      return EXIT.refused;
    default:
      return EXIT.error;
  }
}

/** An error the CLI reports as one line on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
