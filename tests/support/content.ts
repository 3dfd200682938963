/**
 * Helpers of the back-office content tests: the people (admin, editors of two organisations, a
 * moderator) signed in, and requests with their session.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { addUser, type Signed, signIn } from './accounts.ts';

type Requester = { request(path: string, init?: RequestInit): Response | Promise<Response> };

export interface People {
  admin: Signed;
  editorA: Signed;
  editorB: Signed;
  moderator: Signed;
  orgA: string;
  orgB: string;
}

export async function contentPeople(db: Kysely<DB>, app: Requester, prefix: string): Promise<People> {
  const users = {
    admin: { email: `${prefix}-admin@town.example`, role: 'admin' as const },
    editorA: {
      email: `${prefix}-a@partner.example`,
      role: 'editor' as const,
      organisation: `${prefix}-org-a`,
    },
    editorB: {
      email: `${prefix}-b@partner.example`,
      role: 'editor' as const,
      organisation: `${prefix}-org-b`,
    },
    moderator: { email: `${prefix}-mod@town.example`, role: 'moderator' as const },
  };
  for (const u of Object.values(users)) await addUser(db, { tenant: 'lindmere', ...u });
  const orgs = await db.selectFrom('organisation').select(['id', 'slug']).execute();
  const org = (slug: string) => orgs.find((o) => o.slug === slug)?.id as string;
  return {
    admin: await signIn(app, users.admin.email),
    editorA: await signIn(app, users.editorA.email),
    editorB: await signIn(app, users.editorB.email),
    moderator: await signIn(app, users.moderator.email),
    orgA: org(users.editorA.organisation),
    orgB: org(users.editorB.organisation),
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** a JSON request as `who` (undefined: anonymous) */
export async function call<T = Record<string, unknown>>(
  app: Requester,
  who: Signed | undefined,
  method: string,
  path: string,
  payload?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = who
    ? method === 'GET'
      ? { cookie: who.cookie }
      : { ...who.write }
    : { 'content-type': 'application/json' };
  const res = await app.request(path, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** the message of an error answer */
export const messageOf = (a: Answer) => (a.body as { error?: { message?: string } }).error?.message ?? '';
export const codeOf = (a: Answer) => (a.body as { error?: { code?: string } }).error?.code ?? '';
