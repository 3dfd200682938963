/**
 * The roles of a membership, per tenant. What each may do is the role table of docs/ADMIN.md
 * (one table, extended by the back office's pages); routes name the roles they admit with
 * `requireRole` (./authorize.ts) and the queries filter by tenant and organisation (./scope.ts).
 */
import type { Role } from '../db/schema.ts';

export type { Role };

export const ROLES = ['admin', 'editor', 'moderator', 'planner', 'block_connector'] as const satisfies readonly Role[];

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}
