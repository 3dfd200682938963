/**
 * A second, empty tenant ("Otherton": English only, no places) for the tests that check what an
 * account of another municipality may not do; optionally with its admin. (For a second tenant with
 * places and opportunities of its own, see ./second-town.ts.)
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { addUser } from './accounts.ts';

export async function addOtherTenant(
  db: Kysely<DB>,
  opts: { slug?: string; admin?: string } = {},
): Promise<{ id: number; slug: string }> {
  const tenant = await db
    .insertInto('tenant')
    .values({
      slug: opts.slug ?? 'otherton',
      name: JSON.stringify({ en: 'Otherton' }),
      locales: ['en'],
      default_locale: 'en',
      timezone: 'Europe/London',
      home: JSON.stringify({ center: [0, 51], zoom: 12 }),
      bbox: null,
      source: 'test',
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  if (opts.admin) await addUser(db, { tenant: tenant.slug, email: opts.admin, role: 'admin' });
  return tenant;
}
