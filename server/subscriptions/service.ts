/**
 * What the subscription routes and pages do beyond parsing: check the filters the way the API
 * does, store, and queue the one mail each request sends.
 */
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { checkFilters, FILTER_KEYS, parseFilters } from '../opportunities/filters.ts';
import { areaName } from '../opportunities/search.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer, type OutgoingMail } from './mailer.ts';
import { alreadySubscribedMail, confirmationMail } from './mails.ts';
import { type Frequency, subscribe } from './queries.ts';

/** parameters of a view that a digest does not keep: its own period and language replace them */
const NOT_STORED = new Set(['tenant', 'lang', 'when', 'from', 'to', 'now', 'sort']);

/**
 * The filters to store: the what's-on query parameters (validated by the API's own schema),
 * without the view's time window, language and sort; unknown names are refused.
 */
export async function storableFilters(
  deps: Pick<AppDeps, 'config' | 'db'>,
  tenant: Tenant,
  raw: Record<string, string>,
): Promise<Record<string, string>> {
  const unknown = Object.keys(raw).filter((k) => !(FILTER_KEYS as string[]).includes(k));
  if (unknown.length)
    throw badRequest(`filters: unknown filter ${unknown.join(', ')}; known: ${FILTER_KEYS.join(', ')}`);
  const kept = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !NOT_STORED.has(k) && v !== ''));
  const parsed = parseFilters(deps.config, kept);
  checkFilters(parsed);
  if (parsed.area && !(await areaName(deps.db, tenant.id, parsed.area, tenant.defaultLocale)))
    throw notFound(`filters: no neighbourhood or zone with id ${parsed.area}`);
  return kept;
}

export class SubscriptionService {
  readonly mailer: Mailer | null;
  constructor(private readonly deps: AppDeps) {
    this.mailer = createMailer(deps.config);
    if (!this.mailer)
      deps.log.info('E-mail is off (SMTP_URL is not set): subscriptions and digests are disabled');
  }

  requireMail(): Mailer {
    if (!this.mailer) throw new ApiError(503, 'mail_disabled', MAIL_OFF_MESSAGE);
    return this.mailer;
  }

  /**
   * Stores the request and queues exactly one mail whatever the address's state (a confirmation,
   * or a reminder with a manage link when already confirmed); the answer never waits for the
   * mail server, so it takes as long for a known address as for a new one.
   */
  async subscribe(
    tenant: Tenant,
    r: { email: string; language: string; frequency: Frequency; filters: Record<string, string> },
  ): Promise<void> {
    const mailer = this.requireMail();
    const filters = await storableFilters(this.deps, tenant, r.filters);
    const outcome = await subscribe(this.deps.db, {
      tenantId: tenant.id,
      email: r.email,
      language: r.language,
      frequency: r.frequency,
      filters,
    });
    const base = await tenantLinkBase(this.deps.db, this.deps.config, tenant);
    const lang = outcome.state === 'subscribed' ? outcome.language : r.language;
    const tenantName = pickText(tenant.name, lang, tenant.defaultLocale).text;
    const mail =
      outcome.state === 'subscribed'
        ? alreadySubscribedMail({ to: r.email, lang, tenantName, base, manageToken: outcome.manageToken })
        : confirmationMail({
            to: r.email,
            lang,
            tenantName,
            frequency: r.frequency,
            base,
            token: outcome.confirmToken,
          });
    this.queue(mailer, mail, outcome.id);
  }

  private queue(mailer: Mailer, mail: OutgoingMail, id: string) {
    mailer.send(mail).catch((err: unknown) => {
      this.deps.log.warn('subscription mail not sent', { subscription: id, error: (err as Error).message });
    });
  }
}
