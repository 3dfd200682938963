/**
 * The block connectors' mails, text + HTML, in the recipient's language (Hebrew right to left;
 * names, titles and links isolated with <bdi> / FSI…PDI).
 */
import { bdi, document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';
import { MAIL_LANGUAGES, type MailLanguage } from '../subscriptions/texts.ts';
import { CONNECTOR_TEXTS } from './texts.ts';

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

/** `asked` if it is a mail language, else the tenant's default if it is one, else English */
export function mailLanguageOf(asked: string | null | undefined, tenantDefault: string): MailLanguage {
  const ok = (l: string | null | undefined): l is MailLanguage =>
    !!l && (MAIL_LANGUAGES as readonly string[]).includes(l);
  if (ok(asked)) return asked;
  return ok(tenantDefault) ? tenantDefault : 'en';
}

export function applicationConfirmMail(o: {
  to: string;
  language: MailLanguage;
  tenantName: string;
  name: string;
  url: string;
}): OutgoingMail {
  const t = CONNECTOR_TEXTS[o.language];
  const subject = fill(t.confirmSubject, { tenant: o.tenantName });
  return {
    to: o.to,
    subject,
    text: [
      fill(t.confirmIntro, { tenant: isolate(o.tenantName), name: isolate(o.name) }),
      '',
      `${t.confirmButton}: ${o.url}`,
      '',
      t.confirmIgnore,
    ].join('\n'),
    html: document(
      o.language,
      subject,
      `<p>${fill(escapeHtml(t.confirmIntro), { tenant: bdi(o.tenantName), name: bdi(o.name) })}</p>
<p><a class="button" href="${escapeHtml(o.url)}">${escapeHtml(t.confirmButton)}</a></p>
<p class="footer">${escapeHtml(t.confirmIgnore)}</p>`,
    ),
  };
}

export function applicationDeclinedMail(o: {
  to: string;
  language: MailLanguage;
  tenantName: string;
  name: string;
  reason: string | null;
}): OutgoingMail {
  const t = CONNECTOR_TEXTS[o.language];
  const subject = fill(t.declinedSubject, { tenant: o.tenantName });
  return {
    to: o.to,
    subject,
    text: [
      fill(t.declinedIntro, { tenant: isolate(o.tenantName), name: isolate(o.name) }),
      ...(o.reason ? ['', t.declinedReason, o.reason] : []),
    ].join('\n'),
    html: document(
      o.language,
      subject,
      `<p>${fill(escapeHtml(t.declinedIntro), { tenant: bdi(o.tenantName), name: bdi(o.name) })}</p>${
        o.reason ? `\n<p>${escapeHtml(t.declinedReason)} ${bdi(o.reason)}</p>` : ''
      }`,
    ),
  };
}

export interface AlertItem {
  type: 'opportunity' | 'proposal' | 'need';
  title: string;
  url: string;
}

export function alertMail(o: {
  to: string;
  language: MailLanguage;
  tenantName: string;
  item: AlertItem;
  areaPageUrl: string;
}): OutgoingMail {
  const t = CONNECTOR_TEXTS[o.language];
  const subject = fill(t.alertSubject, { item: o.item.title });
  const kind = t.kinds[o.item.type];
  return {
    to: o.to,
    subject,
    text: [
      fill(t.alertIntro, { tenant: isolate(o.tenantName) }),
      '',
      `${kind}: ${isolate(o.item.title)}`,
      `${t.alertOpen}: ${o.item.url}`,
      '',
      `${t.alertPage}: ${o.areaPageUrl}`,
      '',
      fill(t.alertFooter, { tenant: isolate(o.tenantName) }),
    ].join('\n'),
    html: document(
      o.language,
      subject,
      `<p>${fill(escapeHtml(t.alertIntro), { tenant: bdi(o.tenantName) })}</p>
<div class="item"><h2>${escapeHtml(kind)}: ${bdi(o.item.title)}</h2>
<p><a class="button" href="${escapeHtml(o.item.url)}">${escapeHtml(t.alertOpen)}</a></p></div>
<p><a href="${escapeHtml(o.areaPageUrl)}">${escapeHtml(t.alertPage)}</a></p>
<p class="footer">${fill(escapeHtml(t.alertFooter), { tenant: bdi(o.tenantName) })}</p>`,
    ),
  };
}
