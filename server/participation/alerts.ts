/**
 * Block connectors hear of what appears in their area: when a proposal, a need or an activity is
 * published, `queueConnectorAlerts` (called in the publishing transaction) records one alert per
 * block connector whose area holds it — none outside it, never twice for the same item. The
 * mails are sent after the commit by the connectors' sender (server/connectors/), which marks
 * `sent_at`; an alert not sent (mail down) is retried by it.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ConnectorAlertTable, DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * records the alerts for an item at a point, or — for an item located only by its neighbourhood —
 * for the connectors whose area overlaps that neighbourhood; returns how many were new
 */
export async function queueConnectorAlerts(
  db: Executor,
  input: {
    tenantId: number;
    targetType: ConnectorAlertTable['target_type'];
    targetId: string;
    where: { lon: number; lat: number } | { areaId: string };
  },
): Promise<number> {
  const shape =
    'areaId' in input.where
      ? sql`(SELECT n.geom FROM area n WHERE n.id = ${input.where.areaId} AND n.tenant_id = ${input.tenantId})`
      : sql`ST_SetSRID(ST_MakePoint(${input.where.lon}, ${input.where.lat}), 4326)`;
  const r = await sql`
    INSERT INTO connector_alert (membership_id, tenant_id, target_type, target_id)
    SELECT m.id, m.tenant_id, ${input.targetType}, ${input.targetId}::uuid
    FROM membership m
    LEFT JOIN area a ON a.id = m.area_id AND a.tenant_id = m.tenant_id
    JOIN account acc ON acc.id = m.account_id AND acc.disabled_at IS NULL
    WHERE m.tenant_id = ${input.tenantId} AND m.role = 'block_connector'
      AND COALESCE(m.area_geom, a.geom) IS NOT NULL
      AND ST_Intersects(COALESCE(m.area_geom, a.geom), ${shape})
      AND NOT ST_Touches(COALESCE(m.area_geom, a.geom), ${shape})
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
