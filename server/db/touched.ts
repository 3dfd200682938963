/**
 * `updated_at` of an upsert moves only when the row's content really changed: re-importing an
 * unchanged file leaves it as it was, so everything derived from it (a calendar feed's SEQUENCE
 * and LAST-MODIFIED, an Atom entry's <updated>, the feeds' ETag and Last-Modified) stays put.
 *
 *   ON CONFLICT (…) DO UPDATE SET name = excluded.name, …,
 *     updated_at = ${updatedAtIfChanged('place', ['name', …])}
 *
 * The comparison is `IS DISTINCT FROM` on the row of the columns (NULL equals NULL; geometry
 * compares exactly, coordinates and order; jsonb by value), against the values the SET writes:
 * `excluded.<column>` unless `written` gives the column's own expression (e.g. a COALESCE).
 * Table and column names are constants of the calling statement, never input.
 */
import { type RawBuilder, sql } from 'kysely';

export function updatedAtIfChanged(
  table: string,
  columns: readonly string[],
  written: Readonly<Record<string, RawBuilder<unknown>>> = {},
): RawBuilder<unknown> {
  const stored = columns.map((c) => sql.ref(`${table}.${c}`));
  const next = columns.map((c) => written[c] ?? sql.ref(`excluded.${c}`));
  return sql`CASE WHEN ROW(${sql.join(stored)}) IS DISTINCT FROM ROW(${sql.join(next)})
    THEN now() ELSE ${sql.ref(`${table}.updated_at`)} END`;
}
