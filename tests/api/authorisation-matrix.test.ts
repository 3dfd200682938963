/**
 * The authorisation matrix (issue 12): every state-changing endpoint × eight actors answers
 * exactly the status of the table in docs/ADMIN.md ("## Authorisation matrix"), on both
 * databases. The table is read from the document, so the two cannot drift: a row without a
 * fixture (tests/support/authz-endpoints.ts) fails, a fixture without a row fails, and a
 * state-changing route of the app that is neither a row nor listed "not in the matrix" fails.
 *
 * Every request gets a fresh target (one actor's success does not change what the next sees);
 * a refused request must leave its target as it was and add no audit entry, a successful one must
 * change it. A session's request without its X-CSRF-Token (or with a wrong one) is refused 403
 * csrf_failed, changing nothing; the public rows answer the same without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { signIn, type Signed } from '../support/accounts.ts';
import {
  ACTORS,
  type ActorKey,
  type AuthzRequest,
  type AuthzWorld,
  ENDPOINT_FIXTURES,
  type EndpointFixture,
  parseAuthorisationMatrix,
  setUpAuthzWorld,
  templateOf,
} from '../support/authz-endpoints.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const MATRIX = parseAuthorisationMatrix(fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'ADMIN.md'), 'utf8'));
const FIXTURES = new Map(ENDPOINT_FIXTURES.map((f) => [f.endpoint, f]));
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('the authorisation matrix of docs/ADMIN.md', () => {
  it('has a fixture for every row and a row for every fixture', () => {
    expect(MATRIX.rows.size).toBeGreaterThan(0);
    expect(
      [...MATRIX.rows.keys()].filter((e) => !FIXTURES.has(e)),
      'rows without a fixture',
    ).toEqual([]);
    expect(
      [...FIXTURES.keys()].filter((e) => !MATRIX.rows.has(e)),
      'fixtures without a row',
    ).toEqual([]);
    expect(ENDPOINT_FIXTURES.length, 'a fixture twice').toBe(FIXTURES.size);
  });

  it('lists as public rows and as "not in the matrix" only what is (not) a row', () => {
    expect([...MATRIX.publicRows].filter((e) => !MATRIX.rows.has(e))).toEqual([]);
    expect([...MATRIX.ownTenant404].filter((e) => !MATRIX.rows.has(e))).toEqual([]);
    expect(MATRIX.ownTenant404.size).toBeGreaterThan(0);
    expect([...MATRIX.notInMatrix].filter((e) => MATRIX.rows.has(e))).toEqual([]);
    // a public row needs no credentials: anonymous is answered like everyone else
    for (const e of MATRIX.publicRows) {
      const row = MATRIX.rows.get(e) as Record<ActorKey, number>;
      expect(new Set(Object.values(row)).size, `${e}: a public row answers every caller alike`).toBe(1);
    }
  });
});

const isSuccess = (status: number) => status >= 200 && status < 300;

describeEachDatabase('authorisation matrix', (ctx) => {
  let smtp: TestSmtp;
  let world: AuthzWorld;
  let app: ReturnType<typeof testApp>;
  /** each actor's session, made once and remade when a request ended it */
  const sessions = new Map<ActorKey, Signed>();

  beforeAll(async () => {
    smtp = await startTestSmtp();
    app = testApp(ctx.database, { SMTP_URL: smtp.url, MAIL_FROM: 'town@example.org' });
    world = await setUpAuthzWorld(ctx.database.db, app);
  });
  afterAll(async () => {
    await smtp?.close();
  });

  async function sessionOf(actor: Exclude<ActorKey, 'anonymous'>, fresh = false): Promise<Signed> {
    const kept = sessions.get(actor);
    if (kept && !fresh) return kept;
    const a = world.accounts[actor];
    const s = await signIn(app, a.email, undefined, { tenant: a.tenant.slug });
    if (!fresh) sessions.set(actor, s);
    return s;
  }

  type Csrf = 'sent' | 'missing' | 'wrong';

  /** the session an actor's request of this row goes with (made before the target is read: signing in writes to the audit log) */
  const sessionFor = async (f: EndpointFixture, actor: ActorKey) =>
    actor === 'anonymous' ? undefined : sessionOf(actor, f.freshSession);

  async function send(
    f: EndpointFixture,
    actor: ActorKey,
    session: Signed | undefined,
    req: AuthzRequest,
    csrf: Csrf = 'sent',
  ): Promise<Response> {
    const method = f.endpoint.split(' ')[0] as string;
    const headers: Record<string, string> = {};
    if (session) {
      headers.cookie = session.cookie;
      if (csrf === 'sent') headers['x-csrf-token'] = session.csrf;
      if (csrf === 'wrong') headers['x-csrf-token'] = `${session.csrf.slice(0, -2)}xx`;
    }
    let body: BodyInit | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) body = req.form();
    else if (req.urlencoded) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.urlencoded).toString();
    }
    const res = await app.request(req.path, { method, headers, ...(body !== undefined ? { body } : {}) });
    // a password change signs the account's other sessions out: the kept one is remade when needed
    if (actor !== 'anonymous' && f.endpoint === 'POST /api/auth/password' && isSuccess(res.status))
      sessions.delete(actor);
    return res;
  }

  const lastAuditId = async () =>
    Number(
      (
        await world.db
          .selectFrom('audit_entry')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id ?? 0,
    );

  async function errorCode(res: Response): Promise<string | undefined> {
    const text = await res.text();
    try {
      return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  }

  it('knows every state-changing route of the app: a row of the matrix or "not in the matrix"', () => {
    const routes = new Set(
      app.routes.filter((r) => STATE_CHANGING.has(r.method)).map((r) => `${r.method} ${templateOf(r.path)}`),
    );
    const documented = new Set([...MATRIX.rows.keys(), ...MATRIX.notInMatrix]);
    expect([...routes].filter((r) => !documented.has(r)).sort(), 'routes missing from docs/ADMIN.md').toEqual(
      [],
    );
    expect(
      [...documented].filter((r) => !routes.has(r)).sort(),
      'documented endpoints the app does not have',
    ).toEqual([]);
  });

  interface Prepared {
    session: Signed | undefined;
    req: AuthzRequest;
    before: unknown;
  }

  for (const [endpoint, expected] of MATRIX.rows) {
    it(`${endpoint}: answers each actor as the table says; a refusal changes nothing, a success something`, async () => {
      const f = FIXTURES.get(endpoint);
      if (!f) throw new Error(`no fixture for ${endpoint}`);
      const got: Partial<Record<ActorKey, number>> = {};
      const problems: string[] = [];
      /** one cell; `alone`: no other request runs meanwhile, so the audit log must not grow on a refusal */
      const cell = async (actor: ActorKey, prepared: Prepared, alone: boolean) => {
        const { session, req, before } = prepared;
        const auditBefore = await lastAuditId();
        const res = await send(f, actor, session, req);
        got[actor] = res.status;
        const code = await errorCode(res);
        const after = await req.state();
        // a refusal says why in the documented terms: 401 unauthorised, 403 forbidden (never csrf_failed here), 404 not_found
        const want: Record<number, string> = { 401: 'unauthorised', 403: 'forbidden', 404: 'not_found' };
        if (want[res.status] && code !== want[res.status])
          problems.push(`${actor}: ${res.status} with the code ${code}, not ${want[res.status]}`);
        if (isSuccess(res.status)) {
          if ((req.successChanges ?? true) && JSON.stringify(after) === JSON.stringify(before))
            problems.push(`${actor}: answered ${res.status} but changed nothing`);
        } else {
          if (JSON.stringify(after) !== JSON.stringify(before))
            problems.push(
              `${actor}: refused ${res.status} but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
            );
          if (alone && (await lastAuditId()) !== auditBefore)
            problems.push(`${actor}: refused ${res.status} but wrote an audit entry`);
        }
      };
      const prepare = async (actor: ActorKey): Promise<Prepared> => {
        const session = await sessionFor(f, actor);
        const req = await f.prepare(world, actor);
        return { session, req, before: await req.state() };
      };
      // the refusals one by one (each alone, so that its audit check means something), then the
      // successes together: each has a target of its own, and two recomputes of one tenant share one run
      const keys = ACTORS.map((a) => a.key);
      for (const actor of keys.filter((k) => !isSuccess(expected[k])))
        await cell(actor, await prepare(actor), true);
      const allowed = keys.filter((k) => isSuccess(expected[k]));
      const prepared: Prepared[] = [];
      for (const actor of allowed) prepared.push(await prepare(actor));
      await Promise.all(allowed.map((actor, i) => cell(actor, prepared[i] as Prepared, false)));
      expect(got).toEqual(expected);
      expect(problems).toEqual([]);
    });
  }

  for (const [endpoint, expected] of MATRIX.rows) {
    if (MATRIX.publicRows.has(endpoint)) {
      it(`${endpoint} (public): answers a session without X-CSRF-Token as the table says`, async () => {
        const f = FIXTURES.get(endpoint) as EndpointFixture;
        const session = await sessionFor(f, 'admin');
        const req = await f.prepare(world, 'admin');
        expect((await send(f, 'admin', session, req, 'missing')).status).toBe(expected.admin);
      });
      continue;
    }
    it(`${endpoint}: refuses a session's request without its X-CSRF-Token, or with a wrong one, 403 csrf_failed, changing nothing`, async () => {
      const f = FIXTURES.get(endpoint) as EndpointFixture;
      // an actor the table lets through, so that only the missing token can be the reason
      const actor = ACTORS.map((a) => a.key).find((k) => k !== 'anonymous' && isSuccess(expected[k]));
      if (!actor) throw new Error(`${endpoint}: no signed-in actor may call it; the CSRF check needs one`);
      for (const csrf of ['missing', 'wrong'] as const) {
        const session = await sessionFor(f, actor);
        const req = await f.prepare(world, actor);
        const before = await req.state();
        const auditBefore = await lastAuditId();
        const res = await send(f, actor, session, req, csrf);
        expect({ csrf, status: res.status, code: await errorCode(res) }).toEqual({
          csrf,
          status: 403,
          code: 'csrf_failed',
        });
        expect(await req.state(), `${csrf}: the target is unchanged`).toEqual(before);
        expect(await lastAuditId(), `${csrf}: no audit entry`).toBe(auditBefore);
      }
    });
  }

  for (const endpoint of MATRIX.ownTenant404) {
    it(`${endpoint}: the admin of another tenant, in its own tenant, does not find tenant 1's row (404) and changes nothing`, async () => {
      const f = FIXTURES.get(endpoint) as EndpointFixture;
      const session = await sessionFor(f, 'otherAdmin');
      const req = await f.prepare(world, 'otherAdmin');
      const own = `tenant=${world.otherTenant.slug}`;
      const path = req.path.replace(`tenant=${world.tenant.slug}`, own);
      expect(path, 'the request names the tenant').toContain(own);
      const before = await req.state();
      const auditBefore = await lastAuditId();
      const res = await send(f, 'otherAdmin', session, { ...req, path });
      expect({ status: res.status, code: await errorCode(res) }).toEqual({ status: 404, code: 'not_found' });
      expect(await req.state()).toEqual(before);
      expect(await lastAuditId()).toBe(auditBefore);
    });
  }
});
