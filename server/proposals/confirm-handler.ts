/**
 * The confirmation of a proposal (registered in server/participation/confirm.ts): an unconfirmed
 * proposal becomes pending — in the moderation queue — with its neighbourhood and designated
 * zones assigned (server/participation/places.ts), `confirmed_at` and `submitted_at` set.
 */
import { sql } from 'kysely';
import { recordAudit } from '../audit/record.ts';
import type { ConfirmHandler } from '../participation/confirm.ts';
import { locate } from '../participation/places.ts';

export const RESIDENT_ACTOR = { kind: 'system', label: 'resident' } as const;

export const confirmProposal: ConfirmHandler = async (trx, tenantId, id) => {
  const row = await sql<{
    status: string;
    lon: number | null;
    lat: number | null;
    area_id: string | null;
    email: string | null;
  }>`
    SELECT status, ST_X(geom) AS lon, ST_Y(geom) AS lat, area_id, email
    FROM proposal WHERE id = ${id} AND tenant_id = ${tenantId} FOR UPDATE`.execute(trx);
  const p = row.rows[0];
  if (!p) return null;
  if (p.status !== 'unconfirmed') return { status: p.status };
  const where =
    p.lon !== null && p.lat !== null
      ? { lon: Number(p.lon), lat: Number(p.lat) }
      : p.area_id
        ? { areaId: p.area_id }
        : null;
  const place = where ? await locate(trx, tenantId, where) : null;
  const now = new Date();
  await trx
    .updateTable('proposal')
    .set({
      status: 'pending',
      confirmed_at: now,
      submitted_at: now,
      updated_at: sql`now()` as never,
      area_id: place?.areaId ?? p.area_id,
      zone_ids: place?.zoneIds ?? [],
    })
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .execute();
  const domain = p.email ? p.email.slice(p.email.lastIndexOf('@') + 1) : null;
  await recordAudit(trx, {
    tenantId,
    actor: RESIDENT_ACTOR,
    action: 'proposal.confirm',
    entity: { type: 'proposal', id },
    previous: { status: 'unconfirmed' },
    next: {
      status: 'pending',
      area_id: place?.areaId ?? p.area_id,
      zone_ids: place?.zoneIds ?? [],
      email_domain: domain,
    },
    summary: 'Confirmed by the proposer from the e-mail: waiting for moderation',
  });
  return { status: 'pending' };
};
