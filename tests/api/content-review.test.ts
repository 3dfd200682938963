/**
 * The moderator's review of pending content (docs/ADMIN.md, "Review"), on both databases: the
 * queue holds only the tenant's pending rows (every organisation's), publishing makes a row
 * public, returning makes it a draft with the reason in its history and in the editor's
 * "returned" list; a moderator edits, creates, copies and archives nothing, and finds no draft,
 * published or other tenant's row.
 */
import { beforeAll, expect, it } from 'vitest';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { call, codeOf, contentPeople, messageOf, type People } from '../support/content.ts';
import { describeEachDatabase } from '../support/databases.ts';

interface Item {
  type: string;
  id: string;
  name: string;
  organisation: { id: string; name: string } | null;
  sent_at: string;
  sent_by: string | null;
  updated_at: string;
}

describeEachDatabase('back office: review of pending content', (ctx) => {
  let p: People;
  let otherAdmin: Signed;
  let otherModerator: Signed;
  const point = { lon: 3.5, lat: 54.5 };

  beforeAll(async () => {
    const db = ctx.database.db;
    p = await contentPeople(db, ctx.app, 'rv');
    await db
      .insertInto('tenant')
      .values({
        slug: 'rv-otherton',
        name: JSON.stringify({ en: 'Otherton' }),
        locales: ['en'],
        default_locale: 'en',
        timezone: 'Europe/London',
        home: JSON.stringify({ center: [0, 51], zoom: 12 }),
        bbox: null,
        source: 'test',
      })
      .execute();
    await addUser(db, { tenant: 'rv-otherton', email: 'rv-other@example.org', role: 'admin' });
    await addUser(db, { tenant: 'rv-otherton', email: 'rv-othermod@example.org', role: 'moderator' });
    otherAdmin = await signIn(ctx.app, 'rv-other@example.org', undefined, { tenant: 'rv-otherton' });
    otherModerator = await signIn(ctx.app, 'rv-othermod@example.org', undefined, { tenant: 'rv-otherton' });
  });

  /** an opportunity (or place) of `org` made by `who`, brought to `status` through the editors' API */
  async function made(
    who: Signed,
    org: string | null,
    title: string,
    status: 'draft' | 'pending' | 'published',
    type: 'opportunities' | 'places' = 'opportunities',
    tenant = '',
  ): Promise<{ id: string; updated_at: string }> {
    const input =
      type === 'opportunities'
        ? { kind: 'event', title: { en: title }, organisation_id: org, location: point }
        : { kind: 'park', name: title, organisation_id: org, location: point };
    const r = await call<{ id: string; updated_at: string }>(
      ctx.app,
      who,
      'POST',
      `/api/admin/${type}${tenant}`,
      input,
    );
    expect(r.status, messageOf(r)).toBe(201);
    let row = r.body;
    if (status !== 'draft') {
      const s = await call<{ id: string; updated_at: string }>(
        ctx.app,
        who,
        'POST',
        `/api/admin/${type}/${row.id}/status${tenant}`,
        { status, expected_updated_at: row.updated_at },
      );
      expect(s.status, messageOf(s)).toBe(200);
      row = s.body;
    }
    return row;
  }

  const queue = async (who: Signed = p.moderator, tenant = '') => {
    const r = await call<{ items: Item[] }>(ctx.app, who, 'GET', `/api/admin/review${tenant}`);
    expect(r.status, messageOf(r)).toBe(200);
    return r.body.items;
  };

  it('lists the pending items of every organisation of the tenant, and only those', async () => {
    const sentA = await made(p.editorA, p.orgA, 'rv pending A', 'pending');
    const sentB = await made(p.editorB, p.orgB, 'rv pending B', 'pending');
    const place = await made(p.editorA, p.orgA, 'rv pending park', 'pending', 'places');
    const draft = await made(p.editorA, p.orgA, 'rv draft', 'draft');
    const published = await made(p.admin, p.orgA, 'rv published', 'published');
    const elsewhere = await made(
      otherAdmin,
      null,
      'rv other town',
      'pending',
      'opportunities',
      '?tenant=rv-otherton',
    );

    const items = await queue();
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([sentA.id, sentB.id, place.id]));
    for (const absent of [draft.id, published.id, elsewhere.id]) expect(ids).not.toContain(absent);
    const a = items.find((i) => i.id === sentA.id);
    expect(a).toMatchObject({
      type: 'opportunity',
      name: 'rv pending A',
      organisation: { id: p.orgA },
      sent_by: 'rv-a@partner.example',
    });
    expect(Number.isNaN(Date.parse(a?.sent_at ?? ''))).toBe(false);
    expect(items.find((i) => i.id === place.id)).toMatchObject({ type: 'place', name: 'rv pending park' });

    // the other tenant's moderator sees its own pending row and none of this tenant's
    const there = (await queue(otherModerator, '?tenant=rv-otherton')).map((i) => i.id);
    expect(there).toEqual([elsewhere.id]);

    // one item, its preview and its history
    const one = await call<Item>(ctx.app, p.moderator, 'GET', `/api/admin/review/opportunity/${sentB.id}`);
    expect(one.status).toBe(200);
    expect(one.body.organisation?.id).toBe(p.orgB);
    const preview = await call<{ id: string; title: string }>(
      ctx.app,
      p.moderator,
      'GET',
      `/api/admin/review/opportunity/${sentB.id}/preview?lang=en`,
    );
    expect(preview.status, messageOf(preview)).toBe(200);
    expect(preview.body.title).toBe('rv pending B');
    const placePreview = await call<{ name: string }>(
      ctx.app,
      p.moderator,
      'GET',
      `/api/admin/review/place/${place.id}/preview`,
    );
    expect(placePreview.status, messageOf(placePreview)).toBe(200);
    expect(placePreview.body.name).toBe('rv pending park');
    const history = await call<{ items: { action: string }[] }>(
      ctx.app,
      p.moderator,
      'GET',
      `/api/admin/review/opportunity/${sentB.id}/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items.map((e) => e.action)).toEqual(['opportunity.status', 'opportunity.create']);

    // not in the queue: 404 for the item, its preview, its history
    for (const [type, id] of [
      ['opportunity', draft.id],
      ['opportunity', published.id],
      ['opportunity', elsewhere.id],
      ['place', sentA.id],
    ] as const)
      for (const tail of ['', '/preview', '/history']) {
        const r = await call(ctx.app, p.moderator, 'GET', `/api/admin/review/${type}/${id}${tail}`);
        expect(r.status, `${type} ${id}${tail}`).toBe(404);
      }
  });

  it('publishes a pending item: it becomes public, and the decision is audited', async () => {
    const sent = await made(p.editorA, p.orgA, 'rv to publish', 'pending');
    expect((await ctx.app.request(`/api/opportunities/${sent.id}`)).status).toBe(404);
    const r = await call<{ status: string; updated_at: string }>(
      ctx.app,
      p.moderator,
      'POST',
      `/api/admin/review/opportunity/${sent.id}`,
      {
        decision: 'publish',
        expected_updated_at: sent.updated_at,
      },
    );
    expect(r.status, messageOf(r)).toBe(200);
    expect(r.body.status).toBe('published');
    expect((await ctx.app.request(`/api/opportunities/${sent.id}`)).status).toBe(200);
    expect((await queue()).map((i) => i.id)).not.toContain(sent.id);
    const audit = await ctx.database.db
      .selectFrom('audit_entry')
      .select(['action', 'previous', 'new', 'actor_label'])
      .where('entity_id', '=', sent.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('opportunity.review');
    expect(audit.actor_label).toBe('rv-mod@town.example');
    const asJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(asJson(audit.previous)).toEqual({ status: 'pending' });
    expect(asJson(audit.new)).toEqual({ status: 'published' });

    // decided once: a second decision finds nothing to review
    const again = await call(ctx.app, p.moderator, 'POST', `/api/admin/review/opportunity/${sent.id}`, {
      decision: 'return',
      reason: 'late',
      expected_updated_at: r.body.updated_at,
    });
    expect(again.status).toBe(404);
  });

  it('returns a pending item to its editors with a reason: a draft, the reason in its history and in their list', async () => {
    const sent = await made(p.editorB, p.orgB, 'rv to return', 'pending', 'places');
    const path = `/api/admin/review/place/${sent.id}`;
    // the reason is required, 1–1000 characters
    for (const bad of [
      { decision: 'return', expected_updated_at: sent.updated_at },
      { decision: 'return', reason: '   ', expected_updated_at: sent.updated_at },
      { decision: 'return', reason: 'x'.repeat(1001), expected_updated_at: sent.updated_at },
      { decision: 'archive', reason: 'no', expected_updated_at: sent.updated_at },
    ]) {
      const r = await call(ctx.app, p.moderator, 'POST', path, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(messageOf(r)).toMatch(/reason|decision/);
    }
    // stale: 409 naming the current version
    const stale = await call(ctx.app, p.moderator, 'POST', path, {
      decision: 'return',
      reason: 'x',
      expected_updated_at: '2020-01-01T00:00:00.000000Z',
    });
    expect(stale.status).toBe(409);
    expect(codeOf(stale)).toBe('stale');

    const reason = 'Please add the opening hours — בבקשה';
    const r = await call<{ status: string }>(ctx.app, p.moderator, 'POST', path, {
      decision: 'return',
      reason,
      expected_updated_at: sent.updated_at,
    });
    expect(r.status, messageOf(r)).toBe(200);
    expect(r.body.status).toBe('draft');
    const place = await call<{ status: string }>(ctx.app, p.editorB, 'GET', `/api/admin/places/${sent.id}`);
    expect(place.body.status).toBe('draft');
    const history = await call<{
      items: { action: string; summary: string; changes: { field: string; next: unknown }[] }[];
    }>(ctx.app, p.editorB, 'GET', `/api/admin/places/${sent.id}/history`);
    const last = history.body.items[0];
    expect(last?.action).toBe('place.review');
    expect(last?.summary).toContain(reason);
    expect(last?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', previous: 'pending', next: 'draft' },
        { field: 'reason', previous: null, next: reason },
      ]),
    );
    // the editors of organisation B see it returned, with the reason; A's editor does not
    const returned = await call<{ items: { id: string; reason: string; by: string }[] }>(
      ctx.app,
      p.editorB,
      'GET',
      '/api/admin/review/returned',
    );
    expect(returned.status).toBe(200);
    expect(returned.body.items.find((i) => i.id === sent.id)).toMatchObject({
      reason,
      by: 'rv-mod@town.example',
    });
    const forA = await call<{ items: { id: string }[] }>(
      ctx.app,
      p.editorA,
      'GET',
      '/api/admin/review/returned',
    );
    expect(forA.body.items.map((i) => i.id)).not.toContain(sent.id);
    // the moderator may not read that list (it is the editors')
    expect((await call(ctx.app, p.moderator, 'GET', '/api/admin/review/returned')).status).toBe(403);

    // sent again: it is back in the queue, and no longer "returned"
    const again = await call<{ updated_at: string }>(
      ctx.app,
      p.editorB,
      'GET',
      `/api/admin/places/${sent.id}`,
    );
    const resent = await call(ctx.app, p.editorB, 'POST', `/api/admin/places/${sent.id}/status`, {
      status: 'pending',
      expected_updated_at: again.body.updated_at,
    });
    expect(resent.status).toBe(200);
    expect((await queue()).map((i) => i.id)).toContain(sent.id);
    const after = await call<{ items: { id: string }[] }>(
      ctx.app,
      p.editorB,
      'GET',
      '/api/admin/review/returned',
    );
    expect(after.body.items.map((i) => i.id)).not.toContain(sent.id);
  });

  it('refuses a moderator everything else: editing, creating, copying, archiving, drafts, published rows, other tenants', async () => {
    const sent = await made(p.editorA, p.orgA, 'rv untouchable', 'pending');
    const before = await call<{ updated_at: string }>(
      ctx.app,
      p.admin,
      'GET',
      `/api/admin/opportunities/${sent.id}`,
    );
    const m = p.moderator;
    const tries: [string, string, unknown][] = [
      ['GET', `/api/admin/opportunities/${sent.id}`, undefined],
      ['GET', '/api/admin/opportunities?status=pending', undefined],
      [
        'PATCH',
        `/api/admin/opportunities/${sent.id}`,
        { title: { en: 'changed' }, expected_updated_at: sent.updated_at },
      ],
      [
        'POST',
        '/api/admin/opportunities',
        { kind: 'event', title: { en: 'rv new' }, organisation_id: p.orgA },
      ],
      ['POST', `/api/admin/opportunities/${sent.id}/duplicate`, undefined],
      [
        'POST',
        `/api/admin/opportunities/${sent.id}/status`,
        { status: 'archived', expected_updated_at: sent.updated_at },
      ],
      [
        'POST',
        `/api/admin/opportunities/${sent.id}/status`,
        { status: 'published', expected_updated_at: sent.updated_at },
      ],
    ];
    for (const [method, path, body] of tries) {
      const r = await call(ctx.app, m, method, path, body);
      expect([403, 404], `${method} ${path}`).toContain(r.status);
    }
    // the review endpoint only publishes or returns: no other decision, no field in it changes anything
    const archive = await call(ctx.app, m, 'POST', `/api/admin/review/opportunity/${sent.id}`, {
      decision: 'archived',
      expected_updated_at: sent.updated_at,
    });
    expect(archive.status).toBe(400);
    const after = await call<{ updated_at: string; status: string }>(
      ctx.app,
      p.admin,
      'GET',
      `/api/admin/opportunities/${sent.id}`,
    );
    expect(after.body).toEqual(before.body);

    // a draft and a published row are not there for a decision
    const draft = await made(p.editorA, p.orgA, 'rv a draft', 'draft');
    const published = await made(p.admin, p.orgA, 'rv live', 'published');
    for (const row of [draft, published]) {
      const r = await call(ctx.app, m, 'POST', `/api/admin/review/opportunity/${row.id}`, {
        decision: 'return',
        reason: 'no',
        expected_updated_at: row.updated_at,
      });
      expect(r.status).toBe(404);
    }
    // another tenant's moderator: not this tenant's rows (its own tenant: 404; asking for this one: 403)
    const r1 = await call(
      ctx.app,
      otherModerator,
      'POST',
      `/api/admin/review/opportunity/${sent.id}?tenant=rv-otherton`,
      {
        decision: 'publish',
        expected_updated_at: sent.updated_at,
      },
    );
    expect(r1.status).toBe(404);
    const r2 = await call(
      ctx.app,
      otherModerator,
      'POST',
      `/api/admin/review/opportunity/${sent.id}?tenant=lindmere`,
      {
        decision: 'publish',
        expected_updated_at: sent.updated_at,
      },
    );
    expect(r2.status).toBe(403);
    expect((await call(ctx.app, otherModerator, 'GET', '/api/admin/review?tenant=lindmere')).status).toBe(
      403,
    );
    // editors may not review
    for (const who of [p.editorA, p.editorB]) {
      expect((await call(ctx.app, who, 'GET', '/api/admin/review')).status).toBe(403);
      const r = await call(ctx.app, who, 'POST', `/api/admin/review/opportunity/${sent.id}`, {
        decision: 'publish',
        expected_updated_at: sent.updated_at,
      });
      expect(r.status).toBe(403);
    }
    expect((await call(ctx.app, p.admin, 'GET', `/api/admin/opportunities/${sent.id}`)).body).toEqual(
      before.body,
    );
  });

  it('an admin may review too, and a publish without a location is refused with what is missing', async () => {
    const r0 = await call<{ id: string; updated_at: string }>(
      ctx.app,
      p.editorA,
      'POST',
      '/api/admin/opportunities',
      {
        kind: 'event',
        title: { en: 'rv nowhere' },
        organisation_id: p.orgA,
      },
    );
    const sent = await call<{ updated_at: string }>(
      ctx.app,
      p.editorA,
      'POST',
      `/api/admin/opportunities/${r0.body.id}/status`,
      {
        status: 'pending',
        expected_updated_at: r0.body.updated_at,
      },
    );
    expect(sent.status).toBe(200);
    const r = await call(ctx.app, p.admin, 'POST', `/api/admin/review/opportunity/${r0.body.id}`, {
      decision: 'publish',
      expected_updated_at: sent.body.updated_at,
    });
    expect(r.status).toBe(409);
    expect(codeOf(r)).toBe('not_publishable');
    const back = await call<{ status: string }>(
      ctx.app,
      p.admin,
      'POST',
      `/api/admin/review/opportunity/${r0.body.id}`,
      {
        decision: 'return',
        reason: 'Where does it happen?',
        expected_updated_at: sent.body.updated_at,
      },
    );
    expect(back.status, messageOf(back)).toBe(200);
    expect(back.body.status).toBe('draft');
  });
});
