/**
 * Broken and hostile import files get a clear answer — never a stack trace or silent damage:
 * decimals in a population are rounded and said so, a GeoJSON given to the census import is named
 * as such, a truncated HSDS row is rejected with its file and line (and changes nothing), a
 * misspelt mapping key is refused with the nearest valid one, a parser that cannot load says so,
 * and links with a scheme other than http, https, mailto, tel are dropped with a note.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ImportInputError } from '../../server/import/errors.ts';
import { ImporterLoadError, loadParser } from '../../server/import/formats.ts';
import type { ImportRecord } from '../../server/import/records.ts';
import { ImportRejected, type ImportReport, runImport } from '../../server/import/run.ts';
import { checkUrl, sanitizeUrls } from '../../server/import/urls.ts';
import { describeEachDatabase } from '../support/databases.ts';

const FIX = (...p: string[]) => path.join(PROJECT_ROOT, 'tests', 'fixtures', ...p);
const square = (x: number, y: number, d = 0.001) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-broken-files-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};

async function rejection(p: Promise<unknown>): Promise<ImportReport> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportRejected);
  return (err as ImportRejected).report;
}

describeEachDatabase('broken import files', (ctx) => {
  const db = () => ctx.database.db;
  const tenant = 'lindmere';

  it('rounds a fractional population from a GeoJSON field, and says so', async () => {
    const file = write(
      'areas.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'u1', name: 'Unit 1', population: 27613.09 },
            geometry: square(3.5, 54.5),
          },
          {
            type: 'Feature',
            properties: { id: 'u2', name: 'Unit 2', population: '1,204.5' },
            geometry: square(3.51, 54.5),
          },
        ],
      }),
    );
    const report = await runImport(db(), {
      format: 'geojson',
      path: file,
      tenant,
      layer: 'population-units',
    });
    expect(report.layers['population-units']?.inserted).toBe(2);
    expect(report.issues.map((i) => [i.ref.feature, i.severity, i.reason])).toEqual([
      [1, 'warning', 'population 27613.09 has decimals: rounded to 27613'],
      [2, 'warning', 'population 1204.5 has decimals: rounded to 1205'],
    ]);
    expect(report.notes.join(' ')).toMatch(/2 population values with decimals were rounded/);
    const { rows } = await sql<{ source_id: string; population: number }>`
      SELECT source_id, population FROM area WHERE source = 'geojson-population-units' ORDER BY source_id`.execute(
      db(),
    );
    expect(rows).toEqual([
      { source_id: 'u1', population: 27613 },
      { source_id: 'u2', population: 1205 },
    ]);
    const negative = write(
      'negative.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { id: 'n', population: -5 }, geometry: square(3.5, 54.5) }],
      }),
    );
    const r = await rejection(
      runImport(db(), { format: 'geojson', path: negative, tenant, layer: 'population-units' }),
    );
    expect(r.issues[0]?.reason).toMatch(/population is negative: -5/);
  });

  it('rounds a fractional census population, and names a GeoJSON given to the census import', async () => {
    const hood = (
      await sql<{ name: string }>`SELECT a.name FROM area a JOIN tenant t ON t.id = a.tenant_id
        WHERE t.slug = ${tenant} AND a.kind = 'neighbourhood' ORDER BY a.name LIMIT 1`.execute(db())
    ).rows[0]?.name as string;
    const mapping = { format: 'census', layout: 'rows', nameColumn: 'area', population: 'population' };
    const csv = write('census.csv', `area,population\n"${hood}",27613.09\n`);
    const report = await runImport(db(), { format: 'census', path: csv, tenant, mapping, dryRun: true });
    expect(report.census?.matched).toEqual([
      { census: hood, neighbourhood: hood, population: 27613, via: 'name' },
    ]);
    expect(report.issues.find((i) => i.severity === 'warning' && /decimals/.test(i.reason))?.reason).toBe(
      `population of "${hood}" (27613.09) has decimals: rounded to 27613`,
    );

    const geojson = write('census.geojson', JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const err = await runImport(db(), { format: 'census', path: geojson, tenant, mapping }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportInputError);
    expect((err as Error).message).toMatch(
      /census\.geojson looks like JSON .*the census import reads a CSV table/,
    );
    expect((err as Error).message).not.toMatch(/quote/i);
  });

  it('rejects a truncated HSDS row naming its file and line, and changes nothing', async () => {
    const pkg = path.join(dir, 'hsds');
    fs.cpSync(FIX('hsds2'), pkg, { recursive: true });
    const first = await runImport(db(), { format: 'hsds', path: pkg, tenant, source: 'hsds-truncated' });
    expect(first.layers.programs?.inserted).toBe(3);
    const before = await sql<{ source_id: string; description: unknown; eligibility: string | null }>`
      SELECT source_id, description, eligibility FROM opportunity WHERE source = 'hsds-truncated' ORDER BY source_id`.execute(
      db(),
    );
    const services = fs.readFileSync(path.join(pkg, 'service.csv'), 'utf8').split('\n');
    // svc-2's row cut after 4 of its 7 fields
    services[2] = (services[2] as string).split(',').slice(0, 4).join(',');
    fs.writeFileSync(path.join(pkg, 'service.csv'), services.join('\n'));
    const report = await rejection(
      runImport(db(), { format: 'hsds', path: pkg, tenant, source: 'hsds-truncated' }),
    );
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([
      { ref: { file: 'service.csv', line: 3 }, reason: 'truncated row: 4 of 7 fields', severity: 'error' },
    ]);
    const after = await sql`
      SELECT source_id, description, eligibility FROM opportunity WHERE source = 'hsds-truncated' ORDER BY source_id`.execute(
      db(),
    );
    expect(after.rows).toEqual(before.rows);
    expect(before.rows.find((r) => r.source_id === 'service/svc-2')?.eligibility).toBe('Age 65 or over');
  });

  it('refuses a mapping with a misspelt key, naming it and the nearest valid one', async () => {
    const file = write(
      'one.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { id: 'a', name: 'A', pop: 3 }, geometry: square(3.5, 54.5) },
        ],
      }),
    );
    const typo = {
      format: 'geojson',
      source: 'typo',
      layer: 'neighbourhoods',
      fields: { sourceId: 'id', name: 'name', populaton: 'pop' },
    };
    const err = await runImport(db(), { format: 'geojson', path: file, tenant, mapping: typo }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportInputError);
    expect((err as Error).message).toMatch(
      /unknown field for neighbourhoods "populaton" \(did you mean "population"\?\)/,
    );
    const topLevel = { ...typo, fields: { sourceId: 'id', name: 'name' }, nulGeometry: 'skip' };
    const err2 = await runImport(db(), { format: 'geojson', path: file, tenant, mapping: topLevel }).catch(
      (e: unknown) => e,
    );
    expect((err2 as Error).message).toMatch(/unknown key "nulGeometry" \(did you mean "nullGeometry"\?\)/);
    const census = { format: 'census', populaton: 1 };
    const err3 = await runImport(db(), { format: 'census', path: file, tenant, mapping: census }).catch(
      (e: unknown) => e,
    );
    expect(err3).toBeInstanceOf(ImportInputError);
    expect((err3 as Error).message).toMatch(/unknown key "populaton" \(did you mean "population"\?\)/);
  });

  it('drops links whose scheme is not http, https, mailto or tel, with a note per row, in every importer', async () => {
    const csv = write(
      'links.csv',
      [
        'id,name,longitude,latitude,website',
        'l1,Link Hall,3.5,54.5,https://hall.example.org/',
        'l2,Script Hall,3.5,54.5,javascript:alert(document.cookie)',
        'l3,Data Hall,3.5,54.5,data:text/html;base64,PHNjcmlwdD4=',
        'l4,Bare Hall,3.5,54.5,www.bare.example.org',
      ].join('\n'),
    );
    const mapping = {
      format: 'csv',
      source: 'links',
      layer: 'centres',
      geometry: { lon: 'longitude', lat: 'latitude' },
      fields: { sourceId: 'id', name: 'name' },
      contact: { website: 'website' },
    };
    const report = await runImport(db(), { format: 'csv', path: csv, tenant, mapping });
    expect(report.layers.centres?.inserted).toBe(4);
    expect(
      report.issues.map((i) => [i.ref.line, i.severity, i.reason.replace(/".*" dropped/, '… dropped')]),
    ).toEqual([
      [
        3,
        'warning',
        'contact.website … dropped: the scheme "javascript:" is not allowed (only http, https, mailto, tel)',
      ],
      [
        4,
        'warning',
        'contact.website … dropped: the scheme "data:" is not allowed (only http, https, mailto, tel)',
      ],
    ]);
    const { rows } = await sql<{ source_id: string; contact: Record<string, string> }>`
      SELECT source_id, contact FROM place WHERE source = 'links' ORDER BY source_id`.execute(db());
    expect(rows.map((r) => [r.source_id, r.contact.website ?? null])).toEqual([
      ['l1', 'https://hall.example.org/'],
      ['l2', null],
      ['l3', null],
      ['l4', 'https://www.bare.example.org'],
    ]);

    const ics = write(
      'links.ics',
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//EN',
        'BEGIN:VEVENT',
        'UID:js@links',
        'DTSTAMP:20261001T000000Z',
        'DTSTART:20261020T100000',
        'SUMMARY:Script event',
        'GEO:54.5;3.5',
        'URL:javascript:alert(1)',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const ical = await runImport(db(), { format: 'ical', path: ics, tenant, source: 'links-ics' });
    expect(ical.layers.programs?.inserted).toBe(1);
    expect(ical.issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(/registration\.url .* dropped: the scheme "javascript:"/),
    ]);
    const event = await sql<{ registration: Record<string, unknown> }>`
      SELECT registration FROM opportunity WHERE source = 'links-ics'`.execute(db());
    expect(event.rows[0]?.registration.url).toBeUndefined();

    const pkg = path.join(dir, 'hsds-links');
    fs.cpSync(FIX('hsds2'), pkg, { recursive: true });
    const loc = fs.readFileSync(path.join(pkg, 'location.csv'), 'utf8').trimEnd().split('\n');
    fs.writeFileSync(
      path.join(pkg, 'location.csv'),
      [`${loc[0]},website`, `${loc[1]},vbscript:msgbox(1)`, `${loc[2]},https://annex.example.org`].join('\n'),
    );
    const hsds = await runImport(db(), { format: 'hsds', path: pkg, tenant, source: 'hsds-links' });
    expect(hsds.issues.filter((i) => /dropped/.test(i.reason)).map((i) => [i.ref.file, i.ref.line])).toEqual([
      ['location.csv', 2],
    ]);
    const sites = await sql<{ source_id: string; contact: Record<string, string> }>`
      SELECT source_id, contact FROM place WHERE source = 'hsds-links' ORDER BY source_id`.execute(db());
    expect(sites.rows.map((r) => r.contact.website ?? null)).toEqual([null, 'https://annex.example.org']);
  });
});

describe('links in imported records', () => {
  it('keeps http, https, mailto and tel, makes a bare address https, and drops every other scheme', () => {
    expect(checkUrl('http://a.example/x')).toEqual({ url: 'http://a.example/x' });
    expect(checkUrl('mailto:desk@city.example')).toEqual({ url: 'mailto:desk@city.example' });
    expect(checkUrl('tel:+31201234567')).toEqual({ url: 'tel:+31201234567' });
    expect(checkUrl('www.city.example/parks')).toEqual({ url: 'https://www.city.example/parks' });
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:x',
      'data:text/html,x',
      'file:///etc/passwd',
      'ftp://x.example',
      'java\tscript:x',
      'vbscript:x',
      '//evil.example',
    ])
      expect(checkUrl(bad), bad).toHaveProperty('problem');
  });

  it('cleans the links of an OpenStreetMap place and of a program the same way', () => {
    const place: ImportRecord = {
      type: 'place',
      kind: 'library',
      sourceId: 'node/1',
      name: 'Library',
      geometry: { type: 'Point', coordinates: [3.5, 54.5] },
      contact: { website: 'javascript:alert(1)', phone: '+31 20 123', email: 'a@b.example' },
      ref: { file: 'x.osm.pbf', feature: 'node/1' },
    };
    expect(sanitizeUrls(place).map((n) => n.reason)).toEqual([
      expect.stringMatching(/contact\.website .* dropped/),
    ]);
    expect(place.contact).toEqual({ phone: '+31 20 123', email: 'a@b.example' });
  });
});

describe('an importer that cannot be loaded', () => {
  it('is reported as a load failure with its cause, never as "not available"', async () => {
    const broken = write('broken-parser.mjs', "throw new Error('rrulestr is not exported');\n");
    const err = await loadParser('ical', `file://${broken}`, 'parseIcal').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImporterLoadError);
    expect(err).not.toBeInstanceOf(ImportInputError);
    expect((err as Error).message).toMatch(/the ical importer .* failed to load: rrulestr is not exported/);
    expect((err as Error).message).not.toMatch(/not available/);
  });
});
