/**
 * Abuse (issue 10): rate limits per client address answered with 429 JSON and Retry-After, keyed
 * by the socket's address (X-Forwarded-For only with TRUST_PROXY), with bounded memory; and a
 * body-size limit on /api answered with 413 JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { normaliseAddress } from '../../server/http/client-address.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';

/** what @hono/node-server passes as the env of a request from `address` */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

describe('RateLimiter', () => {
  it('lets COUNT requests through at once, then refills at COUNT per WINDOW', () => {
    let t = 1_000_000;
    const rl = new RateLimiter('search', { count: 3, windowMs: 60_000 }, 1000, () => t);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    const wait = rl.take('a');
    expect(wait).toBe(20_000); // one token every 20 s
    expect(rl.take('b')).toBe(0); // another client has its own bucket
    t += 19_999;
    expect(rl.take('a')).toBeGreaterThan(0);
    t += 20_001;
    expect(rl.take('a')).toBe(0);
  });

  it('keeps memory bounded: refilled buckets and the least recently seen clients are forgotten', () => {
    let t = 0;
    const rl = new RateLimiter('api', { count: 10, windowMs: 1000 }, 100, () => t);
    for (let i = 0; i < 10_000; i += 1) rl.take(`client-${i}`);
    expect(rl.size).toBeLessThanOrEqual(100);
    // an abuser who keeps sending is the most recently seen: it is not the one forgotten
    for (let i = 0; i < 11; i += 1) rl.take('abuser');
    for (let i = 0; i < 99; i += 1) rl.take(`other-${i}`);
    expect(rl.take('abuser')).toBeGreaterThan(0);
    t += 5000;
    for (let i = 0; i < 50; i += 1) rl.take(`late-${i}`);
    expect(rl.size).toBeLessThanOrEqual(100);
  });

  it('keys IPv6 clients by their /64 and unwraps IPv4-mapped addresses', () => {
    expect(normaliseAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(normaliseAddress('2001:db8:1:2:aaaa::1')).toBe(normaliseAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(normaliseAddress('2001:db8:1:2::1')).not.toBe(normaliseAddress('2001:db8:1:3::1'));
    expect(normaliseAddress('::1')).toBe('::1');
  });

  it('reads limits from the configuration and refuses nonsense', () => {
    expect(loadConfig({ RATE_LIMIT_SEARCH: '10/15m' }).RATE_LIMIT_SEARCH).toEqual({ count: 10, windowMs: 900_000 });
    expect(loadConfig({ RATE_LIMIT_SEARCH: 'off' }).RATE_LIMIT_SEARCH).toBeNull();
    expect(loadConfig({}).RATE_LIMIT_API).toEqual({ count: 600, windowMs: 60_000 });
    for (const bad of ['10', '0/1m', '10/1d', 'lots', '10/0s']) {
      expect(() => loadConfig({ RATE_LIMIT_SEARCH: bad }), bad).toThrow(/RATE_LIMIT_SEARCH/);
    }
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
  });
});

describeEachDatabase('rate limits', (ctx) => {
  it('answers 429 JSON with Retry-After once a client has used its searches', async () => {
    const app = testApp(ctx.database, { RATE_LIMIT_SEARCH: '3/1m', RATE_LIMIT_EXEMPT: '' });
    for (let i = 0; i < 3; i += 1) expect((await app.request('/api/search?q=park', {}, from('203.0.113.1'))).status).toBe(200);
    const res = await app.request('/api/search?q=park', {}, from('203.0.113.1'));
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(20);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/at most 3 per minute/);
    expect(body.error.details).toMatchObject({ limit: 'search', retry_after_s: retry });
    // the searches of /api/opportunities?q= share the limit; other clients and other endpoints do not
    expect((await app.request('/api/opportunities?q=garden', {}, from('203.0.113.1'))).status).toBe(429);
    expect((await app.request('/api/opportunities?limit=1', {}, from('203.0.113.1'))).status).toBe(200);
    expect((await app.request('/api/search?q=park', {}, from('203.0.113.2'))).status).toBe(200);
    expect((await app.request('/api/health', {}, from('203.0.113.1'))).status).toBe(200);
  });

  it('limits near-me, the what-if and the admin API, and has a ceiling for all of /api', async () => {
    const app = testApp(ctx.database, {
      RATE_LIMIT_NEARBY: '2/1m',
      RATE_LIMIT_WHAT_IF: '1/1m',
      RATE_LIMIT_ADMIN: '2/1m',
      RATE_LIMIT_API: '20/1m',
      RATE_LIMIT_EXEMPT: '',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
    });
    const near = '/api/nearby?lon=4.5&lat=52.5&limit=1';
    const c = from('198.51.100.7');
    expect((await app.request(near, {}, c)).status).toBe(200);
    expect((await app.request(near, {}, c)).status).toBe(200);
    expect((await app.request(near, {}, c)).status).toBe(429);
    const whatIf = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    expect((await app.request('/api/planner/what-if', whatIf, c)).status).toBe(400);
    expect((await app.request('/api/planner/what-if', whatIf, c)).status).toBe(429);
    expect((await app.request('/api/admin/kiosks/x', { method: 'DELETE' }, c)).status).toBe(401);
    expect((await app.request('/api/admin/kiosks/x', { method: 'DELETE' }, c)).status).toBe(401);
    expect((await app.request('/api/admin/kiosks/x', { method: 'DELETE' }, c)).status).toBe(429);
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i += 1) status = (await app.request('/api/health', {}, c)).status;
    expect(status).toBe(429);
  });

  it('uses X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const direct = testApp(ctx.database, { RATE_LIMIT_SEARCH: '1/1m', RATE_LIMIT_EXEMPT: '' });
    const proxy = from('10.0.0.1');
    // not trusted: rotating X-Forwarded-For does not give a fresh bucket
    expect((await direct.request('/api/search?q=a1', { headers: { 'x-forwarded-for': '192.0.2.1' } }, proxy)).status).toBe(200);
    expect((await direct.request('/api/search?q=a1', { headers: { 'x-forwarded-for': '192.0.2.2' } }, proxy)).status).toBe(429);

    const behind = testApp(ctx.database, { RATE_LIMIT_SEARCH: '1/1m', TRUST_PROXY: '1', RATE_LIMIT_EXEMPT: '' });
    const xff = (v: string) => ({ headers: { 'x-forwarded-for': v } });
    expect((await behind.request('/api/search?q=a1', xff('192.0.2.1'), proxy)).status).toBe(200);
    expect((await behind.request('/api/search?q=a1', xff('192.0.2.1'), proxy)).status).toBe(429);
    expect((await behind.request('/api/search?q=a1', xff('192.0.2.2'), proxy)).status).toBe(200);
    // a client cannot pick its own address by prepending entries: the proxy's own entry is used
    expect((await behind.request('/api/search?q=a1', xff('192.0.2.77, 192.0.2.1'), proxy)).status).toBe(429);
  });

  it('does not limit the exempt addresses (by default this machine)', async () => {
    const app = testApp(ctx.database, { RATE_LIMIT_SEARCH: '1/1m', RATE_LIMIT_EXEMPT: '127.0.0.1,::1' });
    for (const a of ['127.0.0.1', '::ffff:127.0.0.1', '::1']) {
      for (let i = 0; i < 3; i += 1) expect((await app.request('/api/search?q=park', {}, from(a))).status, a).toBe(200);
    }
    expect((await app.request('/api/search?q=park', {}, from('192.0.2.9'))).status).toBe(200);
    expect((await app.request('/api/search?q=park', {}, from('192.0.2.9'))).status).toBe(429);
  });
});

describeEachDatabase('body limit', (ctx) => {
  // a suite that never queries its PostGIS copy cannot drop it afterwards ("being accessed by other
  // users": a race of openDatabase's first connection with close), so it asks once first
  beforeAll(async () => {
    expect((await ctx.getJson('/api/health')).status).toBe(200);
  });

  it('refuses a body over API_BODY_LIMIT_BYTES with 413 JSON, with or without Content-Length', async () => {
    const app = testApp(ctx.database, { API_BODY_LIMIT_BYTES: '65536' });
    const big = JSON.stringify({ geometry: { type: 'Point', coordinates: [4.5, 52.5] }, pad: 'x'.repeat(100_000) });
    const sized = await app.request('/api/planner/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as ErrorBody).error.code).toBe('payload_too_large');

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
        controller.close();
      },
    });
    const chunked = await app.request('/api/admin/kiosks/x', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('lets small bodies through to their route', async () => {
    const app = testApp(ctx.database, { API_BODY_LIMIT_BYTES: '65536', ADMIN_TOKEN: 'a-long-enough-admin-token' });
    const res = await app.request('/api/admin/kiosks/x', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(30_000) }),
    });
    // past the body limit, refused by the route itself (no token)
    expect(res.status).toBe(401);
  });
});
