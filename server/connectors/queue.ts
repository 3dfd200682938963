/**
 * Alerts for the back office's own publishing: an opportunity published (review, status change,
 * an edit of a published one that moves it) queues the block connectors' alerts of its point —
 * its own, else its place's — in the publishing transaction (server/participation/alerts.ts; at
 * most one alert per connector and item). The mails go out after the commit (alerts-sender.ts).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueConnectorAlerts } from '../participation/alerts.ts';

export async function queueOpportunityAlerts(
  trx: Transaction<DB>,
  tenantId: number,
  id: string,
): Promise<number> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (
      SELECT ST_PointOnSurface(COALESCE(o.geom,
        (SELECT p.anchor FROM place p WHERE p.id = o.place_id AND p.tenant_id = o.tenant_id))) AS g
      FROM opportunity o WHERE o.id = ${id}::uuid AND o.tenant_id = ${tenantId} AND o.status = 'published') s
    WHERE g IS NOT NULL`.execute(trx);
  const at = rows[0];
  if (!at) return 0;
  return queueConnectorAlerts(trx, {
    tenantId,
    targetType: 'opportunity',
    targetId: id,
    where: { lon: Number(at.lon), lat: Number(at.lat) },
  });
}
