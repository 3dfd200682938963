/**
 * The abuse guard of the connectors' public form: the shared guardSubmission of
 * server/participation/abuse.ts (honeypot, blocked addresses and domains, the per-e-mail limit).
 */
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import { guardSubmission } from '../participation/abuse.ts';

export interface GuardInput {
  tenantId: number;
  email: string;
  honeypot: string | undefined;
}

/** drop: answer as usual but store and send nothing (the honeypot was filled) */
export async function guardApplication(
  c: Context,
  deps: AppDeps,
  input: GuardInput,
): Promise<{ drop: boolean; clientHash: string | null }> {
  const g = await guardSubmission(c, deps, input);
  return g.drop ? { drop: true, clientHash: null } : { drop: false, clientHash: g.clientHash };
}
