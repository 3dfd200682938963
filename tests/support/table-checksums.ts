/**
 * Every table's row count and an md5 of its rows ordered by primary key: two databases (or one
 * database before and after something) hold the same data exactly when these are equal.
 * PostGIS's own spatial_ref_sys is left out (extension data, the same in every database).
 */
import { type Kysely, sql } from 'kysely';

export interface TableChecksum {
  rows: number;
  md5: string;
}

export type Checksums = Record<string, TableChecksum>;

const SKIP = new Set(['spatial_ref_sys']);

/** base tables of the public schema with their primary-key columns (in key order) and columns */
export async function tableLayout(db: Kysely<unknown>): Promise<Record<string, { pk: string[]; columns: string[] }>> {
  const { rows } = await sql<{ table: string; pk: string[] | null; columns: string[] }>`
    SELECT c.relname AS table,
           (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
             WHERE i.indrelid = c.oid AND i.indisprimary) AS pk,
           (SELECT array_agg(a.attname::text ORDER BY a.attnum)
              FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     ORDER BY c.relname`.execute(db);
  return Object.fromEntries(
    rows.filter((r) => !SKIP.has(r.table)).map((r) => [r.table, { pk: r.pk ?? [], columns: r.columns }]),
  );
}

/**
 * Checksums of every table; with `layout`, only those tables and columns (e.g. the columns an
 * older schema had, to check that a migration kept them intact).
 */
export async function tableChecksums(
  db: Kysely<unknown>,
  layout?: Record<string, { pk: string[]; columns: string[] }>,
): Promise<Checksums> {
  const tables = layout ?? (await tableLayout(db));
  const out: Checksums = {};
  for (const [table, { pk, columns }] of Object.entries(tables)) {
    const row = sql`(${sql.join(columns.map((c) => sql.ref(`t.${c}`)))})::text`;
    const order = pk.length ? sql.join(pk.map((c) => sql.ref(`t.${c}`))) : row;
    const { rows } = await sql<{ n: number; md5: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(${row}, E'\n' ORDER BY ${order})) AS md5
        FROM ${sql.table(table)} AS t`.execute(db);
    out[table] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.md5 ?? '' };
  }
  return out;
}
