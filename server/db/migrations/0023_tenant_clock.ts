/**
 * The tenant's clock (issue 14): '12h' or '24h' forces how every time on the town's pages reads;
 * null (the default) follows the reader's language and the town (24-hour in French, Hebrew,
 * Polish, Ukrainian and Russian, and in English outside North America and a few other places).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenant_setting ADD COLUMN clock text CHECK (clock IN ('12h', '24h'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenant_setting DROP COLUMN clock`.execute(db);
}
