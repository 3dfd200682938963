/** Reads a tenant's walk network (imported, or made of its streets) into a WalkGraph, samples snapped. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { STREETS_SOURCE } from '../import/street-graph.ts';
import type { Network } from './distances.ts';
import type { Sample } from './samples.ts';
import { WalkGraph } from './walk-graph.ts';

export async function loadWalkGraph(
  db: Kysely<DB>,
  tenantId: number,
  srid: number,
  samples: Sample[],
): Promise<Network | null> {
  const { rows } = await sql<{ from_node: string; to_node: string; g: string }>`
    SELECT from_node::text, to_node::text, ST_AsGeoJSON(ST_Transform(geom, ${srid}::int), 3) AS g
    FROM walk_edge WHERE tenant_id = ${tenantId}
      -- an imported walk network (OpenStreetMap) wins over the one made of the town's streets
      AND (source <> ${STREETS_SOURCE} OR NOT EXISTS (
        SELECT 1 FROM walk_edge o WHERE o.tenant_id = ${tenantId} AND o.source <> ${STREETS_SOURCE}))
    ORDER BY id`.execute(db);
  if (!rows.length) return null;
  const nodeIndex = new Map<string, number>();
  const node = (id: string) => {
    let i = nodeIndex.get(id);
    if (i === undefined) {
      i = nodeIndex.size;
      nodeIndex.set(id, i);
    }
    return i;
  };
  const lines = rows.map((r) => {
    const g = JSON.parse(r.g) as GeoJSON.LineString;
    return {
      from: node(r.from_node),
      to: node(r.to_node),
      line: g.coordinates.flatMap((p) => [p[0] as number, p[1] as number]),
    };
  });
  const graph = WalkGraph.fromLines(nodeIndex.size, lines);
  return { graph, snaps: samples.map((s) => graph.snap(s.x, s.y)) };
}
