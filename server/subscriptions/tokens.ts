/** Link tokens: 256 random bits in the mail, only their SHA-256 in the database. */
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** a token as it may arrive in a link: 43 base64url characters */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
