/**
 * Supports (issue 13) on both databases with the suite's SMTP server: a support of a published
 * need counts once confirmed from its mail, once per e-mail address (a second from the same
 * address — confirmed or not, however it is written — is refused 409), is withdrawn with the
 * mail's other link (the count goes down), and is refused for what is not published. A call's
 * submission takes supports only within the call's supports window, and with `lives_in_area`
 * when the call counts residents only. Counts show in the need's detail, in both layers and in
 * the detail of the opportunity a proposal became.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emailHash } from '../../server/participation/identity.ts';
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
  features: { id: string; properties: Record<string, unknown> }[];
}

describeEachDatabase('supports', (ctx) => {
  let smtp: TestSmtp;
  let app: ReturnType<typeof testApp>;
  let tenantId: number;
  let point: { lon: number; lat: number; areaId: string };
  const db = () => ctx.database.db;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    app = testApp(ctx.database, {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'town@example.org',
      PUBLIC_URL,
      RATE_LIMIT_PARTICIPATION_EMAIL: 'off',
    });
    tenantId = (await db().selectFrom('tenant').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const [p] = await pointsInNeighbourhoods(db(), tenantId, 1);
    if (!p) throw new Error('no neighbourhood');
    point = p;
  });
  afterAll(async () => {
    await smtp?.close();
  });

  async function need(status: 'published' | 'pending'): Promise<string> {
    const id = randomUUID();
    const at = sql`ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)` as never;
    await db()
      .insertInto('need')
      .values({
        id,
        tenant_id: tenantId,
        status,
        text: 'Nothing for teenagers here',
        language: 'en',
        geom: at,
        public_geom: at,
        area_id: point.areaId,
        answers: '{}',
        email: 'pinner@example.org',
        email_hash: 'x',
      })
      .execute();
    return id;
  }

  async function call(o: { open: boolean; residentsOnly: boolean }): Promise<string> {
    const id = randomUUID();
    const h = 3_600_000;
    const now = Date.now();
    await db()
      .insertInto('funding_call')
      .values({
        id,
        tenant_id: tenantId,
        title: JSON.stringify({ en: 'Small grants' }),
        description: '{}',
        rules: '{}',
        budget: 5000,
        currency: 'EUR',
        max_amount: null,
        area_ids: [],
        submissions_open: new Date(now - 48 * h),
        submissions_close: new Date(now - 24 * h),
        // open: around now; closed: ended an hour ago
        supports_open: new Date(now - 24 * h),
        supports_close: new Date(o.open ? now + 24 * h : now - h),
        residents_only: o.residentsOnly,
        status: 'open',
      })
      .execute();
    return id;
  }

  async function proposal(callId: string | null): Promise<string> {
    const id = randomUUID();
    await db()
      .insertInto('proposal')
      .values({
        id,
        tenant_id: tenantId,
        kind: 'initiative',
        status: 'published',
        title: JSON.stringify({ en: 'Repair café' }),
        description: JSON.stringify({ en: 'Fix things together' }),
        language: 'en',
        schedules: '[]',
        public_contact: '{}',
        geom: sql`ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)` as never,
        area_id: point.areaId,
        email: 'proposer@example.org',
        email_hash: 'y',
        call_id: callId,
        cost: callId ? 800 : null,
      })
      .execute();
    return id;
  }

  /** supports and confirms; answers the mail's tokens */
  async function support(body: Record<string, unknown> & { email: string }) {
    const from = smtp.mails.length;
    const r = await postJson(app, '/api/supports', body);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const mail = await mailTo(smtp, body.email, from);
    return {
      mail,
      confirm: tokenIn(mail.text ?? '', '/participate/confirm'),
      withdraw: tokenIn(mail.text ?? '', '/participate/withdraw'),
    };
  }
  const confirm = (token: string) => postJson(app, '/api/participation/confirm', { token });
  const count = async (id: string) =>
    (await ctx.getJson<{ supports: number }>(`/api/needs/${id}`)).body.supports;

  it('counts a support once per confirmed e-mail, refuses a second, and lowers the count on withdrawal', async () => {
    const id = await need('published');
    const a = await support({ target_type: 'need', target_id: id, email: 'Ana@Example.org', language: 'uk' });
    expect(a.mail.subject).toMatch(/Підтвердьте/);
    expect(a.mail.html).toContain('lang="uk"');
    // unconfirmed: not counted yet
    expect(await count(id)).toBe(0);
    // the same address again (however written) before confirming: refused
    const again = await postJson(app, '/api/supports', {
      target_type: 'need',
      target_id: id,
      email: ' ana@example.ORG ',
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('already_supported');

    const c = await confirm(a.confirm);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ target_type: 'support', status: 'confirmed' });
    expect((await confirm(a.confirm)).body).toMatchObject({ status: 'confirmed' });
    expect(await count(id)).toBe(1);
    // the address is not kept once confirmed (only its hash, for "one per e-mail")
    const row = await db()
      .selectFrom('support')
      .select(['email', 'status'])
      .where('target_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, status: 'confirmed' });

    // a second support from the same address, confirmed: refused; another address counts
    const twice = await postJson(app, '/api/supports', {
      target_type: 'need',
      target_id: id,
      email: 'ana@example.org',
    });
    expect(twice.status).toBe(409);
    const b = await support({ target_type: 'need', target_id: id, email: 'ben@example.org' });
    await confirm(b.confirm);
    expect(await count(id)).toBe(2);
    const layer = await ctx.getJson<Fc>('/api/layers/needs');
    expect(layer.body.features.find((f) => f.id === id)?.properties.supports).toBe(2);

    // withdrawal lowers the count; a second click answers the same; an unknown link is 404
    const w = await postJson(app, '/api/supports/withdraw', { token: a.withdraw });
    expect(w.status).toBe(200);
    expect(w.body).toEqual({ target_type: 'need', target_id: id, status: 'withdrawn', supports: 1 });
    expect((await postJson(app, '/api/supports/withdraw', { token: a.withdraw })).body).toMatchObject({
      supports: 1,
    });
    expect(await count(id)).toBe(1);
    const unknown = await postJson(app, '/api/supports/withdraw', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('unknown_token');
    // after withdrawing, the address may support again (it must confirm again)
    const back = await support({ target_type: 'need', target_id: id, email: 'ana@example.org' });
    expect(await count(id)).toBe(1);
    await confirm(back.confirm);
    expect(await count(id)).toBe(2);

    // every step audited, without the address
    const supportId = (
      await db()
        .selectFrom('support')
        .select('id')
        .where('target_id', '=', id)
        .where('email_hash', '=', emailHash(tenantId, 'ana@example.org'))
        .executeTakeFirstOrThrow()
    ).id;
    const audit = await auditOf(db(), 'support', supportId);
    expect(audit.map((e) => e.action)).toEqual([
      'support.submit',
      'support.confirm',
      'support.withdraw',
      'support.submit',
      'support.confirm',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/ana@/i);
  });

  it('refuses supports of what is not published, bad input, and stores nothing for a honeypot', async () => {
    const pending = await need('pending');
    const r = await postJson(app, '/api/supports', {
      target_type: 'need',
      target_id: pending,
      email: 'x@example.org',
    });
    expect(r.status).toBe(404);
    const bad = await postJson(app, '/api/supports', {
      target_type: 'place',
      target_id: pending,
      email: 'x@example.org',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/target_type/);
    const id = await need('published');
    const bot = await postJson(app, '/api/supports', {
      target_type: 'need',
      target_id: id,
      email: 'bot@example.org',
      website: 'x',
    });
    expect(bot.status).toBe(202);
    expect(await db().selectFrom('support').select('id').where('target_id', '=', id).execute()).toEqual([]);
  });

  it('takes supports of a call’s submission only within its window, and from residents when it says so', async () => {
    const openCall = await call({ open: true, residentsOnly: true });
    const closedCall = await call({ open: false, residentsOnly: false });
    const inOpen = await proposal(openCall);
    const inClosed = await proposal(closedCall);
    const plain = await proposal(null);

    const noResident = await postJson(app, '/api/supports', {
      target_type: 'proposal',
      target_id: inOpen,
      email: 'r1@example.org',
    });
    expect(noResident.status).toBe(400);
    expect(noResident.body.error?.message).toMatch(/lives_in_area/);
    const s = await support({
      target_type: 'proposal',
      target_id: inOpen,
      email: 'r1@example.org',
      lives_in_area: true,
    });
    expect(s.mail.text).toContain('Repair café');
    await confirm(s.confirm);
    const closed = await postJson(app, '/api/supports', {
      target_type: 'proposal',
      target_id: inClosed,
      email: 'r1@example.org',
    });
    expect(closed.status).toBe(400);
    expect(closed.body.error?.code).toBe('supports_closed');
    const p = await support({ target_type: 'proposal', target_id: plain, email: 'r1@example.org' });
    await confirm(p.confirm);

    const layer = await ctx.getJson<Fc>('/api/layers/proposals');
    const byId = new Map(layer.body.features.map((f) => [f.id, f.properties]));
    expect(byId.get(inOpen)).toMatchObject({
      supports: 1,
      call_id: openCall,
      layer: 'proposals',
      name: 'Repair café',
    });
    expect(byId.get(plain)).toMatchObject({ supports: 1, call_id: null });
    expect(byId.get(inClosed)).toMatchObject({ supports: 0 });
    // never the proposer's address or join link
    expect(JSON.stringify(layer.body)).not.toContain('proposer@');

    // the opportunity a published proposal became carries its supports (a demo activity stands in for it)
    const opp = await db()
      .selectFrom('opportunity')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('opportunity')
      .set({ source: 'proposal', source_id: plain })
      .where('id', '=', opp.id)
      .execute();
    await db().updateTable('proposal').set({ opportunity_id: opp.id }).where('id', '=', plain).execute();
    const detail = await ctx.getJson<Record<string, unknown>>(`/api/opportunities/${opp.id}`);
    expect(detail.body).toMatchObject({ resident_initiative: true, proposal_id: plain, supports: 1 });
  });
});
