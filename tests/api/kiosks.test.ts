/** Kiosk configuration: a kiosk per community centre out of the box, configured by an admin. */
import { expect, it } from 'vitest';
import { describeEachDatabase, testApp } from '../support/databases.ts';

interface Kiosk {
  slug: string;
  configured: boolean;
  default_language: string;
  languages: string[];
  idle_seconds: number;
  layers: string[];
  printer: boolean;
  centre: { id: string; name: string; lon: number; lat: number };
}

describeEachDatabase('kiosks', (ctx) => {
  const TOKEN = 'kiosk-admin-token';
  const admin = () => testApp(ctx.database, { ADMIN_TOKEN: TOKEN });
  const put = (slug: string, body: unknown, token: string | null = TOKEN) =>
    admin().request(`/api/admin/kiosks/${slug}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('has a kiosk for every community centre, with the defaults', async () => {
    const { status, body } = await ctx.getJson<Kiosk[]>('/api/kiosks');
    expect(status).toBe(200);
    expect(body).toHaveLength(12);
    const k = body.find((x) => x.slug === 'kestrel-rise-community-centre') as Kiosk;
    expect(k).toMatchObject({ configured: false, idle_seconds: 90, default_language: 'en', printer: false });
    expect(k.languages).toEqual(['en', 'fr', 'he', 'pl', 'uk', 'ru']);
    expect(k.centre.name).toBe('Kestrel Rise Community Centre');
    const one = await ctx.getJson<Kiosk>('/api/kiosks/kestrel-rise-community-centre');
    expect(one.body.centre.lon).toBeCloseTo(k.centre.lon, 6);
    expect((await ctx.getJson('/api/kiosks/nowhere')).status).toBe(404);
    expect((await ctx.getJson('/api/kiosks/Not%20a%20slug')).status).toBe(400);
  });

  it('lets an admin configure a kiosk, and nobody else', async () => {
    const body = {
      centre: 'kestrel-rise-community-centre',
      default_language: 'uk',
      languages: ['uk', 'en', 'he'],
      idle_seconds: 45,
      layers: ['programs', 'parks'],
      printer: true,
    };
    // without any credentials: 401 (before accounts, a server without ADMIN_TOKEN answered 503)
    expect((await ctx.app.request('/api/admin/kiosks/lobby', { method: 'PUT', body: '{}' })).status).toBe(401);
    expect((await put('lobby', body, null)).status).toBe(401);
    expect((await put('lobby', body, 'wrong')).status).toBe(401);
    const res = await put('lobby', body);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Kiosk;
    expect(saved).toMatchObject({
      slug: 'lobby',
      configured: true,
      default_language: 'uk',
      idle_seconds: 45,
      printer: true,
    });
    expect(saved.centre.name).toBe('Kestrel Rise Community Centre');
    const read = await ctx.getJson<Kiosk>('/api/kiosks/lobby');
    expect(read.body.languages).toEqual(['uk', 'en', 'he']);
    expect(read.body.layers).toEqual(['programs', 'parks']);
    // a second save updates it
    expect(((await (await put('lobby', { ...body, idle_seconds: 120 })).json()) as Kiosk).idle_seconds).toBe(
      120,
    );
    const del = await admin().request('/api/admin/kiosks/lobby', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(del.status).toBe(200);
    expect((await ctx.getJson('/api/kiosks/lobby')).status).toBe(404);
  });

  it('answers every save with the saved kiosk, even when a removal races it', async () => {
    const app = admin();
    const del = () =>
      app.request('/api/admin/kiosks/racing', {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    const saves: number[] = [];
    const removals: number[] = [];
    let saving = true;
    // removals of the same kiosk, back to back, for as long as the saves run
    const removers = Array.from({ length: 6 }, async () => {
      while (saving) {
        removals.push((await del()).status);
        await new Promise((r) => setImmediate(r));
      }
    });
    for (let round = 0; round < 60; round++)
      saves.push(
        (await put('racing', { centre: 'kestrel-rise-community-centre', radius_m: 500 + round })).status,
      );
    saving = false;
    await Promise.all(removers);
    expect(saves.filter((s) => s !== 200)).toEqual([]);
    expect(removals.filter((s) => s !== 200 && s !== 404)).toEqual([]);
  });

  it('names the problem in a bad configuration', async () => {
    const base = { centre: 'kestrel-rise-community-centre' };
    for (const [body, msg] of [
      [{ ...base, default_language: 'de' }, /default_language/],
      [{ ...base, languages: ['en'], default_language: 'fr' }, /not among the languages offered/],
      [{ ...base, languages: [] }, /at least one language/],
      [{ ...base, idle_seconds: 1 }, /idle_seconds must be at least 5/],
      [{ ...base, layers: ['satellite'] }, /layers/],
      [{ centre: 'the-moon' }, /no community centre "the-moon"/],
      [{ ...base, colour: 'red' }, /colour|Unrecognized/i],
      [{}, /centre/],
    ] as const) {
      const res = await put('lobby', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        ((await res.json()) as { error: { message: string } }).error.message,
        JSON.stringify(body),
      ).toMatch(msg);
    }
  });
});
