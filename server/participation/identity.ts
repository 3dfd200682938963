/**
 * Who submitted, as little as needed: the e-mail address normalised (for "one per e-mail" and the
 * limits, its hash keyed by the tenant), its domain (for moderators' blocks), and the client
 * address only as a hash keyed by a server secret (never stored as is).
 */
import { createHash, createHmac } from 'node:crypto';

/** trimmed and lower-cased; the local part is kept as written otherwise (no dot/plus folding) */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** the domain of an address (after the last @), lower-case */
export function emailDomain(email: string): string {
  const e = normalizeEmail(email);
  return e.slice(e.lastIndexOf('@') + 1);
}

/** the same address gives the same hash within a tenant, a different one in another tenant */
export function emailHash(tenantId: number, email: string): string {
  return createHash('sha256')
    .update(`${tenantId}\u0000${normalizeEmail(email)}`)
    .digest('base64url');
}

/**
 * a client address as stored: an HMAC keyed by `secret` (config PARTICIPATION_SECRET, or a
 * per-install secret), so that the 2^32 IPv4 addresses cannot be tried one by one from a dump
 */
export function clientHash(secret: string, tenantId: number, address: string): string {
  return createHmac('sha256', secret).update(`${tenantId}\u0000${address}`).digest('base64url');
}
