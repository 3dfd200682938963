/**
 * The needs and supports mails, plain text and HTML, in the submitter's language (Hebrew right to
 * left, with Latin names and the item's title isolated so they keep their own direction).
 */
import { document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';
import { fill, RTL } from '../subscriptions/texts.ts';
import { needsTextsFor } from './texts.ts';

export const participationConfirmUrl = (base: string, token: string) =>
  `${base}/participate/confirm?token=${token}`;
export const participationWithdrawUrl = (base: string, token: string) =>
  `${base}/participate/withdraw?token=${token}`;

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;
const button = (href: string, label: string) =>
  `<p><a class="button" href="${escapeHtml(href)}" style="font-size:18px;padding:10px 18px;background:#0b5394;color:#fff;text-decoration:none;border-radius:6px;display:inline-block">${escapeHtml(label)}</a></p>`;

/** the confirmation of a need (or of a survey answer, when `survey` names its campaign) */
export function needConfirmationMail(o: {
  to: string;
  lang: string;
  tenantName: string;
  survey: string | null;
  base: string;
  token: string;
}): OutgoingMail {
  const t = needsTextsFor(o.lang);
  const iso = (s: string) => (RTL.has(o.lang) ? isolate(s) : s);
  const v = { tenant: iso(o.tenantName), survey: iso(o.survey ?? '') };
  const subject = fill(o.survey ? t.surveySubject : t.needSubject, v);
  const intro = fill(o.survey ? t.surveyIntro : t.needIntro, v);
  const link = participationConfirmUrl(o.base, o.token);
  return {
    to: o.to,
    subject,
    text: `${intro}\n\n${t.needButton}:\n${link}\n\n${t.needIgnore}\n`,
    html: document(
      o.lang,
      subject,
      `<h1>${escapeHtml(subject)}</h1>${para(intro)}${button(link, t.needButton)}${para(t.needIgnore)}`,
    ),
  };
}

/** the confirmation of a support, which also carries the link to withdraw it */
export function supportConfirmationMail(o: {
  to: string;
  lang: string;
  tenantName: string;
  item: string;
  base: string;
  token: string;
  withdrawToken: string;
}): OutgoingMail {
  const t = needsTextsFor(o.lang);
  const iso = (s: string) => (RTL.has(o.lang) ? isolate(s) : s);
  const v = { tenant: iso(o.tenantName), item: iso(o.item) };
  const subject = fill(t.supportSubject, v);
  const intro = fill(t.supportIntro, v);
  const link = participationConfirmUrl(o.base, o.token);
  const withdraw = participationWithdrawUrl(o.base, o.withdrawToken);
  return {
    to: o.to,
    subject,
    text: `${intro}\n\n${t.supportButton}:\n${link}\n\n${t.supportIgnore}\n\n${t.withdrawIntro}\n${withdraw}\n`,
    html: document(
      o.lang,
      subject,
      `<h1>${escapeHtml(subject)}</h1>${para(intro)}${button(link, t.supportButton)}${para(t.supportIgnore)}` +
        `<div class="footer" style="font-size:16px;border-top:1px solid #767676;margin-top:24px;padding-top:12px">` +
        `${para(t.withdrawIntro)}<p><a href="${escapeHtml(withdraw)}">${escapeHtml(t.withdrawButton)}</a></p></div>`,
    ),
  };
}
