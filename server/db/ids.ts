/**
 * Stable ids: a row imported from (tenant, source, source id) always gets the same UUID (v5,
 * RFC 9562), so links to it survive a re-import or a database rebuilt on another machine.
 */
import { createHash } from 'node:crypto';

// A fixed namespace UUID for Commons Map (randomly drawn once).
const NAMESPACE = Buffer.from('6f1c3b52a8e94e0c9d2b7a41c5e8f903', 'hex');

export function stableId(tenantSlug: string, source: string, sourceId: string, table: string): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(`${table}\u0000${tenantSlug}\u0000${source}\u0000${sourceId}`)
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
