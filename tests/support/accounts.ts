/**
 * Accounts for the API tests: people added with the same function as `npm run user`, a password
 * set directly (argon2id, as the API would), and sign-in through the API answering the session
 * cookie and its CSRF token.
 */
import type { Kysely } from 'kysely';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { runUserCommand, type UserCommand } from '../../server/accounts/user-command.ts';
import { loadConfig } from '../../server/config.ts';
import type { DB } from '../../server/db/schema.ts';

export const PASSWORD = 'correct horse battery staple';

type Requester = { request(path: string, init?: RequestInit): Response | Promise<Response> };

export async function addUser(
  db: Kysely<DB>,
  cmd: Omit<Extract<UserCommand, { action: 'add' }>, 'action'>,
  password: string | null = PASSWORD,
): Promise<{ link: string }> {
  const r = await runUserCommand(db, loadConfig({ LOG_LEVEL: 'silent' }), { action: 'add', ...cmd });
  if (password)
    await db
      .updateTable('account')
      .set({ password_hash: await hashPassword(password) })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', cmd.email.toLowerCase()))
      .execute();
  return { link: r.link?.url ?? '' };
}

/** the value of a cookie set by a response, or undefined */
export function cookieFrom(res: Response, name: RegExp = /^(__Host-)?cm_session$/): { name: string; value: string; attributes: string } | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    const n = pair.slice(0, eq).trim();
    if (name.test(n)) return { name: n, value: pair.slice(eq + 1).trim(), attributes: attrs.join(';') };
  }
  return undefined;
}

export interface Signed {
  cookie: string;
  csrf: string;
  /** headers of a state-changing request of this session */
  write: Record<string, string>;
}

export async function signIn(
  app: Requester,
  email: string,
  password = PASSWORD,
  opts: { tenant?: string; headers?: Record<string, string> } = {},
): Promise<Signed> {
  const res = await app.request(`/api/auth/sign-in${opts.tenant ? `?tenant=${opts.tenant}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const c = cookieFrom(res);
  if (!c) throw new Error('no session cookie');
  const me = (await res.json()) as { csrf_token: string };
  const cookie = `${c.name}=${c.value}`;
  return {
    cookie,
    csrf: me.csrf_token,
    write: { cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' },
  };
}
