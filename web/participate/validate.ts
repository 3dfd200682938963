/**
 * The participation forms' checks, run before anything is sent (the server checks again and its
 * 400 names the field; `fieldOfParameter` maps that name back to the form's field). Each problem
 * is a message key of the "participate" namespace (errors.*) with its values.
 */

export type Kind = 'activity' | 'initiative' | 'group';
export type When = 'none' | 'once' | 'weekly';
export type Platform = 'whatsapp' | 'telegram' | 'signal' | 'facebook' | 'website' | 'other';
export const PLATFORMS: Platform[] = ['whatsapp', 'telegram', 'signal', 'facebook', 'website', 'other'];

export const TITLE_MAX = 200;
export const TEXT_MAX = 5000;
/** a need's text is short: one or two sentences */
export const NEED_MAX = 2000;

export interface Where {
  mode: 'point' | 'area';
  point: { lon: number; lat: number } | null;
  areaId: string;
}

export interface ProposalDraft {
  kind: Kind | '';
  title: string;
  description: string;
  language: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  ageMin: string;
  ageMax: string;
  when: When;
  date: string;
  time: string;
  duration: number;
  platform: Platform | '';
  url: string;
  private: boolean;
  where: Where;
  email: string;
  mailLanguage: string;
  website: string;
}

export interface NeedDraft {
  text: string;
  language: string;
  audiences: string[];
  wouldHelp: boolean;
  where: Where;
  email: string;
  mailLanguage: string;
  website: string;
}

export interface Problem {
  key: string;
  values?: Record<string, string | number>;
  /** the server's own words (a 400's detail), shown as they are */
  text?: string;
}
export type Problems = Partial<Record<string, Problem>>;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function emailProblem(email: string): Problem | null {
  return EMAIL_RE.test(email.trim()) ? null : { key: 'errors.email' };
}

function realDate(v: string): boolean {
  if (!DATE_RE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function age(v: string): number | null | 'bad' {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 120 ? n : 'bad';
}

export function urlProblem(url: string): Problem | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : { key: 'errors.url' };
  } catch {
    return { key: 'errors.url' };
  }
}

function whereProblem(w: Where, pointOnly: boolean): Problem | null {
  if (pointOnly) return w.point ? null : { key: 'errors.pointMissing' };
  if (w.mode === 'area') return w.areaId ? null : { key: 'errors.areaMissing' };
  return w.point ? null : { key: 'errors.whereMissing' };
}

/** the proposal form's problems, by field (empty when it can be sent) */
export function checkProposal(d: ProposalDraft): Problems {
  const p: Problems = {};
  if (!d.kind) p.kind = { key: 'errors.kind' };
  const title = d.title.trim();
  if (!title) p.title = { key: 'errors.nameMissing' };
  else if (title.length > TITLE_MAX) p.title = { key: 'errors.nameLong', values: { max: TITLE_MAX } };
  const description = d.description.trim();
  if (!description) p.description = { key: 'errors.descriptionMissing' };
  else if (description.length > TEXT_MAX) p.description = { key: 'errors.descriptionLong', values: { max: TEXT_MAX } };
  const lo = age(d.ageMin);
  const hi = age(d.ageMax);
  if (lo === 'bad' || hi === 'bad' || (lo !== null && hi !== null && lo > hi)) p.ages = { key: 'errors.ages' };
  if (d.when !== 'none') {
    if (!realDate(d.date)) p.date = { key: 'errors.date' };
    if (!TIME_RE.test(d.time)) p.time = { key: 'errors.time' };
  }
  if (d.platform) {
    if (!d.url.trim()) p.url = { key: 'errors.urlMissing' };
    else {
      const u = urlProblem(d.url);
      if (u) p.url = u;
    }
  } else if (d.url.trim()) {
    const u = urlProblem(d.url);
    if (u) p.url = u;
  }
  const w = whereProblem(d.where, false);
  if (w) p.where = w;
  const e = emailProblem(d.email);
  if (e) p.email = e;
  return p;
}

/** a need's (or a survey answer's) problems, by field */
export function checkNeed(d: NeedDraft): Problems {
  const p: Problems = {};
  const text = d.text.trim();
  if (!text) p.text = { key: 'errors.textMissing' };
  else if (text.length > NEED_MAX) p.text = { key: 'errors.textLong', values: { max: NEED_MAX } };
  const w = whereProblem(d.where, true);
  if (w) p.where = w;
  const e = emailProblem(d.email);
  if (e) p.email = e;
  return p;
}

const WEEKDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** the simple "when" of the form as the content API's schedules (local wall time, tenant's zone) */
export function schedulesOf(d: Pick<ProposalDraft, 'when' | 'date' | 'time' | 'duration'>) {
  if (d.when === 'none') return [];
  const [y, m, day] = d.date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAY[new Date(Date.UTC(y, m - 1, day)).getUTCDay()];
  return [
    {
      dtstart: `${d.date}T${d.time}`,
      duration_minutes: d.duration,
      rrule: d.when === 'weekly' ? `FREQ=WEEKLY;BYDAY=${weekday}` : null,
      exdates: [],
    },
  ];
}

export function locationOf(w: Where): { lon: number; lat: number } | { area_id: string } {
  if (w.mode === 'area' || !w.point) return { area_id: w.areaId };
  return { lon: Math.round(w.point.lon * 1e6) / 1e6, lat: Math.round(w.point.lat * 1e6) / 1e6 };
}

/** the body of POST /api/proposals (and, with the token, PUT /api/proposals/edit) */
export function proposalBody(d: ProposalDraft) {
  const lo = age(d.ageMin);
  const hi = age(d.ageMax);
  return {
    kind: d.kind as Kind,
    title: d.title.trim(),
    description: d.description.trim(),
    language: d.language,
    categories: d.categories,
    audiences: d.audiences,
    languages: d.languages,
    ...(typeof lo === 'number' ? { age_min: lo } : {}),
    ...(typeof hi === 'number' ? { age_max: hi } : {}),
    schedules: schedulesOf(d),
    ...(d.platform && d.url.trim() ? { join: { url: d.url.trim(), platform: d.platform, private: d.private } } : {}),
    location: locationOf(d.where),
    email: d.email.trim(),
    website: d.website,
  };
}

/**
 * The form's field a server 400 names (details[].parameter: "title", "location.lon",
 * "join.url", "schedules.0.dtstart", …); null when it is none of them.
 */
export function fieldOfParameter(parameter: string | null | undefined): string | null {
  if (!parameter) return null;
  const head = parameter.split('.')[0] ?? '';
  if (head === 'location') return 'where';
  if (head === 'join') return 'url';
  if (head === 'schedules') return parameter.endsWith('dtstart') ? 'date' : 'time';
  if (head === 'age_min' || head === 'age_max') return 'ages';
  if (['kind', 'title', 'description', 'email', 'text'].includes(head)) return head;
  return null;
}
