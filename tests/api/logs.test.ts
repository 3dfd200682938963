/**
 * Logs (issue 10): one JSON object per line from pino, a request id on every line of a request
 * and in the x-request-id header, one access line per request, failed admin authentications
 * logged with the address and reason, and no token, cookie, password or e-mail address anywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { loggablePath, scrub, scrubText } from '../../server/log-scrub.ts';
import { createLogger, type LogDestination } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { describeEachDatabase, RATE_LIMITS_OFF } from '../support/databases.ts';

const TOKEN = 'admin-token-for-the-log-tests-0123456789';
const EMAIL = 'jane.doe@example.org';

interface Line {
  level: string;
  msg: string;
  req_id?: string;
  time: string;
  [k: string]: unknown;
}

function capture(): LogDestination & { lines: string[]; parsed(): Line[] } {
  const lines: string[] = [];
  return {
    lines,
    write(s: string) {
      lines.push(...s.split('\n').filter(Boolean));
    },
    parsed: () => lines.map((l) => JSON.parse(l) as Line),
  };
}

describeEachDatabase('logs', (ctx) => {
  let out: ReturnType<typeof capture>;
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    out = capture();
    const log = createLogger('info', { format: 'json', destination: out });
    const config = loadConfig({ ...RATE_LIMITS_OFF, ADMIN_TOKEN: TOKEN, HOST: '127.0.0.1' });
    app = createApp({
      db: ctx.database.db,
      databaseKind: ctx.database.kind,
      config,
      tenants: new TenantResolver(ctx.database.db, undefined),
      log,
    });
  });

  it('writes one JSON access line per request, with its request id, also in the x-request-id header', async () => {
    const before = out.lines.length;
    const res = await app.request('/api/search?q=park');
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = out.parsed().slice(before);
    const access = lines.filter((l) => l.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 'info', req_id: id, method: 'GET', status: 200, path: '/api/search?q=park' });
    expect(typeof access[0]?.ms).toBe('number');
    for (const l of lines) expect(l.req_id).toBe(id);
  });

  it('keeps a sane incoming x-request-id and replaces an unsafe one', async () => {
    const kept = await app.request('/api/health', { headers: { 'x-request-id': 'proxy-abc_123.4:5' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-abc_123.4:5');
    for (const bad of ['a'.repeat(65), 'tab\there', '<script>', 'spa ce', '']) {
      const res = await app.request('/api/health', { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('puts the request id on lines written inside the request too (errors, warnings)', async () => {
    const before = out.lines.length;
    const res = await app.request('/api/admin/analytics/recompute', {
      method: 'POST',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(res.status).toBe(401);
    const lines = out.parsed().slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l.req_id).toBe('trace-42');
  });

  it('logs failed admin authentications with the address and reason, never the token', async () => {
    const wrong = `${TOKEN.slice(0, -1)}X`;
    const cases: [Record<string, string>, string][] = [
      [{}, 'no authorization header'],
      [{ authorization: `Basic ${Buffer.from(`admin:${wrong}`).toString('base64')}` }, 'not the Bearer scheme'],
      [{ authorization: `Bearer ${wrong}` }, 'wrong token'],
    ];
    for (const [headers, reason] of cases) {
      const before = out.lines.length;
      const res = await app.request('/api/admin/kiosks/lobby', { method: 'DELETE', headers }, {
        incoming: { socket: { remoteAddress: '::ffff:198.51.100.23' } },
      });
      expect(res.status).toBe(401);
      const lines = out.lines.slice(before);
      const failed = lines.map((l) => JSON.parse(l) as Line).find((l) => l.msg === 'admin authentication failed');
      expect(failed, reason).toMatchObject({ level: 'warn', reason, client: '198.51.100.23', path: '/api/admin/kiosks/lobby' });
      expect(lines.join('\n')).not.toContain(wrong);
      expect(lines.join('\n')).not.toContain(Buffer.from(`admin:${wrong}`).toString('base64'));
    }
    // the right token is not logged either
    const before = out.lines.length;
    await app.request('/api/admin/kiosks/nope', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(out.lines.slice(before).join('\n')).not.toContain(TOKEN);
  });

  it('leaves no bearer token, cookie, password or e-mail address of a request in the logs', async () => {
    const before = out.lines.length;
    const secrets = [TOKEN, EMAIL, 'hunter2-password', 'session-cookie-value', encodeURIComponent(EMAIL)];
    await app.request(
      `/api/search?q=${encodeURIComponent(EMAIL)}&token=${TOKEN}&password=hunter2-password&email=${encodeURIComponent(EMAIL)}`,
      { headers: { authorization: `Bearer ${TOKEN}`, cookie: 'sid=session-cookie-value' } },
    );
    await app.request(`/api/nope/${encodeURIComponent(EMAIL)}?access_token=${TOKEN}`);
    await app.request(`/users/${EMAIL}`);
    await app.request('/api/admin/kiosks/x', {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}X`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL }),
    });
    const text = out.lines.slice(before).join('\n');
    expect(out.lines.length - before).toBeGreaterThanOrEqual(4);
    for (const s of secrets) expect(text, s).not.toContain(s);
    expect(text).toContain('[email]');
  });

  it('scrubs what code passes to the logger, in the message and in the details', () => {
    const lines = capture();
    const log = createLogger('debug', { format: 'json', destination: lines });
    log.warn(`mail to ${EMAIL} failed with Bearer ${TOKEN}`, {
      to: EMAIL,
      headers: { authorization: `Bearer ${TOKEN}`, cookie: 'sid=1', 'x-ok': 'fine' },
      password: 'p4ss',
      nested: { deeper: { api_key: 'k-123', url: `https://x.example/?token=${TOKEN}&a=1` } },
      error: new Error(`cannot reach ${EMAIL}`),
    });
    const text = lines.lines.join('\n');
    for (const s of [EMAIL, TOKEN, 'p4ss', 'k-123', 'sid=1']) expect(text, s).not.toContain(s);
    const [line] = lines.parsed();
    expect(line?.level).toBe('warn');
    expect(line?.headers).toMatchObject({ 'x-ok': 'fine' });
    expect(line?.msg).toBe('mail to [email] failed with Bearer [redacted]');
  });
});

describe('log helpers', () => {
  it('loggablePath keeps the path and harmless parameters', () => {
    expect(loggablePath('http://x/api/opportunities?when=today&from=2026-01-01')).toBe(
      '/api/opportunities?when=today&from=2026-01-01',
    );
    expect(loggablePath(`http://x/api/x?token=abc&sig=def&q=${encodeURIComponent(EMAIL)}`)).toBe(
      '/api/x?token=[redacted]&sig=[redacted]&q=[email]',
    );
    expect(loggablePath(`http://x/${'a'.repeat(2000)}`).length).toBeLessThan(600);
  });

  it('scrubText and scrub', () => {
    expect(scrubText('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic [redacted]');
    expect(scrubText('reply to jane%40example.org')).toBe('reply to [email]');
    expect(scrub({ list: [EMAIL, 1, null], ok: true })).toEqual({ list: ['[email]', 1, null], ok: true });
  });

  it('LOG_LEVEL silent writes nothing; pretty lines are readable', () => {
    const silent = capture();
    createLogger('silent', { destination: silent }).error('nothing');
    expect(silent.lines).toEqual([]);
    const pretty = capture();
    createLogger('info', { format: 'pretty', destination: pretty }).info('Loading the demo town', { rows: 3 });
    expect(pretty.lines[0]).toMatch(/^\d\d:\d\d:\d\d \[info\] Loading the demo town \{"rows":3\}$/);
  });
});
