import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { BoError } from '../core/errors.js';

/**
 * Constant-time token check: both sides are hashed first so the comparison never leaks the
 * expected token's length (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1]!.trim() : undefined;
}

/** The error every unauthenticated request gets (no hint whether a token was close). */
export function unauthenticated(): BoError {
  return new BoError('UNAUTHENTICATED', 'a valid token is required (Authorization: Bearer <token>, or socket auth {token})');
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}

/**
 * Shortest token accepted on a non-loopback bind: 16 characters of a random string are ~80+ bits,
 * out of reach of online guessing; a one-character token would be found in a few requests.
 */
export const MIN_PUBLIC_TOKEN_LENGTH = 16;

/**
 * Without a token the server must stay on loopback: anyone who can reach it could drive it. On a
 * non-loopback bind the token must also be at least MIN_PUBLIC_TOKEN_LENGTH characters long.
 */
export function checkBindAllowed(host: string, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!token) {
    throw new BoError('FAILED_PRECONDITION', `refusing to listen on non-loopback host '${host}' without a token (set --token or BO_TOKEN)`);
  }
  if (token.length < MIN_PUBLIC_TOKEN_LENGTH) {
    throw new BoError('FAILED_PRECONDITION', `refusing to listen on non-loopback host '${host}' with a ${token.length}-character token: a public bind needs at least ${MIN_PUBLIC_TOKEN_LENGTH} characters (for example: openssl rand -hex 24)`);
  }
}
