/**
 * Open Referral HSDS tabular packages → places (one per located location) and opportunities (one
 * per service at a location), with schedules, languages, eligibility, fees and accessibility.
 *
 * Reads HSDS 1.x and 2.x (`datapackage.json` + CSVs, singular or plural file names) and the older
 * Ohana API CSV layout (services carry `location_id`; locations carry latitude/longitude, languages
 * and accessibility). Rows that cannot be used are reported with their file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ImportInputError } from './errors.ts';
import type { OpportunityRecord, ParseItem, PlaceRecord, ScheduleRecord } from './records.ts';

type Row = Record<string, string> & { __line: number };

const FILES: Record<string, string[]> = {
  organizations: ['organizations.csv', 'organization.csv'],
  locations: ['locations.csv', 'location.csv'],
  services: ['services.csv', 'service.csv'],
  serviceAtLocation: ['service_at_location.csv', 'services_at_location.csv', 'service_at_locations.csv'],
  addresses: ['physical_addresses.csv', 'physical_address.csv', 'addresses.csv', 'address.csv'],
  phones: ['phones.csv', 'phone.csv'],
  schedules: ['regular_schedules.csv', 'regular_schedule.csv', 'schedules.csv', 'schedule.csv'],
  holidays: ['holiday_schedules.csv', 'holiday_schedule.csv'],
  languages: ['languages.csv', 'language.csv'],
  accessibility: ['accessibility_for_disabilities.csv', 'accessibility.csv'],
};

const LANGUAGES: Record<string, string> = {
  english: 'en',
  spanish: 'es',
  tagalog: 'tl',
  filipino: 'tl',
  chinese: 'zh',
  mandarin: 'zh',
  'chinese (mandarin)': 'zh',
  cantonese: 'yue',
  'chinese (cantonese)': 'yue',
  italian: 'it',
  french: 'fr',
  russian: 'ru',
  ukrainian: 'uk',
  polish: 'pl',
  hebrew: 'he',
  vietnamese: 'vi',
  korean: 'ko',
  japanese: 'ja',
  arabic: 'ar',
  portuguese: 'pt',
  german: 'de',
  hindi: 'hi',
  farsi: 'fa',
  persian: 'fa',
  taiwanese: 'nan',
  punjabi: 'pa',
  samoan: 'sm',
  tongan: 'to',
  urdu: 'ur',
  'sign language': 'sgn',
  asl: 'ase',
};

/** keyword → categories / audiences; the first table is matched against keywords, name and description */
const CATEGORY_RULES: [RegExp, string][] = [
  [/food|meal|nutrition|brown bag|grocer|pantry/i, 'food-support'],
  [/employment|job|career/i, 'support-services'],
  [/education|english language|class|literacy|tutor/i, 'learning'],
  [/sport|exercise|fitness|yoga|tai chi|aerobic/i, 'sport'],
  [/arts|crafts|music|theat/i, 'culture'],
  [/volunteer/i, 'volunteering'],
  [/health|medical|counsel|mental|wellness/i, 'health-wellbeing'],
  [/recreation|leisure|social|group support|senior center/i, 'social'],
  [/child care|children|parenting|famil/i, 'family-children'],
  [/garden/i, 'gardening'],
];
const AUDIENCE_RULES: [RegExp, string][] = [
  [/older adults|senior|age (5[5-9]|6\d) or over|elderly/i, 'seniors'],
  [/youth|teen|adolescent/i, 'youth'],
  [/famil|children|parent/i, 'young-families'],
  [/immigra|refugee|newcomer/i, 'newcomers'],
  [/disab/i, 'disabilities'],
];

const WEEKDAYS: Record<string, string> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
  mo: 'MO',
  tu: 'TU',
  we: 'WE',
  th: 'TH',
  fr: 'FR',
  sa: 'SA',
  su: 'SU',
  '1': 'MO',
  '2': 'TU',
  '3': 'WE',
  '4': 'TH',
  '5': 'FR',
  '6': 'SA',
  '7': 'SU',
};
const DAY_ORDER = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** weekly schedules start in the week of Monday 5 January 2026 */
const ANCHOR = Date.UTC(2026, 0, 5);

interface CsvTable {
  file: string;
  rows: Row[];
  /** rows that cannot be used as they are: truncated or overlong (they are left out) */
  issues: ParseItem[];
}

