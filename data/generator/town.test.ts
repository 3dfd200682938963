import fs from 'node:fs';
import path from 'node:path';
import { area } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { rrulestr } from 'rrule';
import { describe, expect, it } from 'vitest';
import {
  AUDIENCE_CODES,
  CATEGORY_CODES,
  NeighbourhoodProps,
  Opportunity,
  PlaceProps,
  TownTenant,
  ZoneProps,
} from '../town-format.ts';
import { DEMO_OPPORTUNITIES, apportion, generateTown } from './town.ts';
import { writeTown } from './write.ts';

const DEMO_DIR = path.resolve(import.meta.dirname, '..', 'demo');

describe('demo town generator', () => {
  const town = generateTown();
  const opportunities = [...town.opportunities];
  const places = town.places.features.map((f) => PlaceProps.parse(f.properties));
  const count = (kind: string) => places.filter((p) => p.kind === kind).length;

  it('has what issue 2 asks of the demo town, valid against the town format', () => {
    expect(TownTenant.parse(town.tenant).fictional).toBe(true);
    expect(town.neighbourhoods.features.length).toBeGreaterThanOrEqual(8);
    expect(count('park')).toBeGreaterThanOrEqual(40);
    expect(town.places.features.filter((f) => f.properties?.kind === 'park').every((f) => f.geometry.type === 'Polygon')).toBe(true);
    expect(count('community_garden')).toBeGreaterThanOrEqual(25);
    expect(count('community_centre')).toBeGreaterThanOrEqual(10);
    const zones = town.zones.features.map((f) => ZoneProps.parse(f.properties));
    expect(zones.filter((z) => z.kind === 'degraded_zone')).toHaveLength(2);
    expect(town.streets.features.length).toBeGreaterThan(30);
    expect(opportunities).toHaveLength(DEMO_OPPORTUNITIES);
    expect(DEMO_OPPORTUNITIES).toBeGreaterThanOrEqual(150);
    for (const o of opportunities) Opportunity.parse(o);
  });

  it('covers every category and audience, with titles in English, French, Hebrew and Polish', () => {
    expect(new Set(opportunities.flatMap((o) => o.categories))).toEqual(new Set(CATEGORY_CODES));
    expect(new Set(opportunities.flatMap((o) => o.audiences))).toEqual(new Set(AUDIENCE_CODES));
    for (const o of opportunities) expect(Object.keys(o.title)).toEqual(expect.arrayContaining(['en', 'fr', 'he', 'pl']));
    expect(opportunities.some((o) => o.languages.includes('uk'))).toBe(true);
  });

  it('gives programs weekly schedules that rrule can expand', () => {
    const weekly = opportunities.filter((o) => o.schedule?.rrule?.startsWith('FREQ=WEEKLY'));
    expect(weekly.length).toBeGreaterThan(100);
    for (const o of opportunities) {
      if (!o.schedule?.rrule) continue;
      const rule = rrulestr(`DTSTART:${o.schedule.dtstart.replace(/[-:]/g, '')}00\nRRULE:${o.schedule.rrule}`);
      expect(rule.after(new Date(Date.UTC(2027, 0, 1)))).toBeInstanceOf(Date);
    }
  });

  it('has census population by age band summing to each neighbourhood total', () => {
    for (const f of town.neighbourhoods.features) {
      const p = NeighbourhoodProps.parse(f.properties);
      const sum = Object.values(p.population_by_age).reduce((a, b) => a + b, 0);
      expect(sum).toBe(p.population);
      expect(p.population).toBeGreaterThan(1000);
    }
  });

  it('tiles the town with neighbourhoods: no gaps, no overlaps', () => {
    const [w, s, e, n] = town.tenant.bbox;
    const bboxArea = area({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
    const sum = town.neighbourhoods.features.reduce((a, f) => a + area(f as Feature<Polygon>), 0);
    expect(Math.abs(sum - bboxArea) / bboxArea).toBeLessThan(0.002);
  });

  it('is deterministic, and the shipped data/demo is its output', async () => {
    const again = generateTown();
    expect(JSON.stringify(again.places)).toBe(JSON.stringify(town.places));
    expect(JSON.stringify([...again.opportunities])).toBe(JSON.stringify(opportunities));
    expect(JSON.stringify(generateTown({ seed: 7 }).places)).not.toBe(JSON.stringify(town.places));
    const tmp = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'cm-demo-'));
    await writeTown(tmp, town);
    for (const file of fs.readdirSync(DEMO_DIR)) {
      expect(fs.readFileSync(path.join(tmp, file), 'utf8'), `data/demo/${file} is stale: npm run generate:demo`).toBe(
        fs.readFileSync(path.join(DEMO_DIR, file), 'utf8'),
      );
    }
    fs.rmSync(tmp, { recursive: true });
  });

  it('grows with the size asked for, producing opportunities lazily', () => {
    const big = generateTown({ opportunities: 50_000 });
    expect(big.places.features.length).toBeGreaterThan(town.places.features.length * 10);
    let n = 0;
    const ids = new Set<string>();
    for (const o of big.opportunities) {
      n++;
      if (n % 997 === 0) ids.add(o.source_id);
    }
    expect(n).toBe(50_000);
    expect(ids.size).toBe(Math.floor(50_000 / 997));
    expect(() => generateTown({ opportunities: 0 })).toThrow(RangeError);
  });
});

describe('apportion', () => {
  it('rounds shares to integers that sum to the total', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.5, 0.25, 0.25]).reduce((a, b) => a + b, 0)).toBe(7);
  });
});
