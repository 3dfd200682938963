/**
 * Mails the queued block-connector alerts (rows of `connector_alert` without `sent_at`, written by
 * queueConnectorAlerts of server/participation/alerts.ts in the publishing transaction).
 *
 * - After each publishing commit: `alertsAfterWrites(deps)` is a middleware on the back office's
 *   API (/api/admin/*): once a state-changing request has been answered 2xx — its transaction is
 *   committed by then — it starts a send in the background. So the content API, the review, the
 *   moderation of proposals and needs and the funding of calls all trigger it without knowing of it.
 * - From the scheduler: `startConnectorAlertSchedule` retries what is left unsent (mail down, a
 *   process stopped) every DIGEST_CHECK_MS.
 *
 * Each alert is claimed (`sent_at` set) before its mail goes out and released again if the mail
 * server refuses it, so two processes never send the same alert (at most once: a process killed
 * between the claim and the mail loses that one alert). Alerts older than ALERT_MAX_AGE_DAYS that
 * were never sent (mail was off) are not sent any more. The mail is in the connector's language
 * (that of their approved application, else the tenant's default), with the item's name and link.
 */
import type { MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, LocalizedText } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { publicBase } from '../http/public-url.ts';
import type { Logger } from '../logger.ts';
import { createMailer, type Mailer } from '../subscriptions/mailer.ts';
import { tenantLinkUnder } from '../tenants/links.ts';
import { type AlertItem, alertMail, mailLanguageOf } from './mails.ts';

export const ALERT_MAX_AGE_DAYS = 7;
const BATCH = 50;

interface Claimed {
  membership_id: string;
  tenant_id: number;
  target_type: 'opportunity' | 'proposal' | 'need';
  target_id: string;
}

