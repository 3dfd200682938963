/**
 * The Atom feed (RFC 4287) of a feed view: its activities newest first by the time they were
 * added or changed, each with its next dates in the reader's language and the tenant's zone, its
 * place and a link into the app.
 */

import { nextOccurrencesOfAll } from '../opportunities/occurrences.ts';
import { schedulesOf } from '../opportunities/search.ts';
import { clockFields } from '../settings/clock.ts';
import { pickText } from '../tenants/queries.ts';
import { phrase } from './labels.ts';
import type { FeedView } from './view.ts';

/** text for XML 1.0: markup escaped, characters XML cannot hold (controls, lone surrogates, U+FFFE/F) dropped */
export function xmlText(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** dates listed per entry */
const DATES_PER_ENTRY = 3;

export interface AtomLinks {
  /** the feed's own URL */
  self: string;
  /** the same view in the web app */
  app: string;
  /** where each item opens in the app, by id */
  item: (id: string) => string;
  /** the authority of the tag: URIs (a DNS name) */
  authority: string;
}

/** the tenant's emergency while it is on: the feed's first entry (server/emergency/) */
export interface AtomEmergency {
  title: string;
  message: string;
  messageLang: string | null;
  since: Date;
  /** the affected areas' names, or the words for the whole town */
  areas: string;
  /** "Shelter: Kestrel Rise Community Centre, 1 High Street" lines */
  places: string[];
}

export function atomOfView(
  view: FeedView,
  links: AtomLinks,
  now = new Date(),
  emergency?: AtomEmergency,
): string {
  const { tenant, lang } = view;
  const dateFormat = new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...clockFields(lang, tenant.timezone, view.clock),
  });
  const entries = [...view.items].sort(
    (a, b) => b.row.updated_at.getTime() - a.row.updated_at.getTime() || a.item.id.localeCompare(b.item.id),
  );
  const newest = entries[0]?.row.updated_at ?? now;
  const updated = emergency && emergency.since > newest ? emergency.since : newest;
  const tag = (specific: string) => `tag:${links.authority},2024:${tenant.slug}/${specific}`;
  const from = view.window ? view.window.start : now.getTime();
  const body = entries.map(({ item, row }) => {
    const occurrences = nextOccurrencesOfAll(schedulesOf(row, tenant.timezone), from, DATES_PER_ENTRY).filter(
      (o) => !view.window || Date.parse(o.start) < view.window.end,
    );
    const place = [
      pickText(row.place_names, lang, tenant.defaultLocale).text || row.place_name,
      row.place_address,
    ]
      .filter(Boolean)
      .join(', ');
    const dates = occurrences.map((o) => dateFormat.format(new Date(o.start)));
    const html = [
      `<p>${xmlText(phrase('next', lang))}:</p>`,
      dates.length
        ? `<ul>${dates.map((d) => `<li>${xmlText(d)}</li>`).join('')}</ul>`
        : `<p>${xmlText(phrase('noDates', lang))}</p>`,
      ...(place ? [`<p>${xmlText(phrase('place', lang))}: ${xmlText(place)}</p>`] : []),
    ].join('');
    const summary = [dates.join('; '), place].filter(Boolean).join(' — ');
    return [
      '  <entry>',
      `    <id>${xmlText(tag(`programs/${row.id}`))}</id>`,
      `    <title type="text">${xmlText(item.name)}</title>`,
      `    <updated>${row.updated_at.toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(links.item(row.id))}"/>`,
      ...row.categories.map((c) => `    <category term="${xmlText(c)}"/>`),
      `    <summary type="text">${xmlText(summary)}</summary>`,
      `    <content type="html">${xmlText(html)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  const tenantName = pickText(tenant.name, lang, tenant.defaultLocale).text || tenant.slug;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(lang)}">`,
    `  <id>${xmlText(tag(`feeds/${encodeURIComponent(links.self.replace(/^[^?]*\??/, ''))}`))}</id>`,
    `  <title type="text">${xmlText(view.name)}</title>`,
    `  <subtitle type="text">${xmlText(phrase('subtitle', lang))}</subtitle>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(links.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(links.app)}"/>`,
    `  <author><name>${xmlText(tenantName)}</name></author>`,
    '  <generator>Commons Map</generator>',
    ...(emergency ? [emergencyEntry(emergency, tag, links.app)] : []),
    ...body,
    '</feed>',
    '',
  ].join('\n');
}

function emergencyEntry(e: AtomEmergency, tag: (s: string) => string, app: string): string {
  const html = [
    `<p><strong>${xmlText(e.message)}</strong></p>`,
    `<p>${xmlText(e.areas)}</p>`,
    ...(e.places.length ? [`<ul>${e.places.map((p) => `<li>${xmlText(p)}</li>`).join('')}</ul>`] : []),
  ].join('');
  return [
    `  <entry${e.messageLang ? ` xml:lang="${xmlText(e.messageLang)}"` : ''}>`,
    `    <id>${xmlText(tag(`emergency/${e.since.toISOString()}`))}</id>`,
    `    <title type="text">${xmlText(`${e.title}: ${e.message}`.slice(0, 300))}</title>`,
    `    <updated>${e.since.toISOString()}</updated>`,
    `    <published>${e.since.toISOString()}</published>`,
    `    <link rel="alternate" type="text/html" href="${xmlText(app)}"/>`,
    '    <category term="emergency"/>',
    `    <summary type="text">${xmlText([e.message, e.areas, ...e.places].join(' — '))}</summary>`,
    `    <content type="html">${xmlText(html)}</content>`,
    '  </entry>',
  ].join('\n');
}
