/**
 * The name search as it was before its GiST nearest-first walks (issue 11): every match scored,
 * then sorted — plainly right and slow. Tests compare the product's statement with it.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { localized } from '../../server/layers/queries.ts';

export async function nameSearchOracle(
  db: Kysely<DB>,
  q: { tenantId: number; text: string; lang: string; defaultLang: string; limit: number },
) {
  const t = q.text.trim();
  const { rows } = await sql<{ id: string; type: string; name: string; score: number }>`
    WITH q AS (SELECT cm_fold(${t}::text) AS v)
    SELECT id, type, name, score FROM (
      SELECT p.id::text AS id, 'place' AS type, COALESCE(p.names->>${q.lang}::text, p.name) AS name,
             GREATEST(word_similarity(q.v, cm_fold(p.name)), word_similarity(q.v, cm_fold(COALESCE(p.address, '')))) AS score
      FROM place p, q WHERE p.tenant_id = ${q.tenantId}
        AND (q.v <% cm_fold(p.name) OR q.v <% cm_fold(COALESCE(p.address, '')))
      UNION ALL
      SELECT o.id::text, 'opportunity', ${localized('o.title', q.lang, q.defaultLang)}, word_similarity(q.v, cm_fold(o.title::text))
      FROM opportunity o, q WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published' AND q.v <% cm_fold(o.title::text)
      UNION ALL
      SELECT a.id::text, 'neighbourhood', a.name, word_similarity(q.v, cm_fold(a.name))
      FROM area a, q WHERE a.tenant_id = ${q.tenantId} AND q.v <% cm_fold(a.name)
      UNION ALL
      SELECT min(b.id::text), 'street', b.name, max(word_similarity(q.v, cm_fold(b.name)))
      FROM basemap_feature b, q WHERE b.tenant_id = ${q.tenantId} AND b.kind = 'street' AND b.name IS NOT NULL AND q.v <% cm_fold(b.name)
      GROUP BY b.name
    ) hits
    ORDER BY score DESC, name, id
    LIMIT ${q.limit}`.execute(db);
  return rows;
}
