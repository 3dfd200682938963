/**
 * The push of emergency mode: the notice mail of a switch-on (and the all-clear of a switch-off)
 * in the subscriber's language, Hebrew right to left with names isolated, with the manage and
 * one-click unsubscribe links every mail to a subscriber carries.
 */
import type { LocalizedText } from '../db/schema.ts';
import { bdi, document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';
import { manageUrl, unsubscribeHeaders, unsubscribeUrl } from '../subscriptions/mails.ts';
import { fill, RTL } from '../subscriptions/texts.ts';
import { pickText } from '../tenants/queries.ts';
import type { AreaRef, Mark } from './queries.ts';
import { emergencyTexts } from './texts.ts';

export interface NoticeContext {
  tenant: { slug: string; name: LocalizedText; defaultLocale: string };
  /** where the tenant's links start: its host name, PUBLIC_URL, or PUBLIC_URL/t/<slug> */
  base: string;
  message: LocalizedText;
  /** the affected areas, named in each language on demand */
  areas: (lang: string) => AreaRef[];
  marks: (lang: string) => Mark[];
}

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;

/** the resident map in `lang`; `base` is the tenant's own link base (server/tenants/links.ts) */
export function mapUrl(base: string, lang: string): string {
  return `${base}/?lang=${encodeURIComponent(lang)}`;
}

export function noticeMail(
  kind: 'alert' | 'all_clear',
  to: { email: string; language: string },
  manageToken: string,
  ctx: NoticeContext,
): OutgoingMail {
  const lang = to.language;
  const t = emergencyTexts(lang);
  const rtl = RTL.has(lang);
  const tenantName = pickText(ctx.tenant.name, lang, ctx.tenant.defaultLocale).text || ctx.tenant.slug;
  const v = { tenant: rtl ? isolate(tenantName) : tenantName };
  const manage = manageUrl(ctx.base, manageToken);
  const unsub = unsubscribeUrl(ctx.base, manageToken);
  const map = mapUrl(ctx.base, lang);
  const footerText = `${fill(t.why, v)}\n${t.manage}: ${manage}\n${t.unsubscribe}: ${unsub}\n`;
  const footerHtml = `<p class="footer">${escapeHtml(fill(t.why, v))}<br><a href="${escapeHtml(manage)}">${escapeHtml(t.manage)}</a> · <a href="${escapeHtml(unsub)}">${escapeHtml(t.unsubscribe)}</a></p>`;
  if (kind === 'all_clear') {
    const subject = fill(t.clearSubject, v);
    const intro = fill(t.clearIntro, v);
    return {
      to: to.email,
      subject,
      text: `${intro}\n\n${map}\n\n${footerText}`,
      html: document(
        lang,
        subject,
        `<h1>${escapeHtml(subject)}</h1>${para(intro)}<p><a href="${escapeHtml(map)}">${escapeHtml(map)}</a></p>${footerHtml}`,
      ),
      headers: unsubscribeHeaders(ctx.base, manageToken),
    };
  }
  const subject = fill(t.subject, v);
  const intro = fill(t.intro, v);
  const message = pickText(ctx.message, lang, ctx.tenant.defaultLocale);
  const areas = ctx.areas(lang);
  const areaLine = areas.length ? areas.map((a) => a.name).join(', ') : t.wholeTown;
  const marks = ctx.marks(lang);
  const name = (s: string) => (rtl && /[A-Za-z0-9]/.test(s) ? bdi(s) : escapeHtml(s));
  const placeLines = marks.map(
    (m) => `${t.roles[m.role]}: ${m.name}${m.address ? `, ${m.address}` : ''}${m.note ? ` — ${m.note}` : ''}`,
  );
  const text = [
    intro,
    '',
    message.text,
    '',
    `${t.areas}: ${areaLine}`,
    ...(marks.length ? ['', `${t.places}:`, ...placeLines.map((l) => `- ${l}`)] : []),
    '',
    `${t.openMap}: ${map}`,
    '',
    footerText,
  ].join('\n');
  const html = [
    `<h1>${escapeHtml(subject)}</h1>`,
    para(intro),
    `<p lang="${escapeHtml(message.lang)}" dir="${RTL.has(message.lang) ? 'rtl' : 'ltr'}" style="font-size:20px;font-weight:bold;border-inline-start:6px solid #a61c00;padding-inline-start:12px">${escapeHtml(message.text)}</p>`,
    `<p><strong>${escapeHtml(t.areas)}:</strong> ${areas.length ? areas.map((a) => name(a.name)).join(', ') : escapeHtml(t.wholeTown)}</p>`,
    ...(marks.length
      ? [
          `<h2>${escapeHtml(t.places)}</h2><ul>`,
          ...marks.map(
            (m) =>
              `<li><strong>${escapeHtml(t.roles[m.role])}</strong>: ${name(m.name)}${m.address ? `, ${name(m.address)}` : ''}${m.note ? ` — ${escapeHtml(m.note)}` : ''}</li>`,
          ),
          '</ul>',
        ]
      : []),
    `<p><a class="button" href="${escapeHtml(map)}" style="font-size:18px;padding:10px 18px;background:#a61c00;color:#fff;text-decoration:none;border-radius:6px;display:inline-block">${escapeHtml(t.openMap)}</a></p>`,
    footerHtml,
  ].join('');
  return {
    to: to.email,
    subject,
    text,
    html: document(lang, subject, html),
    headers: { ...unsubscribeHeaders(ctx.base, manageToken), Importance: 'high', 'X-Priority': '1' },
  };
}
