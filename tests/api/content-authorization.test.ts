/**
 * Who may change places and opportunities (the rows of docs/ADMIN.md's Roles table for
 * /api/admin/opportunities…, /api/admin/places…, /api/admin/schedule-preview), on both databases:
 * every state-changing content endpoint × anonymous, editor of organisation A (the row's), editor
 * of organisation B, moderator, planner, block connector, admin, admin of another tenant.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { call } from '../support/content.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addOtherTenant } from '../support/other-tenant.ts';

type Who =
  | 'anonymous'
  | 'editorA'
  | 'editorB'
  | 'moderator'
  | 'planner'
  | 'blockConnector'
  | 'admin'
  | 'otherAdmin';
const WHO: Who[] = [
  'anonymous',
  'editorA',
  'editorB',
  'moderator',
  'planner',
  'blockConnector',
  'admin',
  'otherAdmin',
];

/** what each one gets: the table's "own organisation" for editor A, 404 (not found) for B's view of A's row */
const EXPECTED_ROW: Record<Who, number[]> = {
  anonymous: [401],
  editorA: [200, 201],
  editorB: [404],
  moderator: [403],
  planner: [403],
  blockConnector: [403],
  admin: [200, 201],
  otherAdmin: [403],
};

describeEachDatabase('back office: content authorization matrix', (ctx) => {
  const s = {} as Record<Exclude<Who, 'anonymous'>, Signed>;
  let orgA = '';

  beforeAll(async () => {
    const db = ctx.database.db;
    await addOtherTenant(db);
    const area = await db
      .selectFrom('area')
      .select('name')
      .where('kind', '=', 'neighbourhood')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const people: [Exclude<Who, 'anonymous'>, Parameters<typeof addUser>[1]][] = [
      ['editorA', { tenant: 'lindmere', email: 'm-a@example.org', role: 'editor', organisation: 'm-org-a' }],
      ['editorB', { tenant: 'lindmere', email: 'm-b@example.org', role: 'editor', organisation: 'm-org-b' }],
      ['moderator', { tenant: 'lindmere', email: 'm-mod@example.org', role: 'moderator' }],
      ['planner', { tenant: 'lindmere', email: 'm-plan@example.org', role: 'planner' }],
      [
        'blockConnector',
        { tenant: 'lindmere', email: 'm-block@example.org', role: 'block_connector', area: area.name },
      ],
      ['admin', { tenant: 'lindmere', email: 'm-admin@example.org', role: 'admin' }],
      ['otherAdmin', { tenant: 'otherton', email: 'm-other@example.org', role: 'admin' }],
    ];
    for (const [who, cmd] of people) {
      await addUser(db, cmd);
      s[who] = await signIn(
        ctx.app,
        cmd.email,
        undefined,
        who === 'otherAdmin' ? { tenant: 'otherton' } : {},
      );
    }
    const { rows } = await sql<{
      id: string;
    }>`SELECT id::text AS id FROM organisation WHERE slug = 'm-org-a'`.execute(db);
    orgA = rows[0]?.id as string;
  });

  const as = (who: Who) => (who === 'anonymous' ? undefined : s[who]);

  it('answers every state-changing content endpoint as the Roles table says', async () => {
    const base = '/api/admin';
    const inputs = {
      opportunities: () => ({
        kind: 'event',
        title: { en: 'Matrix event' },
        organisation_id: orgA,
        location: { lon: 3.5, lat: 54.5 },
      }),
      places: () => ({
        kind: 'park',
        name: 'Matrix park',
        organisation_id: orgA,
        location: { lon: 3.5, lat: 54.5 },
      }),
    };
    const failures: string[] = [];
    for (const kind of ['opportunities', 'places'] as const) {
      // the row every caller tries to change: organisation A's
      const made = await call<{ id: string }>(ctx.app, s.admin, 'POST', `${base}/${kind}`, inputs[kind]());
      expect(made.status).toBe(201);
      const id = made.body.id;
      const fresh = async () =>
        (await call<{ updated_at: string }>(ctx.app, s.admin, 'GET', `${base}/${kind}/${id}`)).body
          .updated_at;
      for (const who of WHO) {
        const checks: [string, () => Promise<number>, number[]][] = [
          [
            `POST ${kind}`,
            async () => (await call(ctx.app, as(who), 'POST', `${base}/${kind}`, inputs[kind]())).status,
            who === 'editorB' ? [403] : EXPECTED_ROW[who],
          ],
          [
            `PATCH ${kind}/{id}`,
            async () =>
              (
                await call(ctx.app, as(who), 'PATCH', `${base}/${kind}/${id}`, {
                  ...(kind === 'places'
                    ? { name: `Renamed by ${who}` }
                    : { title: { en: `Renamed by ${who}` } }),
                  expected_updated_at: await fresh(),
                })
              ).status,
            EXPECTED_ROW[who],
          ],
          [
            `POST ${kind}/{id}/status`,
            async () =>
              (
                await call(ctx.app, as(who), 'POST', `${base}/${kind}/${id}/status`, {
                  status: 'pending',
                  expected_updated_at: await fresh(),
                })
              ).status,
            EXPECTED_ROW[who],
          ],
          [
            `POST ${kind}/{id}/duplicate`,
            async () => (await call(ctx.app, as(who), 'POST', `${base}/${kind}/${id}/duplicate`)).status,
            EXPECTED_ROW[who],
          ],
          [
            `GET ${kind}/{id}/history`,
            async () => (await call(ctx.app, as(who), 'GET', `${base}/${kind}/${id}/history`)).status,
            EXPECTED_ROW[who],
          ],
        ];
        for (const [what, run, expected] of checks) {
          const got = await run();
          if (!expected.includes(got))
            failures.push(`${what} as ${who}: ${got}, expected ${expected.join(' or ')}`);
        }
        // put the status back to draft for the next caller (a no-op when already draft)
        await call(ctx.app, s.admin, 'POST', `${base}/${kind}/${id}/status`, {
          status: 'draft',
          expected_updated_at: await fresh(),
        });
      }
    }
    for (const who of WHO) {
      const got = (
        await call(ctx.app, as(who), 'POST', `${base}/schedule-preview`, {
          schedules: [
            { dtstart: '2027-01-05T10:00', duration_minutes: 60, rrule: 'FREQ=WEEKLY', exdates: [] },
          ],
        })
      ).status;
      const expected = who === 'editorB' ? [200] : EXPECTED_ROW[who];
      if (!expected.includes(got))
        failures.push(`POST schedule-preview as ${who}: ${got}, expected ${expected.join(' or ')}`);
    }
    expect(failures).toEqual([]);
  });
});
