/**
 * Needs and survey campaigns (issue 13) on both databases with the suite's SMTP server: a resident
 * pins a need, confirms it from the mail (in their language), a moderator publishes it through
 * the moderation API, and the public sees it only at its coarsened point (about 100 m; two pins
 * in one cell at the same point) — the exact point, the address and would_help never leave the server, neither in the
 * detail nor in the layer. A survey campaign's answers are checked against its questions and
 * counted per answer and per neighbourhood (JSON and CSV). Every step is in the audit log.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayIn } from '../../server/needs/queries.ts';
import { coarsen } from '../../server/participation/places.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';
import {
  auditOf,
  mailTo,
  PUBLIC_URL,
  pointsInNeighbourhoods,
  postJson,
  tokenIn,
} from '../support/participation.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

interface Fc {
  features: {
    id: string;
    geometry: { coordinates: [number, number] };
    properties: Record<string, unknown>;
  }[];
}

describeEachDatabase('needs and survey campaigns', (ctx) => {
  let smtp: TestSmtp;
  let app: ReturnType<typeof testApp>;
  let admin: Signed;
  let moderator: Signed;
  let tenant: { id: number; slug: string; timezone: string };
  let hoods: { areaId: string; lon: number; lat: number }[];
  const db = () => ctx.database.db;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    app = testApp(ctx.database, {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'town@example.org',
      PUBLIC_URL,
      RATE_LIMIT_PARTICIPATION_EMAIL: 'off',
    });
    tenant = await db()
      .selectFrom('tenant')
      .select(['id', 'slug', 'timezone'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await addUser(db(), { tenant: tenant.slug, email: 'needs-admin@example.org', role: 'admin' });
    admin = await signIn(app, 'needs-admin@example.org');
    await addUser(db(), { tenant: tenant.slug, email: 'needs-moderator@example.org', role: 'moderator' });
    moderator = await signIn(app, 'needs-moderator@example.org');
    hoods = await pointsInNeighbourhoods(db(), tenant.id, 3);
  });
  afterAll(async () => {
    await smtp?.close();
  });

  const needOf = (email: string) =>
    db().selectFrom('need').selectAll().where('email', '=', email).executeTakeFirst();
  /** publishes a pending need through the moderators' API */
  const publish = async (id: string) => {
    const item = await app.request(`/api/admin/moderation/need/${id}?tenant=${tenant.slug}`, {
      headers: { cookie: moderator.cookie },
    });
    expect(item.status).toBe(200);
    const { updated_at } = (await item.json()) as { updated_at: string };
    const r = await postJson(
      app,
      `/api/admin/moderation/need/${id}?tenant=${tenant.slug}`,
      { action: 'publish', expected_updated_at: updated_at },
      moderator.write,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('published');
  };

  /** pins a need, confirms it from its mail; answers the need's id and the mail */
  async function pinAndConfirm(body: Record<string, unknown> & { email: string }) {
    const from = smtp.mails.length;
    const r = await postJson(app, '/api/needs', body);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ status: 'unconfirmed' });
    const mail = await mailTo(smtp, body.email, from);
    const token = tokenIn(mail.text ?? '', '/participate/confirm');
    const c = await postJson(app, '/api/participation/confirm', { token });
    expect(c.status).toBe(200);
    const row = await needOf(body.email);
    expect(row).toBeDefined();
    expect(c.body).toEqual({ target_type: 'need', target_id: row?.id, status: 'pending' });
    return { id: row?.id as string, mail, token };
  }

  it('takes a need, confirms it in the sender’s language, and shows it only once published, coarsened', async () => {
    const [h] = hoods;
    if (!h) throw new Error('no neighbourhood');
    // two pins a few metres apart inside one ~100 m cell: the cell's centre is their public point
    const centre = coarsen(h.lon, h.lat);
    const a = { lon: centre.lon + 0.00011, lat: centre.lat + 0.00007 };
    const b = { lon: centre.lon - 0.00009, lat: centre.lat - 0.00012 };
    expect(coarsen(a.lon, a.lat)).toEqual(centre);
    expect(coarsen(b.lon, b.lat)).toEqual(centre);

    const first = await pinAndConfirm({
      text: 'Rien pour les adolescents ici',
      language: 'fr',
      audiences: ['youth'],
      location: a,
      would_help: true,
      email: 'Need.One@Example.org',
    });
    expect(first.mail.subject).toMatch(/Confirmez/);
    expect(first.mail.html).toContain('lang="fr"');
    // a second click answers the same
    expect((await postJson(app, '/api/participation/confirm', { token: first.token })).body).toMatchObject({
      status: 'pending',
    });
    const row = await needOf('Need.One@Example.org');
    expect(row?.status).toBe('pending');
    expect(row?.area_id).toBe(h.areaId);

    // pending: not public
    expect((await ctx.getJson(`/api/needs/${first.id}`)).status).toBe(404);
    const before = await ctx.getJson<Fc>('/api/layers/needs');
    expect(before.body.features.map((f) => f.id)).not.toContain(first.id);

    const second = await pinAndConfirm({
      text: 'Shade and a bench for seniors',
      audiences: ['seniors'],
      location: b,
      email: 'need-two@example.org',
    });
    expect(second.mail.subject).toMatch(/Confirm what is missing/);
    await publish(first.id);
    await publish(second.id);

    const res = await app.request(`/api/needs/${first.id}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    const detail = JSON.parse(text) as Record<string, unknown>;
    expect(detail).toMatchObject({
      id: first.id,
      text: 'Rien pour les adolescents ici',
      language: 'fr',
      audiences: ['youth'],
      lon: centre.lon,
      lat: centre.lat,
      supports: 0,
      area: { id: h.areaId },
    });
    const layer = await app.request('/api/layers/needs');
    const layerText = await layer.text();
    const fc = JSON.parse(layerText) as Fc;
    const features = fc.features.filter((f) => f.id === first.id || f.id === second.id);
    expect(features).toHaveLength(2);
    for (const f of features) {
      expect(f.geometry.coordinates).toEqual([centre.lon, centre.lat]);
      expect(f.properties).toMatchObject({ layer: 'needs', kind: 'need', supports: 0 });
    }
    // the exact points, the address and would_help never leave the server
    for (const out of [text, layerText]) {
      for (const p of [a, b]) {
        expect(out).not.toContain(String(p.lon).slice(0, 9));
        expect(out).not.toContain(String(p.lat).slice(0, 9));
      }
      expect(out.toLowerCase()).not.toContain('example.org');
      expect(out).not.toContain('would_help');
    }
    // the stored exact point is the pinned one
    const exact = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM need WHERE id = ${first.id}::uuid`.execute(
      db(),
    );
    expect(Number(exact.rows[0]?.lon)).toBeCloseTo(a.lon, 9);

    // audited, without the address
    const audit = await auditOf(db(), 'need', first.id);
    expect(audit.map((e) => e.action)).toEqual(['need.submit', 'need.confirm', 'need.moderate']);
    expect(audit[0]).toMatchObject({ actor_kind: 'system', actor_label: 'resident' });
    expect(JSON.stringify(audit)).not.toMatch(/need\.one/i);
    expect(JSON.stringify(audit[0]?.new)).toContain('example.org');
  });

  it('refuses bad needs naming the problem, stores nothing for a honeypot, and answers 503 with mail off', async () => {
    const [h] = hoods;
    if (!h) throw new Error('no neighbourhood');
    const ok = {
      text: 'A place to sit',
      location: { lon: h.lon, lat: h.lat },
      email: 'bad-need@example.org',
    };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, location: { lon: h.lon, lat: 95 } }, /location\.lat/],
      [{ ...ok, audiences: ['teenagers'] }, /audiences/],
      [{ ...ok, text: '' }, /text/],
      [{ ...ok, email: 'not-an-address' }, /email/],
      [{ ...ok, language: 'de' }, /language/],
      [{ ...ok, answers: { missing: 'x' } }, /campaign_id/],
      [{ ...ok, location: { lon: 0, lat: 0 } }, /outside/],
      [{ ...ok, campaign_id: '00000000-0000-4000-8000-000000000000' }, /campaign_id/],
    ];
    for (const [body, message] of cases) {
      const r = await postJson(app, '/api/needs', body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error?.message).toMatch(message);
    }
    expect(await needOf('bad-need@example.org')).toBeUndefined();

    const bot = await postJson(app, '/api/needs', {
      ...ok,
      email: 'bot@example.org',
      website: 'http://spam.example',
    });
    expect(bot.status).toBe(202);
    expect(await needOf('bot@example.org')).toBeUndefined();

    const off = testApp(ctx.database, { RATE_LIMIT_PARTICIPATION_EMAIL: 'off' });
    const r = await postJson(off, '/api/needs', { ...ok, email: 'mail-off@example.org' });
    expect(r.status).toBe(503);
    expect(r.body.error?.code).toBe('mail_disabled');
    expect(await needOf('mail-off@example.org')).toBeUndefined();
  });

  it('runs a survey campaign: answers checked against its questions, counted per answer and neighbourhood', async () => {
    const [h1, h2, h3] = hoods;
    if (!h1 || !h2 || !h3) throw new Error('three neighbourhoods needed');
    const today = todayIn(tenant.timezone, Date.now());
    const day = (d: number) =>
      new Date(Date.parse(`${today}T12:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    const input = {
      title: { en: 'What is missing in your street?', he: 'מה חסר ברחוב שלכם?' },
      intro: { en: 'Five minutes, anonymous on the map.' },
      area_ids: [h1.areaId, h2.areaId],
      opens_on: day(-1),
      closes_on: day(1),
      questions: [
        { key: 'missing', kind: 'text', label: { en: 'What is missing?' } },
        { key: 'for_whom', kind: 'audiences', label: { en: 'For whom?' } },
        { key: 'help', kind: 'yes_no', label: { en: 'Would you help?' } },
        {
          key: 'when',
          kind: 'choice',
          label: { en: 'When would you come?' },
          options: [
            { value: 'mornings', label: { en: 'Mornings' } },
            { value: 'evenings', label: { en: 'Evenings' } },
          ],
        },
      ],
    };
    // bad campaigns are refused naming the field
    for (const [body, message] of [
      [{ ...input, closes_on: day(-3) }, /closes_on/],
      [{ ...input, title: { fr: 'Sans anglais' } }, /title\.en/],
      [{ ...input, questions: [{ key: 'x', kind: 'choice', label: { en: 'X' } }] }, /options/],
      [{ ...input, area_ids: ['00000000-0000-4000-8000-000000000000'] }, /area_ids/],
    ] as const) {
      const r = await postJson(app, `/api/admin/surveys?tenant=${tenant.slug}`, body, admin.write);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error?.message).toMatch(message);
    }
    // only admins create
    expect((await postJson(app, `/api/admin/surveys?tenant=${tenant.slug}`, input)).status).toBe(401);
    const created = await postJson(app, `/api/admin/surveys?tenant=${tenant.slug}`, input, admin.write);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ state: 'open', answers: 0 });
    expect((await auditOf(db(), 'survey_campaign', id)).map((e) => e.action)).toEqual(['survey.create']);

    // public: open for a point inside its areas, not for one outside, in the reader's language
    const inside = await ctx.getJson<{
      items: { id: string; title: string; questions: { label: string }[] }[];
    }>(`/api/surveys?lon=${h1.lon}&lat=${h1.lat}&lang=he`);
    expect(inside.body.items.find((x) => x.id === id)?.title).toBe('מה חסר ברחוב שלכם?');
    const outside = await ctx.getJson<{ items: { id: string }[] }>(
      `/api/surveys?lon=${h3.lon}&lat=${h3.lat}`,
    );
    expect(outside.body.items.map((x) => x.id)).not.toContain(id);
    const one = await ctx.getJson<{ open: boolean; questions: { key: string; options?: unknown[] }[] }>(
      `/api/surveys/${id}?lang=en`,
    );
    expect(one.body.open).toBe(true);
    expect(one.body.questions.map((q) => q.key)).toEqual(['missing', 'for_whom', 'help', 'when']);

    const answer = (email: string, at: { lon: number; lat: number }, answers: Record<string, unknown>) => ({
      text: 'Survey answer',
      location: { lon: at.lon, lat: at.lat },
      campaign_id: id,
      answers,
      email,
    });
    // answers that do not fit the questions are refused, naming the question
    for (const [answers, message] of [
      [{ colour: 'blue' }, /answers\.colour/],
      [{ when: 'nights' }, /answers\.when must be one of mornings, evenings/],
      [{ help: 'yes' }, /answers\.help/],
      [{ for_whom: ['aliens'] }, /answers\.for_whom/],
    ] as const) {
      const r = await postJson(app, '/api/needs', answer('survey-bad@example.org', h1, answers));
      expect(r.status).toBe(400);
      expect(r.body.error?.message).toMatch(message);
    }
    // outside the campaign's areas
    const far = await postJson(app, '/api/needs', answer('survey-far@example.org', h3, {}));
    expect(far.status).toBe(400);
    expect(far.body.error?.message).toMatch(/not open for this part of town/);

    await pinAndConfirm(
      answer('s1@example.org', h1, {
        missing: 'Benches',
        for_whom: ['seniors', 'everyone'],
        help: true,
        when: 'mornings',
      }),
    );
    await pinAndConfirm(
      answer('s2@example.org', h1, { for_whom: ['seniors'], help: false, when: 'mornings' }),
    );
    const third = await pinAndConfirm(answer('s3@example.org', h2, { help: true, when: 'evenings' }));
    expect(third.mail.subject).toMatch(/survey/);
    // unconfirmed: not counted
    expect((await postJson(app, '/api/needs', answer('s4@example.org', h2, { help: true }))).status).toBe(
      202,
    );

    const results = await ctx.getJson<{
      total: number;
      areas: { id: string; total: number }[];
      questions: {
        key: string;
        answered: number;
        counts: { value: string; count: number; by_area: Record<string, number> }[];
      }[];
    }>(`/api/admin/surveys/${id}/results?tenant=${tenant.slug}`);
    expect(results.status).toBe(401);
    const res = await app.request(`/api/admin/surveys/${id}/results?tenant=${tenant.slug}`, {
      headers: admin.write,
    });
    const r = (await res.json()) as typeof results.body;
    expect(r.total).toBe(3);
    expect(Object.fromEntries(r.areas.map((a) => [a.id, a.total]))).toEqual({
      [h1.areaId]: 2,
      [h2.areaId]: 1,
    });
    const q = (key: string) => r.questions.find((x) => x.key === key);
    const count = (key: string, value: string) => q(key)?.counts.find((c) => c.value === value);
    expect(q('missing')?.answered).toBe(1);
    expect(count('help', 'yes')).toMatchObject({ count: 2, by_area: { [h1.areaId]: 1, [h2.areaId]: 1 } });
    expect(count('help', 'no')).toMatchObject({ count: 1, by_area: { [h1.areaId]: 1 } });
    expect(count('when', 'mornings')).toMatchObject({ count: 2, by_area: { [h1.areaId]: 2 } });
    expect(count('when', 'evenings')).toMatchObject({ count: 1, by_area: { [h2.areaId]: 1 } });
    expect(count('for_whom', 'seniors')?.count).toBe(2);
    expect(count('for_whom', 'everyone')?.count).toBe(1);

    const csv = await app.request(`/api/admin/surveys/${id}/results?tenant=${tenant.slug}&format=csv`, {
      headers: admin.write,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'question,kind,question_label,answer,answer_label,neighbourhood_id,neighbourhood,count',
    );
    expect(lines).toContain('when,choice,When would you come?,mornings,Mornings,all,all,2');
    expect(
      lines.some(
        (l) =>
          l.startsWith(`when,choice,When would you come?,mornings,Mornings,${h1.areaId},`) &&
          l.endsWith(',2'),
      ),
    ).toBe(true);

    // once answered, labels may change but not the questions' keys; a stale change is refused
    const campaign = (await (
      await app.request(`/api/admin/surveys?tenant=${tenant.slug}`, { headers: admin.write })
    ).json()) as { items: { id: string; updated_at: string }[] };
    const updatedAt = campaign.items.find((x) => x.id === id)?.updated_at;
    const put = (body: unknown) =>
      app.request(`/api/admin/surveys/${id}?tenant=${tenant.slug}`, {
        method: 'PUT',
        headers: admin.write,
        body: JSON.stringify(body),
      });
    const renamed = {
      ...input,
      questions: input.questions.map((x) => (x.key === 'help' ? { ...x, key: 'helping' } : x)),
    };
    expect((await put({ campaign: renamed, expected_updated_at: updatedAt })).status).toBe(409);
    const relabelled = { ...input, title: { en: 'What is missing near you?' } };
    const ok = await put({ campaign: relabelled, expected_updated_at: updatedAt });
    expect(ok.status).toBe(200);
    expect((await put({ campaign: relabelled, expected_updated_at: updatedAt })).status).toBe(409);

    // archived: closed to residents, results kept
    const del = await app.request(`/api/admin/surveys/${id}?tenant=${tenant.slug}`, {
      method: 'DELETE',
      headers: admin.write,
    });
    expect(del.status).toBe(204);
    expect((await ctx.getJson(`/api/surveys/${id}`)).status).toBe(404);
    const late = await postJson(app, '/api/needs', answer('s5@example.org', h1, { help: true }));
    expect(late.status).toBe(404);
    expect((await auditOf(db(), 'survey_campaign', id)).map((e) => e.action)).toEqual([
      'survey.create',
      'survey.update',
      'survey.archive',
    ]);
  });
});
