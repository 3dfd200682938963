/**
 * The mails: the confirmation, the reminder to an address already subscribed, and the digest —
 * each as plain text and HTML in the subscriber's language (Hebrew right to left, with dates,
 * times and Latin names isolated so they keep their own direction).
 */

import type { SearchItem } from '../opportunities/search.ts';
import { type Clock, clockFields } from '../settings/clock.ts';
import { bdi, document, escapeHtml, isolate } from './html.ts';
import type { OutgoingMail } from './mailer.ts';
import type { Frequency } from './queries.ts';
import { fill, RTL, textsFor } from './texts.ts';

export interface Links {
  base: string;
}

export const confirmUrl = (base: string, token: string) => `${base}/subscriptions/confirm?token=${token}`;
export const manageUrl = (base: string, token: string) => `${base}/subscriptions/manage?token=${token}`;
export const unsubscribeUrl = (base: string, token: string) =>
  `${base}/subscriptions/unsubscribe?token=${token}`;
export const itemUrl = (base: string, id: string) => `${base}/?item=programs:${encodeURIComponent(id)}`;

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;
const button = (href: string, label: string) =>
  `<p><a class="button" href="${escapeHtml(href)}" style="font-size:18px;padding:10px 18px;background:#0b5394;color:#fff;text-decoration:none;border-radius:6px;display:inline-block">${escapeHtml(label)}</a></p>`;

/** one-click unsubscribe (RFC 8058) and the manage link's headers of every mail to a subscriber */
export function unsubscribeHeaders(base: string, manageToken: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(base, manageToken)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export function confirmationMail(o: {
  to: string;
  lang: string;
  tenantName: string;
  frequency: Frequency;
  base: string;
  token: string;
}): OutgoingMail {
  const t = textsFor(o.lang);
  const rtl = RTL.has(o.lang);
  const name = rtl ? isolate(o.tenantName) : o.tenantName;
  const v = { tenant: name, frequency: t[o.frequency] };
  const link = confirmUrl(o.base, o.token);
  const subject = fill(t.confirmSubject, v);
  const intro = fill(t.confirmIntro, v);
  return {
    to: o.to,
    subject,
    text: `${intro}\n\n${t.confirmButton}:\n${link}\n\n${t.confirmIgnore}\n`,
    html: document(
      o.lang,
      subject,
      `<h1>${escapeHtml(subject)}</h1>${para(intro)}${button(link, t.confirmButton)}${para(t.confirmIgnore)}`,
    ),
  };
}

export function alreadySubscribedMail(o: {
  to: string;
  lang: string;
  tenantName: string;
  base: string;
  manageToken: string;
}): OutgoingMail {
  const t = textsFor(o.lang);
  const name = RTL.has(o.lang) ? isolate(o.tenantName) : o.tenantName;
  const subject = fill(t.alreadySubject, { tenant: name });
  const intro = fill(t.alreadyIntro, { tenant: name });
  const manage = manageUrl(o.base, o.manageToken);
  const unsub = unsubscribeUrl(o.base, o.manageToken);
  return {
    to: o.to,
    subject,
    text: `${intro}\n\n${t.manage}: ${manage}\n${t.unsubscribe}: ${unsub}\n`,
    html: document(
      o.lang,
      subject,
      `<h1>${escapeHtml(subject)}</h1>${para(intro)}${button(manage, t.manage)}<p><a href="${escapeHtml(unsub)}">${escapeHtml(t.unsubscribe)}</a></p>`,
    ),
    headers: unsubscribeHeaders(o.base, o.manageToken),
  };
}

/**
 * "Tuesday 8 December, 10:00–11:30" in the language and the tenant's zone, with the tenant's clock
 * (its setting, else the custom of the language and the place: server/settings/clock.ts)
 */
export function formatWhen(
  item: SearchItem,
  lang: string,
  timezone: string,
  clock: Clock | null = null,
): { date: string; time: string } {
  if (!item.next) return { date: '', time: '' };
  const start = new Date(item.next.start);
  const date = new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: timezone,
  }).format(start);
  const hm = new Intl.DateTimeFormat(lang, clockFields(lang, timezone, clock));
  const time = item.next.end ? `${hm.format(start)}–${hm.format(new Date(item.next.end))}` : hm.format(start);
  return { date, time };
}

const LATIN = /[A-Za-z]/;

export function digestMail(o: {
  to: string;
  lang: string;
  tenantName: string;
  timezone: string;
  /** the tenant's clock setting (null: the custom of the language and the place) */
  clock?: Clock | null;
  frequency: Frequency;
  items: SearchItem[];
  base: string;
  manageToken: string;
}): OutgoingMail {
  const t = textsFor(o.lang);
  const rtl = RTL.has(o.lang);
  // in a right-to-left mail every value of its own direction is isolated
  const iso = (s: string) => (rtl ? isolate(s) : s);
  const html1 = (s: string, always = false) => (rtl && (always || LATIN.test(s)) ? bdi(s) : escapeHtml(s));
  const name = iso(o.tenantName);
  const subject = fill(o.frequency === 'weekly' ? t.digestSubjectWeekly : t.digestSubjectDaily, {
    tenant: name,
  });
  const intro = o.frequency === 'weekly' ? t.digestIntroWeekly : t.digestIntroDaily;
  const manage = manageUrl(o.base, o.manageToken);
  const unsub = unsubscribeUrl(o.base, o.manageToken);
  const footer = fill(t.footer, { tenant: name });

  const textItems: string[] = [];
  const htmlItems: string[] = [];
  for (const item of o.items) {
    const { date, time } = formatWhen(item, o.lang, o.timezone, o.clock ?? null);
    const link = itemUrl(o.base, item.id);
    textItems.push(
      [
        `* ${rtl && LATIN.test(item.name) ? isolate(item.name) : item.name}`,
        `  ${date}, ${iso(time)}`,
        ...(item.place_name
          ? [`  ${rtl && LATIN.test(item.place_name) ? isolate(item.place_name) : item.place_name}`]
          : []),
        `  ${t.open}: ${link}`,
      ].join('\n'),
    );
    htmlItems.push(
      `<div class="item" style="border-top:1px solid #767676;padding:12px 0">` +
        `<h2 style="font-size:21px;margin:0 0 4px">${html1(item.name)}</h2>` +
        `<p class="when" style="font-weight:bold;margin:0">${escapeHtml(date)}, ${html1(time, true)}</p>` +
        (item.place_name ? `<p style="margin:0">${html1(item.place_name)}</p>` : '') +
        `<p style="margin:4px 0 0"><a href="${escapeHtml(link)}">${escapeHtml(t.open)}</a></p></div>`,
    );
  }
  const text = `${subject}\n\n${intro}\n\n${textItems.join('\n\n')}\n\n--\n${footer}\n${t.manage}: ${manage}\n${t.unsubscribe}: ${unsub}\n`;
  const html = document(
    o.lang,
    subject,
    `<h1 style="font-size:26px">${escapeHtml(subject)}</h1>${para(intro)}${htmlItems.join('')}` +
      `<div class="footer" style="font-size:16px;border-top:1px solid #767676;margin-top:24px;padding-top:12px">` +
      `${para(footer)}<p><a href="${escapeHtml(manage)}">${escapeHtml(t.manage)}</a> · ` +
      `<a href="${escapeHtml(unsub)}">${escapeHtml(t.unsubscribe)}</a></p></div>`,
  );
  return { to: o.to, subject, text, html, headers: unsubscribeHeaders(o.base, o.manageToken) };
}