function pick(text: LocalizedText | string | null, lang: string, fallback: string): string {
  if (!text) return fallback;
  if (typeof text === 'string') return text;
  return text[lang]?.trim() || Object.values(text).find((v) => v?.trim()) || fallback;
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/** the item's name in `lang` and its link on the resident map, or null when it is gone or not public */
async function itemOf(db: Kysely<DB>, a: Claimed, lang: string, base: string): Promise<AlertItem | null> {
  if (a.target_type === 'opportunity') {
    const o = await db
      .selectFrom('opportunity')
      .select(['title', 'status'])
      .where('id', '=', a.target_id)
      .where('tenant_id', '=', a.tenant_id)
      .executeTakeFirst();
    if (o?.status !== 'published') return null;
    return {
      type: 'opportunity',
      title: short(pick(o.title, lang, '—')),
      url: `${base}/?item=programs:${encodeURIComponent(a.target_id)}`,
    };
  }
  if (a.target_type === 'proposal') {
    const p = await db
      .selectFrom('proposal')
      .select(['title', 'status', 'opportunity_id'])
      .where('id', '=', a.target_id)
      .where('tenant_id', '=', a.tenant_id)
      .executeTakeFirst();
    if (p?.status !== 'published') return null;
    return {
      type: 'proposal',
      title: short(pick(p.title, lang, '—')),
      url: p.opportunity_id
        ? `${base}/?item=programs:${encodeURIComponent(p.opportunity_id)}`
        : `${base}/?item=proposals:${encodeURIComponent(a.target_id)}`,
    };
  }
  const n = await db
    .selectFrom('need')
    .select(['text', 'status'])
    .where('id', '=', a.target_id)
    .where('tenant_id', '=', a.tenant_id)
    .executeTakeFirst();
  if (n?.status !== 'published') return null;
  return {
    type: 'need',
    title: short(n.text.replace(/\s+/g, ' ').trim()),
    url: `${base}/?item=needs:${encodeURIComponent(a.target_id)}`,
  };
}

/** sends every queued alert that is due; answers how many mails went out */
export async function sendQueuedAlerts(
  db: Kysely<DB>,
  o: { config: Config; mailer: Mailer; log: Logger },
): Promise<{ sent: number; failed: number; dropped: number }> {
  let sent = 0;
  let failed = 0;
  let dropped = 0;
  const bases = new Map<number, string>();
  const failedKeys = new Set<string>();
  for (;;) {
    // claim a batch: UPDATE … WHERE sent_at IS NULL lets only one process take a row
    const { rows } = await sql<Claimed>`
      UPDATE connector_alert ca SET sent_at = now()
      WHERE (ca.membership_id, ca.target_type, ca.target_id) IN (
        SELECT c2.membership_id, c2.target_type, c2.target_id FROM connector_alert c2
        WHERE c2.sent_at IS NULL AND c2.created_at > now() - make_interval(days => ${ALERT_MAX_AGE_DAYS})
          AND NOT (c2.membership_id::text || '/' || c2.target_type || '/' || c2.target_id::text = ANY(${[...failedKeys]}::text[]))
        ORDER BY c2.created_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
        AND ca.sent_at IS NULL
      RETURNING ca.membership_id, ca.tenant_id, ca.target_type, ca.target_id`.execute(db);
    if (!rows.length) break;
    for (const a of rows) {
      const key = `${a.membership_id}/${a.target_type}/${a.target_id}`;
      const who = await sql<{
        email: string;
        language: string | null;
        default_locale: string;
        name: LocalizedText;
        slug: string;
      }>`
        SELECT acc.email, t.default_locale, t.name, t.slug,
               (SELECT ap.language FROM connector_application ap
                 WHERE ap.membership_id = m.id AND ap.tenant_id = m.tenant_id
                 ORDER BY ap.decided_at DESC NULLS LAST LIMIT 1) AS language
        FROM membership m
        JOIN account acc ON acc.id = m.account_id AND acc.disabled_at IS NULL
        JOIN tenant t ON t.id = m.tenant_id
        WHERE m.id = ${a.membership_id} AND m.tenant_id = ${a.tenant_id} AND m.role = 'block_connector'`.execute(
        db,
      );
      const person = who.rows[0];
      const language = mailLanguageOf(person?.language, person?.default_locale ?? 'en');
      let base = bases.get(a.tenant_id);
      if (person && base === undefined) {
        base = await tenantLinkUnder(
          db,
          o.config,
          { id: a.tenant_id, slug: person.slug },
          publicBase(o.config),
        );
        bases.set(a.tenant_id, base);
      }
      const item = person && base !== undefined ? await itemOf(db, a, language, base) : null;
      if (!person || !item || base === undefined) {
        // the role, the account or the item is gone (or no longer public): nothing to tell
        dropped++;
        continue;
      }
      try {
        await o.mailer.send(
          alertMail({
            to: person.email,
            language,
            tenantName: pick(person.name, language, person.slug),
            item,
            areaPageUrl: `${base}/admin/my-area`,
          }),
        );
        sent++;
      } catch (err) {
        failed++;
        failedKeys.add(key);
        o.log.warn('a block connector alert could not be sent; it is retried later', {
          error: (err as Error).message,
        });
        await db
          .updateTable('connector_alert')
          .set({ sent_at: null })
          .where('membership_id', '=', a.membership_id)
          .where('tenant_id', '=', a.tenant_id)
          .where('target_type', '=', a.target_type)
          .where('target_id', '=', a.target_id)
          .execute();
      }
    }
  }
  return { sent, failed, dropped };
}

/** one sender per app: runs never overlap; a kick during a run makes one more run after it */
export class AlertSender {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly mailer: Mailer | null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Config,
    private readonly log: Logger,
    mailer?: Mailer | null,
  ) {
    this.mailer = mailer === undefined ? createMailer(config) : mailer;
  }

  get enabled(): boolean {
    return this.mailer !== null;
  }

  /** starts a send in the background (never throws); the promise ends with the run */
  kick(): Promise<void> {
    const mailer = this.mailer;
    if (!mailer) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await sendQueuedAlerts(this.db, { config: this.config, mailer, log: this.log });
        } catch (err) {
          this.log.warn('sending block connector alerts failed', { error: (err as Error).message });
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** waits for a run in progress (tests, shutdown) */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.mailer?.close();
  }
}

const senders = new WeakMap<AppDeps, AlertSender>();

/** the sender of an app (made on first use) */
export function alertSenderOf(deps: AppDeps): AlertSender {
  let s = senders.get(deps);
  if (!s) {
    s = new AlertSender(deps.db, deps.config, deps.log);
    senders.set(deps, s);
  }
  return s;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** after a successful state change of the back office (committed by then), mail what it queued */
export function alertsAfterWrites(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!WRITES.has(c.req.method) || c.res.status >= 300) return;
    const sender = alertSenderOf(deps);
    if (sender.enabled) void sender.kick();
  };
}

export interface AlertSchedule {
  stop(): Promise<void>;
}

/** retries unsent alerts every DIGEST_CHECK_MS (nothing without SMTP_URL) */
export function startConnectorAlertSchedule(db: Kysely<DB>, config: Config, log: Logger): AlertSchedule {
  const sender = new AlertSender(db, config, log);
  const timer =
    sender.enabled && config.DIGEST_CHECK_MS > 0
      ? setInterval(() => void sender.kick(), config.DIGEST_CHECK_MS)
      : null;
  timer?.unref();
  if (sender.enabled) void sender.kick();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await sender.idle();
      sender.close();
    },
  };
}