function readCsv(dir: string, names: string[]): CsvTable | null {
  const name = names.find((n) => fs.existsSync(path.join(dir, n)));
  if (!name) return null;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(fs.readFileSync(path.join(dir, name), 'utf8'), {
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new ImportInputError(`${name}${e.lines ? ` line ${e.lines}` : ''}: ${e.message} (read as CSV)`);
  }
  const header = (records[0]?.record ?? []).map((h) => h.trim().toLowerCase());
  const rows: Row[] = [];
  const issues: ParseItem[] = [];
  for (const { record: r, info } of records.slice(1)) {
    if (r.every((v) => v.trim() === '')) continue;
    // a row cut short would otherwise read as empty fields and overwrite stored values with nothing
    if (r.length !== header.length) {
      issues.push({
        type: 'issue',
        issue: {
          ref: { file: name, line: info.lines },
          reason: `${r.length < header.length ? 'truncated' : 'overlong'} row: ${r.length} of ${header.length} fields`,
          severity: 'error',
        },
      });
      continue;
    }
    const row = Object.fromEntries(header.map((h, c) => [h, (r[c] ?? '').trim()])) as Row;
    row.__line = info.lines;
    rows.push(row);
  }
  return { file: name, rows, issues };
}

const col = (row: Row | undefined, ...names: string[]): string => {
  for (const n of names) {
    const v = row?.[n];
    if (v) return v;
  }
  return '';
};

/** "8:00 AM" / "08:00" / "17:30:00" → minutes after midnight */
export function parseTime(t: string): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?$/i.exec(t.trim());
  if (m && m[2] === undefined && !m[3]) return null; // a bare number is not a time
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const ap = m[3]?.toLowerCase().replace(/\./g, '');
  if (ap === 'pm' && h < 12) h += 12;
  if (ap === 'am' && h === 12) h = 0;
  if (h > 24 || min > 59) return null;
  return h * 60 + min;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** one weekly RRULE per distinct opening hours, with the days that share them */
export function weeklySchedules(
  entries: { day: string; opens: number; closes: number }[],
  timezone: string,
): ScheduleRecord[] {
  const groups = new Map<string, { days: Set<string>; opens: number; closes: number }>();
  for (const e of entries) {
    const key = `${e.opens}-${e.closes}`;
    const g = groups.get(key) ?? { days: new Set<string>(), opens: e.opens, closes: e.closes };
    g.days.add(e.day);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const days = DAY_ORDER.filter((d) => g.days.has(d));
      const first = DAY_ORDER.indexOf(days[0] as string);
      const date = new Date(ANCHOR + first * 86_400_000);
      const duration = (g.closes > g.opens ? g.closes : g.closes + 1440) - g.opens;
      return {
        dtstart: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(Math.floor(g.opens / 60))}:${pad(g.opens % 60)}`,
        durationMinutes: duration,
        rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`,
        timezone,
      };
    })
    .sort((a, b) => a.dtstart.localeCompare(b.dtstart));
}

export function languageCode(name: string): string | null {
  const n = name.trim().toLowerCase();
  if (/^[a-z]{2,3}$/.test(n)) return n;
  return LANGUAGES[n] ?? null;
}

