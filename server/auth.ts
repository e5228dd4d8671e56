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

/** Without a token the server must stay on loopback: anyone who can reach it could drive it. */
export function checkBindAllowed(host: string, token: string | undefined): void {
  if (token) return;
  if (!isLoopbackHost(host)) {
    throw new BoError('FAILED_PRECONDITION', `refusing to listen on non-loopback host '${host}' without a token (set --token or BO_TOKEN)`);
  }
}
