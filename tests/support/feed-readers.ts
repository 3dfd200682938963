/**
 * The calendar and Atom feeds as independent parsers read them (python's icalendar + dateutil,
 * feedparser: tests/support/feed_parsers.py, Debian packages), for tests that compare feeds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

const PARSERS = path.join(PROJECT_ROOT, 'tests', 'support', 'feed_parsers.py');
/** Debian's python, which python3-icalendar, -feedparser and -dateutil serve */
const PYTHON = '/usr/bin/python3';

export interface IcsEvent {
  uid: string;
  summary: string;
  url: string;
  sequence: number;
  tzid: string | null;
  last_modified: string | null;
  rrule: string | null;
  occurrences: string[];
}
export interface Ics {
  name: string;
  timezone: string;
  refresh: string;
  zones: string[];
  events: IcsEvent[];
}
export interface AtomFeed {
  bozo: boolean;
  bozo_exception: string;
  title: string;
  lang: string;
  id: string;
  updated: string;
  links: { rel: string; href: string; type: string }[];
  entries: { id: string; title: string; updated: string; link: string; summary: string; content: string }[];
}

/** the events of a calendar, each with its starts between `after` and `before` (ms) */
export function readIcs(body: string, after: number, before: number): Ics {
  const out = execFileSync(
    PYTHON,
    [PARSERS, 'ics', new Date(after).toISOString(), new Date(before).toISOString()],
    { input: body },
  );
  return JSON.parse(out.toString()) as Ics;
}

export const readAtom = (body: string): AtomFeed =>
  JSON.parse(execFileSync(PYTHON, [PARSERS, 'atom'], { input: body }).toString()) as AtomFeed;

/** the opportunity id in an app link (`?item=programs:<id>`) */
export const programIdOf = (url: string) => /[?&]item=programs:([0-9a-f-]{36})/.exec(url)?.[1];