export async function* parseHsds(opts: {
  dir: string;
  source?: string;
  timezone: string;
}): AsyncGenerator<ParseItem> {
  const { dir } = opts;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new ImportInputError(`${dir} is not a folder of HSDS CSV files`);
  const t = Object.fromEntries(Object.entries(FILES).map(([k, names]) => [k, readCsv(dir, names)])) as Record<
    keyof typeof FILES,
    ReturnType<typeof readCsv>
  >;
  if (!t.services || !t.locations)
    throw new ImportInputError(`${dir} has no services.csv and locations.csv: not an HSDS package`);
  for (const table of Object.values(t)) if (table) yield* table.issues;
  const issue = (
    file: string,
    line: number,
    reason: string,
    severity: 'error' | 'warning' = 'warning',
  ): ParseItem => ({
    type: 'issue',
    issue: { ref: { file, line }, reason, severity },
  });

  const orgs = new Map((t.organizations?.rows ?? []).map((r) => [col(r, 'id'), r]));
  const byLocation = <K extends keyof typeof FILES>(k: K) => {
    const m = new Map<string, Row[]>();
    for (const r of t[k]?.rows ?? []) {
      const id = col(r, 'location_id');
      if (id) m.set(id, [...(m.get(id) ?? []), r]);
    }
    return m;
  };
  const addresses = byLocation('addresses');
  const phones = byLocation('phones');
  const access = byLocation('accessibility');

  // locations → places
  const located = new Map<string, Row>();
  for (const loc of t.locations.rows) {
    const lat = Number(col(loc, 'latitude', 'lat'));
    const lon = Number(col(loc, 'longitude', 'lon', 'lng'));
    if (
      !col(loc, 'latitude', 'lat') ||
      !col(loc, 'longitude', 'lon', 'lng') ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon)
    ) {
      yield issue(
        t.locations.file,
        loc.__line,
        `location ${col(loc, 'id')} (${col(loc, 'name')}) has no coordinates: not on the map, its services neither`,
      );
      continue;
    }
    located.set(col(loc, 'id'), loc);
    const addr = addresses.get(col(loc, 'id'))?.[0];
    const address = [
      col(addr, 'address_1', 'address'),
      col(addr, 'address_2'),
      col(addr, 'city'),
      col(addr, 'state_province', 'region'),
      col(addr, 'postal_code'),
    ]
      .filter(Boolean)
      .join(', ');
    const phone = (phones.get(col(loc, 'id')) ?? []).find((p) => !/fax/i.test(col(p, 'number_type', 'type')));
    const accessibility = [
      col(loc, 'accessibility'),
      ...(access.get(col(loc, 'id')) ?? []).map((a) => col(a, 'accessibility', 'description')),
    ]
      .join(', ')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const org = orgs.get(col(loc, 'organization_id'));
    const place: PlaceRecord = {
      type: 'place',
      kind: 'organisation_site',
      sourceId: `location/${col(loc, 'id')}`,
      name: col(loc, 'name') || col(org, 'name') || `Location ${col(loc, 'id')}`,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      address: address || null,
      accessibility: accessibility.length
        ? {
            features: accessibility,
            ...(accessibility.some((a) => /wheelchair|ramp/i.test(a)) ? { wheelchair: 'yes' } : {}),
          }
        : {},
      contact: {
        ...(phone ? { phone: col(phone, 'number') } : {}),
        ...(col(loc, 'email') ? { email: col(loc, 'email') } : {}),
        ...(col(loc, 'website', 'url') || col(org, 'website', 'url')
          ? { website: col(loc, 'website', 'url') || col(org, 'website', 'url') }
          : {}),
      },
      attributes: {
        organisation: col(org, 'name') || null,
        description: col(loc, 'description') || null,
        transportation: col(loc, 'transportation') || null,
      },
      ref: { file: t.locations.file, line: loc.__line },
    };
    yield place;
  }

  // schedules by service and by location
  const schedulesOf = new Map<string, { day: string; opens: number; closes: number }[]>();
  for (const s of t.schedules?.rows ?? []) {
    const file = t.schedules?.file as string;
    const owner = col(s, 'service_id')
      ? `service/${col(s, 'service_id')}`
      : col(s, 'location_id')
        ? `location/${col(s, 'location_id')}`
        : '';
    const days = (col(s, 'byday', 'weekday').toLowerCase() || '')
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((d) => WEEKDAYS[d]);
    const opens = parseTime(col(s, 'opens_at', 'opens'));
    const closes = parseTime(col(s, 'closes_at', 'closes'));
    if (!owner || !days.length || days.some((d) => !d) || opens === null || closes === null) {
      yield issue(
        file,
        s.__line,
        `schedule row cannot be read (weekday "${col(s, 'byday', 'weekday')}", ${col(s, 'opens_at')}–${col(s, 'closes_at')})`,
      );
      continue;
    }
    for (const day of days as string[])
      schedulesOf.set(owner, [...(schedulesOf.get(owner) ?? []), { day, opens, closes }]);
  }
  for (const h of t.holidays?.rows ?? []) {
    yield issue(
      t.holidays?.file as string,
      h.__line,
      `holiday schedule (${col(h, 'start_date')}${col(h, 'closed') === 'true' ? ', closed' : ''}) is not applied: one-off closures are not represented yet`,
    );
  }

  // services → opportunities, one per location they are offered at
  const atLocations = new Map<string, string[]>();
  for (const sal of t.serviceAtLocation?.rows ?? []) {
    const s = col(sal, 'service_id');
    if (s) atLocations.set(s, [...(atLocations.get(s) ?? []), col(sal, 'location_id')]);
  }
  const langRows = new Map<string, string[]>();
  for (const l of t.languages?.rows ?? []) {
    const key = col(l, 'service_id')
      ? `service/${col(l, 'service_id')}`
      : `location/${col(l, 'location_id')}`;
    langRows.set(key, [...(langRows.get(key) ?? []), col(l, 'language', 'name', 'code')]);
  }
  const unknownLanguages = new Set<string>();
  for (const svc of t.services.rows) {
    const file = t.services.file;
    const locs =
      atLocations.get(col(svc, 'id')) ?? (col(svc, 'location_id') ? [col(svc, 'location_id')] : []);
    if (!locs.length) {
      yield issue(
        file,
        svc.__line,
        `service ${col(svc, 'id')} (${col(svc, 'name')}) is offered at no location`,
        'warning',
      );
      continue;
    }
    const status = col(svc, 'status').toLowerCase();
    for (const locId of locs) {
      const loc = located.get(locId);
      if (!loc) {
        yield issue(
          file,
          svc.__line,
          `service ${col(svc, 'id')} (${col(svc, 'name')}) is at location ${locId}, which has no coordinates`,
        );
        continue;
      }
      const text = [
        col(svc, 'keywords'),
        col(svc, 'name'),
        col(svc, 'description'),
        col(svc, 'audience'),
      ].join(' ');
      const categories = [...new Set(CATEGORY_RULES.filter(([re]) => re.test(text)).map(([, c]) => c))];
      const audiences = [
        ...new Set(
          AUDIENCE_RULES.filter(([re]) =>
            re.test(`${col(svc, 'audience')} ${col(svc, 'eligibility')} ${col(svc, 'keywords')}`),
          ).map(([, a]) => a),
        ),
      ];
      const langNames = [
        'English',
        ...[col(svc, 'languages'), col(loc, 'languages')].flatMap((s) => s.split(/,(?![^(]*\))/)),
        ...(langRows.get(`service/${col(svc, 'id')}`) ?? []),
        ...(langRows.get(`location/${locId}`) ?? []),
      ]
        .map((s) => s.trim())
        .filter(Boolean);
      const languages = [
        ...new Set(
          langNames.map((n) => {
            const c = languageCode(n);
            if (!c) unknownLanguages.add(n);
            return c ?? n.toLowerCase();
          }),
        ),
      ];
      const fees = col(svc, 'fees');
      const free = fees === '' || /^(none|free|no fee|no charge)\b/i.test(fees);
      const schedules = weeklySchedules(
        schedulesOf.get(`service/${col(svc, 'id')}`) ?? schedulesOf.get(`location/${locId}`) ?? [],
        opts.timezone,
      );
      const org = orgs.get(col(svc, 'organization_id') || col(loc, 'organization_id'));
      const rec: OpportunityRecord = {
        type: 'opportunity',
        kind: 'service',
        sourceId:
          locs.length > 1 ? `service/${col(svc, 'id')}@location/${locId}` : `service/${col(svc, 'id')}`,
        placeSourceId: `location/${locId}`,
        title: { en: col(svc, 'name') || `Service ${col(svc, 'id')}` },
        ...(col(svc, 'description') ? { description: { en: col(svc, 'description') } } : {}),
        categories: categories.length ? categories : ['support-services'],
        audiences: audiences.length ? audiences : ['everyone'],
        languages,
        cost: free ? { free: true, ...(fees ? { note: fees } : {}) } : { free: false, note: fees },
        registration: {
          required: /appointment|apply|register|referral/i.test(col(svc, 'application_process')),
          ...(col(svc, 'application_process') ? { process: col(svc, 'application_process') } : {}),
          ...(col(svc, 'email') ? { email: col(svc, 'email') } : {}),
          ...(col(svc, 'url', 'website') ? { url: col(svc, 'url', 'website') } : {}),
        },
        eligibility: col(svc, 'eligibility') || null,
        organisation: col(org, 'name') || null,
        accessibility: {},
        contact: {},
        attributes: {
          keywords: col(svc, 'keywords') || null,
          service_areas: col(svc, 'service_areas') || null,
          wait_time: col(svc, 'wait_time') || null,
          required_documents: col(svc, 'required_documents') || null,
        },
        schedules,
        status: status === 'inactive' || status === 'defunct' ? 'archived' : 'published',
        ref: { file, line: svc.__line },
      };
      yield rec;
    }
  }
  for (const n of unknownLanguages) {
    yield issue(
      t.services.file,
      1,
      `language "${n}" has no ISO 639 code in the importer's table: kept as written`,
    );
  }
}
