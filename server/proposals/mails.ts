/**
 * The mails of a proposal's steps (confirm; returned with the reason and the edit link; rejected
 * with the reason; published with the link to it on the map) and of a need's moderation steps,
 * as text and HTML in the submitter's language — right to left in Hebrew, with the title, the
 * town's name and the reason isolated so that they keep their own direction.
 */
import { document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';
import { fill, RTL } from '../subscriptions/texts.ts';
import { proposalTexts } from './texts.ts';

export const participateConfirmUrl = (base: string, token: string) =>
  `${base}/participate/confirm?token=${token}`;
export const participateEditUrl = (base: string, token: string) => `${base}/participate/edit?token=${token}`;
export const opportunityUrl = (base: string, id: string) =>
  `${base}/?item=programs:${encodeURIComponent(id)}`;
export const callUrl = (base: string, id: string) => `${base}/calls/${encodeURIComponent(id)}`;
export const needUrl = (base: string, id: string) => `${base}/?item=needs:${encodeURIComponent(id)}`;

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;
const button = (href: string, label: string) =>
  `<p><a class="button" href="${escapeHtml(href)}" style="font-size:18px;padding:10px 18px;background:#0b5394;color:#fff;text-decoration:none;border-radius:6px;display:inline-block">${escapeHtml(label)}</a></p>`;
const quote = (s: string, lang: string) =>
  `<blockquote dir="auto" style="border-inline-start:4px solid #767676;margin:8px 0;padding:4px 12px">${RTL.has(lang) ? `<bdi>${escapeHtml(s)}</bdi>` : escapeHtml(s)}</blockquote>`;

interface Common {
  to: string;
  lang: string;
  tenantName: string;
  title: string;
}

function values(o: Common) {
  const iso = (s: string) => (RTL.has(o.lang) ? isolate(s) : s);
  return { tenant: iso(o.tenantName), title: iso(o.title) };
}

function compose(
  o: Common,
  subject: string,
  parts: ({ p: string } | { quote: string } | { link: string; label: string })[],
): OutgoingMail {
  const t = proposalTexts(o.lang);
  const footer = fill(t.footer, values(o));
  const text = [
    ...parts.map((x) => ('p' in x ? x.p : 'quote' in x ? `> ${x.quote}` : `${x.label}:\n${x.link}`)),
    `--\n${footer}`,
  ].join('\n\n');
  const html = document(
    o.lang,
    subject,
    `<h1>${escapeHtml(subject)}</h1>${parts
      .map((x) => ('p' in x ? para(x.p) : 'quote' in x ? quote(x.quote, o.lang) : button(x.link, x.label)))
      .join('')}<div class="footer">${para(footer)}</div>`,
  );
  return { to: o.to, subject, text: `${text}\n`, html };
}

export function proposalConfirmMail(o: Common & { base: string; token: string }): OutgoingMail {
  const t = proposalTexts(o.lang);
  const v = values(o);
  return compose(o, fill(t.confirmSubject, v), [
    { p: fill(t.confirmIntro, v) },
    { link: participateConfirmUrl(o.base, o.token), label: t.confirmButton },
    { p: t.confirmIgnore },
  ]);
}

export function proposalReturnedMail(
  o: Common & { base: string; token: string; reason: string },
): OutgoingMail {
  const t = proposalTexts(o.lang);
  const v = values(o);
  return compose(o, fill(t.returnedSubject, v), [
    { p: fill(t.returnedIntro, v) },
    { quote: o.reason },
    { link: participateEditUrl(o.base, o.token), label: t.returnedEdit },
  ]);
}

export function proposalRejectedMail(o: Common & { reason: string }): OutgoingMail {
  const t = proposalTexts(o.lang);
  const v = values(o);
  return compose(o, fill(t.rejectedSubject, v), [{ p: fill(t.rejectedIntro, v) }, { quote: o.reason }]);
}

export function proposalPublishedMail(o: Common & { link: string }): OutgoingMail {
  const t = proposalTexts(o.lang);
  const v = values(o);
  return compose(o, fill(t.publishedSubject, v), [
    { p: t.publishedIntro },
    { link: o.link, label: t.publishedOpen },
  ]);
}

export function needDecisionMail(
  o: Common & { action: 'publish' | 'return' | 'reject'; reason?: string | null; link: string },
): OutgoingMail {
  const t = proposalTexts(o.lang);
  const v = values(o);
  if (o.action === 'publish')
    return compose(o, fill(t.needPublishedSubject, v), [
      { p: t.needPublishedIntro },
      { link: o.link, label: t.needPublishedOpen },
    ]);
  if (o.action === 'return')
    return compose(o, fill(t.needReturnedSubject, v), [
      { p: fill(t.needReturnedIntro, v) },
      { quote: o.reason ?? '' },
      { p: t.needReturnedAgain },
    ]);
  return compose(o, fill(t.needRejectedSubject, v), [
    { p: fill(t.needRejectedIntro, v) },
    { quote: o.reason ?? '' },
  ]);
}
