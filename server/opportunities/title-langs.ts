/**
 * The language each activity's title is shown in for a reader of `lang`: the reader's when the
 * title has it, else the tenant's default, else the first it has (the order of `localized` in
 * server/layers/queries.ts). Lists that show titles without it (text search hits) mark the ones
 * not in the reader's language with it. One statement, the tenant in it.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function titleLanguages(
  db: Kysely<DB>,
  q: { tenantId: number; ids: string[]; lang: string; defaultLang: string },
): Promise<Map<string, string>> {
  const ids = q.ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!ids.length) return new Map();
  const { rows } = await sql<{ id: string; name_lang: string | null }>`
    SELECT o.id::text AS id,
           CASE WHEN o.title ? ${q.lang}::text THEN ${q.lang}::text
                WHEN o.title ? ${q.defaultLang}::text THEN ${q.defaultLang}::text
                ELSE (SELECT key FROM jsonb_each_text(o.title) LIMIT 1) END AS name_lang
      FROM opportunity o
     WHERE o.tenant_id = ${q.tenantId} AND o.id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.filter((r) => r.name_lang).map((r) => [r.id, r.name_lang as string]));
}
