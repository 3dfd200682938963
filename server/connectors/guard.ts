/**
 * The abuse guard of the connectors' public form. The shared one, guardSubmission of
 * server/participation/abuse.ts (honeypot, blocked addresses and domains, the per-e-mail limit),
 * is written by the proposals part; until it is merged here this applies the honeypot only.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';

export interface GuardInput {
  tenantId: number;
  email: string;
  honeypot: string | undefined;
}

/** 'drop': answer as usual but store and send nothing (the honeypot was filled) */
export async function guardApplication(
  _c: Context,
  _deps: AppDeps,
  input: GuardInput,
): Promise<{ drop: boolean; clientHash: string | null }> {
  return { drop: !!input.honeypot?.trim(), clientHash: null };
}
