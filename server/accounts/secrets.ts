/**
 * Secrets handed to people (session cookies, sign-in links, API tokens): 256 random bits,
 * base64url; only their SHA-256 is stored. API tokens carry a recognisable prefix so that secret
 * scanners and people can tell them apart from other strings.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'cmt_';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** a secret as handed out: 43 base64url characters */
export const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;
export const API_TOKEN_RE = /^cmt_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${newSecret()}`;
}

/** constant-time comparison of two strings (false when their lengths differ) */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
