/**
 * What the sign-in routes do: password sign-in (throttled, the same answer and about the same time
 * for unknown and known addresses), sign-in links (requested by e-mail, used once), password
 * changes. Every outcome is in the audit log (never the password); sessions are made by
 * ./sessions.ts, so a sign-in always rotates the session id.
 */
import type { Config } from '../config.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { createMailer, type Mailer } from '../subscriptions/mailer.ts';
import type { Tenant } from '../tenants/queries.ts';
import { clockOf } from './authenticate.ts';
import { consumeSignInLink, createSignInLink, signInLinkUrl } from './links.ts';
import { type AuthMailLanguage, signInLinkMail } from './mails.ts';
import { hashPassword, needsRehash, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts';
import { type AccountRow, findAccountByEmail, findAccountById, membershipsOf, setAccountFlags } from './queries.ts';
import { createSession, deleteSession, deleteSessionsOf, type NewSession, type SessionRow } from './sessions.ts';
import { accountKey, addressKey, clearFailures, recordAttempt, throttledFor } from './throttle.ts';

export const SIGN_IN_FAILED_MESSAGE =
  'The e-mail address or the password is not right, or this account cannot sign in here';
export const LINK_ACCEPTED_MESSAGE =
  'If this address belongs to an account of this site, a sign-in link is on its way to it.';
export const LINK_INVALID_MESSAGE =
  'This sign-in link cannot be used: it was used already, it expired, or it was never issued. Ask for a new one.';

interface Throttle {
  windowMs: number;
}

function windowOf(config: Config): Throttle {
  return { windowMs: config.SIGN_IN_THROTTLE_MINUTES * 60_000 };
}

function tooMany(waitMs: number, setHeader: (name: string, value: string) => void): never {
  const seconds = Math.ceil(waitMs / 1000);
  setHeader('Retry-After', String(seconds));
  throw new ApiError(429, 'too_many_attempts', `Too many attempts: try again in ${seconds} seconds`, {
    retry_after_s: seconds,
  });
}

async function canSignInTo(deps: Pick<AppDeps, 'db'>, account: AccountRow, tenantId: number): Promise<boolean> {
  if (account.disabled_at) return false;
  if (account.operator) return true;
  return (await membershipsOf(deps.db, account.id, tenantId)).length > 0;
}

export interface RequestInfo {
  client: string;
  /** the session cookie the request came with: replaced by the new session */
  previousCookie: string | undefined;
  setHeader: (name: string, value: string) => void;
  /** the public address links start with (PUBLIC_URL, else the address this server listens on) */
  publicBase: string;
}

export class AuthService {
  private mailer: Mailer | null | undefined;
  constructor(private readonly deps: AppDeps) {}

  private get now(): number {
    return clockOf(this.deps)();
  }

  private get log(): Logger {
    return this.deps.log;
  }

  private mail(): Mailer | null {
    if (this.mailer === undefined) this.mailer = createMailer(this.deps.config);
    return this.mailer;
  }

  async signInWithPassword(
    tenant: Tenant,
    body: { email: string; password: string },
    req: RequestInfo,
  ): Promise<{ session: NewSession; account: AccountRow }> {
    const { db, config } = this.deps;
    const now = this.now;
    const { windowMs } = windowOf(config);
    const aKey = accountKey(body.email);
    const cKey = addressKey(req.client);
    const wait = Math.max(
      await throttledFor(db, { key: aKey, purpose: 'password', max: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, windowMs, now }),
      await throttledFor(db, { key: cKey, purpose: 'password', max: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS, windowMs, now }),
    );
    if (wait > 0) {
      this.log.warn('sign-in throttled', { client: req.client });
      tooMany(wait, req.setHeader);
    }
    const account = await findAccountByEmail(db, body.email);
    // the hash is verified whatever else is wrong: unknown and known addresses take as long
    const passwordOk = await verifyPassword(account?.password_hash, body.password);
    const allowed = account && passwordOk && (await canSignInTo(this.deps, account, tenant.id));
    if (!account || !allowed) {
      await recordAttempt(db, { keys: [aKey, cKey], purpose: 'password', succeeded: false, now, windowMs });
      const reason = !account
        ? 'unknown address'
        : !passwordOk
          ? 'wrong password'
          : account.disabled_at
            ? 'account disabled'
            : 'no role in this tenant';
      await recordAudit(db, {
        tenantId: tenant.id,
        actor: account ? { kind: 'account', accountId: account.id, label: account.email } : { kind: 'anonymous', label: null },
        action: 'auth.sign_in_failed',
        entity: { type: 'account', id: account?.id ?? null },
        next: { reason, client: req.client, via: 'password' },
        summary: `Sign-in failed: ${reason}`,
        at: new Date(now),
      });
      throw new ApiError(401, 'sign_in_failed', SIGN_IN_FAILED_MESSAGE);
    }
    await clearFailures(db, aKey, 'password');
    const session = await this.startSession(account, tenant.id, 'password', req, now);
    if (account.password_hash && needsRehash(account.password_hash))
      await setAccountFlags(db, account.id, { password_hash: await hashPassword(body.password) });
    return { session, account };
  }

  /** a new session (rotation: the request's old one is removed), last sign-in, audit; one transaction */
  private async startSession(
    account: AccountRow,
    tenantId: number,
    via: 'password' | 'link',
    req: RequestInfo,
    now: number,
  ): Promise<NewSession> {
    return this.deps.db.transaction().execute(async (trx) => {
      await deleteSession(trx, req.previousCookie);
      const session = await createSession(trx, this.deps.config, { accountId: account.id, tenantId, via, now });
      await setAccountFlags(trx, account.id, { last_sign_in_at: new Date(now) });
      await recordAudit(trx, {
        tenantId,
        actor: { kind: 'account', accountId: account.id, label: account.email },
        action: 'auth.sign_in',
        entity: { type: 'account', id: account.id },
        next: { via, client: req.client },
        summary: via === 'link' ? 'Signed in with a link' : 'Signed in with a password',
        at: new Date(now),
      });
      return session;
    });
  }

  /**
   * Mails a sign-in link when the address belongs to an account that may sign in to the tenant.
   * Answers the same whatever the address; the mail is sent after the answer (its time is not
   * the caller's to measure).
   */
  async requestLink(
    tenant: Tenant,
    body: { email: string; language: AuthMailLanguage },
    req: RequestInfo,
  ): Promise<void> {
    const { db, config } = this.deps;
    const now = this.now;
    const { windowMs } = windowOf(config);
    const aKey = accountKey(body.email);
    const cKey = addressKey(req.client);
    const wait = await throttledFor(db, {
      key: cKey,
      purpose: 'link',
      max: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      windowMs,
      now,
      failuresOnly: false,
    });
    if (wait > 0) tooMany(wait, req.setHeader);
    const accountFull =
      (await throttledFor(db, {
        key: aKey,
        purpose: 'link',
        max: config.SIGN_IN_MAX_LINKS_PER_ACCOUNT,
        windowMs,
        now,
        failuresOnly: false,
      })) > 0;
    await recordAttempt(db, { keys: [aKey, cKey], purpose: 'link', succeeded: true, now, windowMs });
    const mailer = this.mail();
    if (!mailer) {
      this.log.warn('a sign-in link was asked for, but mail is off (SMTP_URL is not set): none is sent');
      return;
    }
    if (accountFull) {
      this.log.warn('sign-in links: this account had its share of links in the window; none is sent', {
        client: req.client,
      });
      return;
    }
    const account = await findAccountByEmail(db, body.email);
    if (!account || !(await canSignInTo(this.deps, account, tenant.id))) return;
    const link = await db.transaction().execute(async (trx) => {
      const l = await createSignInLink(trx, {
        accountId: account.id,
        tenantId: tenant.id,
        now,
        minutes: config.SIGN_IN_LINK_MINUTES,
      });
      await recordAudit(trx, {
        tenantId: tenant.id,
        actor: { kind: 'anonymous', label: null },
        action: 'auth.sign_in_link_sent',
        entity: { type: 'account', id: account.id },
        next: { expires_at: l.expiresAt.toISOString(), client: req.client },
        summary: 'A sign-in link was e-mailed',
        at: new Date(now),
      });
      return l;
    });
    const mail = signInLinkMail({
      to: account.email,
      language: body.language,
      tenantName: tenant.name[body.language] ?? tenant.name[tenant.defaultLocale] ?? tenant.slug,
      url: signInLinkUrl(req.publicBase, link.token),
      minutes: config.SIGN_IN_LINK_MINUTES,
    });
    mailer.send(mail).catch((err: unknown) => {
      this.log.error('the sign-in link mail could not be sent', { error: (err as Error).message });
    });
  }

  /** signs in with a link's token (once); 400 link_invalid otherwise */
  async consumeLink(token: string, req: RequestInfo): Promise<{ session: NewSession; account: AccountRow }> {
    const { db } = this.deps;
    const now = this.now;
    const link = await consumeSignInLink(db, token, now);
    const account = link ? await findAccountById(db, link.accountId) : undefined;
    if (!link || !account || !(await canSignInTo(this.deps, account, link.tenantId))) {
      await recordAudit(db, {
        tenantId: link?.tenantId ?? null,
        actor: { kind: 'anonymous', label: null },
        action: 'auth.sign_in_failed',
        entity: { type: 'account', id: account?.id ?? null },
        next: { reason: link ? 'account cannot sign in' : 'unknown, used or expired link', client: req.client, via: 'link' },
        summary: 'Sign-in with a link failed',
        at: new Date(now),
      });
      throw new ApiError(400, 'link_invalid', LINK_INVALID_MESSAGE);
    }
    const session = await this.startSession(account, link.tenantId, 'link', req, now);
    return { session, account };
  }

  /** whether this session may set a password without the current one: just signed in by link */
  canSetWithoutCurrent(session: SessionRow, account: AccountRow): boolean {
    if (!account.password_hash) return true;
    return (
      session.via === 'link' &&
      this.now - session.created_at.getTime() < this.deps.config.SIGN_IN_LINK_MINUTES * 60_000
    );
  }

  async changePassword(
    account: AccountRow,
    session: SessionRow,
    body: { current_password?: string | undefined; new_password: string },
    req: RequestInfo,
  ): Promise<void> {
    const { db, config } = this.deps;
    const now = this.now;
    const { windowMs } = windowOf(config);
    if (!this.canSetWithoutCurrent(session, account)) {
      const aKey = accountKey(account.email);
      const wait = await throttledFor(db, {
        key: aKey,
        purpose: 'password',
        max: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        windowMs,
        now,
      });
      if (wait > 0) tooMany(wait, req.setHeader);
      if (!body.current_password)
        throw new ApiError(400, 'bad_request', 'current_password: give the current password to set a new one');
      if (!(await verifyPassword(account.password_hash, body.current_password))) {
        await recordAttempt(db, { keys: [aKey], purpose: 'password', succeeded: false, now, windowMs });
        throw new ApiError(403, 'wrong_password', 'current_password: that is not the current password');
      }
    }
    if (body.new_password.trim().toLowerCase() === account.email.toLowerCase())
      throw new ApiError(400, 'bad_request', 'new_password: must not be the e-mail address');
    const hash = await hashPassword(body.new_password);
    await db.transaction().execute(async (trx) => {
      await setAccountFlags(trx, account.id, { password_hash: hash });
      // other sessions of the account end: whoever knew the old password is out
      await deleteSessionsOf(trx, account.id, session.id_hash);
      await recordAudit(trx, {
        tenantId: session.tenant_id,
        actor: { kind: 'account', accountId: account.id, label: account.email },
        action: 'account.password_set',
        entity: { type: 'account', id: account.id },
        previous: { has_password: Boolean(account.password_hash) },
        next: { has_password: true },
        summary: account.password_hash ? 'Changed the password' : 'Set a password',
        at: new Date(now),
      });
    });
  }

  close(): void {
    this.mailer?.close();
  }
}

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };
