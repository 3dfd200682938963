/**
 * What the needs and supports tests share: the mail that reached one address (waited for, never
 * slept on), the links in it, a point inside a neighbourhood, and posting JSON.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { DB } from '../../server/db/schema.ts';
import type { TestSmtp } from './smtp.ts';

export const PUBLIC_URL = 'https://map.example.org';

type Requester = { request(path: string, init?: RequestInit): Response | Promise<Response> };

/** the first mail to `address` that arrived after `from` mails (waits for it) */
export async function mailTo(smtp: TestSmtp, address: string, from = 0): Promise<ParsedMail> {
  for (let i = from; ; i++) {
    const m = i < smtp.mails.length ? (smtp.mails[i] as ParsedMail) : await smtp.next(i);
    const to = Array.isArray(m.to) ? m.to.map((t) => t.text).join(',') : (m.to?.text ?? '');
    if (to.toLowerCase().includes(address.toLowerCase())) return m;
  }
}

/** the token of a link `${PUBLIC_URL}${path}?token=…` in a mail's text */
export function tokenIn(text: string, path: string): string {
  const m = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?token=([A-Za-z0-9_-]{43})`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text.slice(0, 500)}`);
  return m[1] as string;
}

export async function postJson(
  app: Requester,
  path: string,
  json: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}> {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

/** a point well inside each of the first `n` neighbourhoods of the tenant, with the area's id */
export async function pointsInNeighbourhoods(
  db: Kysely<DB>,
  tenantId: number,
  n: number,
): Promise<{ areaId: string; lon: number; lat: number }[]> {
  const r = await sql<{ id: string; lon: number; lat: number }>`
    SELECT id, ST_X(ST_PointOnSurface(geom))::float8 AS lon, ST_Y(ST_PointOnSurface(geom))::float8 AS lat
    FROM area WHERE tenant_id = ${tenantId} AND kind = 'neighbourhood' ORDER BY id LIMIT ${n}`.execute(db);
  return r.rows.map((x) => ({ areaId: x.id, lon: Number(x.lon), lat: Number(x.lat) }));
}

/** the audit entries of an item, oldest first */
export async function auditOf(db: Kysely<DB>, type: string, id: string) {
  return db
    .selectFrom('audit_entry')
    .select(['action', 'actor_kind', 'actor_label', 'previous', 'new'])
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .orderBy('id')
    .execute();
}
