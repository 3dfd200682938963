/**
 * Generates a plausible, clearly fictional town — Lindmere, in the North Sea at about 54.5° N 3.5° E —
 * in the format of data/town-format.ts. The same seed and size always give the same town.
 *
 * The demo (`data/demo/`) is the default size; larger sizes (up to 1 000 000 opportunities) grow
 * the town's extent with the square root of the size, so density stays that of a real city region.
 */
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import type { TownSource } from '../../server/import/town.ts';
import {
  AGE_BANDS,
  type NeighbourhoodProps,
  type Opportunity,
  type PlaceProps,
  type StreetProps,
  type TownTenant,
  type WaterProps,
  type ZoneProps,
} from '../town-format.ts';
import { ACTIVITIES, type Activity, WEEKDAYS } from './activities.ts';
import {
  band,
  blob,
  makeProjection,
  pointInRing,
  type Projection,
  polygonArea,
  rectangle,
  toPolygon,
  type XY,
} from './geometry.ts';
import {
  DESCRIPTIONS,
  GARDEN_SUFFIXES,
  HALL_SUFFIXES,
  NATURE_WORDS,
  NEIGHBOURHOOD_NAMES,
  PARK_SUFFIXES,
  STREET_SUFFIXES,
  TOWN_NAME,
  ZONES,
} from './names.ts';
import { createRng, type Rng } from './prng.ts';

export const DEMO_OPPORTUNITIES = 180;
const CENTRE: [number, number] = [3.5, 54.5];
/** the demo town's extent in metres; larger towns scale it by `scale` */
const WIDTH_M = 7200;
const HEIGHT_M = 5600;
/** recurring schedules start in the week of Monday 7 September 2026 */
const SCHEDULE_EPOCH = Date.UTC(2026, 8, 7);

export interface GenerateOptions {
  seed?: number;
  /** number of opportunities; the demo has DEMO_OPPORTUNITIES */
  opportunities?: number;
}

type PlaceKind = PlaceProps['kind'];
interface PlaceSite {
  sourceId: string;
  kind: PlaceKind;
  name: string;
  at: XY;
}

/** How much larger than the demo the town's extent is, per side. */
export function townScale(opportunities: number): number {
  return Math.max(1, Math.sqrt(opportunities / 2000));
}

function feature<G extends Geometry, P>(geometry: G, properties: P, id?: string): Feature<G, P & object> {
  return { type: 'Feature', ...(id ? { id } : {}), geometry, properties: properties as P & object };
}

function collection<G extends Geometry, P>(features: Feature<G, P & object>[]): FeatureCollection {
  return { type: 'FeatureCollection', features } as FeatureCollection;
}

/** Largest-remainder rounding of `shares` (summing to ~1) to integers summing exactly to `total`. */
export function apportion(total: number, shares: number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] as number) + 1;
    left--;
  }
  return out;
}

const AGE_PROFILES: Record<string, number[]> = {
  mixed: [0.05, 0.1, 0.055, 0.13, 0.27, 0.2, 0.14, 0.055],
  family: [0.08, 0.15, 0.06, 0.1, 0.32, 0.16, 0.1, 0.03],
  older: [0.03, 0.07, 0.045, 0.08, 0.2, 0.24, 0.24, 0.095],
  young: [0.05, 0.06, 0.07, 0.28, 0.3, 0.13, 0.08, 0.03],
};

class TownBuilder {
  readonly scale: number;
  readonly proj: Projection;
  readonly halfW: number;
  readonly halfH: number;
  readonly riverWidth: number;
  readonly riverAmplitude: number;
  readonly lakes: { centre: XY; rx: number; ry: number }[] = [];
  readonly streetSpacing: number;
  readonly places: PlaceSite[] = [];
  readonly parks: { centre: XY; radius: number }[] = [];
  hStreetNames: string[] = [];
  vStreetNames: string[] = [];

  constructor(
    readonly rng: Rng,
    readonly opportunityCount: number,
  ) {
    this.scale = townScale(opportunityCount);
    this.proj = makeProjection(CENTRE);
    this.halfW = (WIDTH_M * this.scale) / 2;
    this.halfH = (HEIGHT_M * this.scale) / 2;
    this.riverWidth = 70 * Math.sqrt(this.scale);
    this.riverAmplitude = 380 * this.scale;
    this.streetSpacing = 250 * this.scale;
  }

  /** y of the river's centre line at x: it crosses the town from west to east, south of centre */
  riverY(x: number): number {
    const s = this.scale;
    return -500 * s + this.riverAmplitude * Math.sin(x / (1100 * s)) + 120 * s * Math.sin(x / (310 * s));
  }

  inWater([x, y]: XY, margin = 0): boolean {
    if (Math.abs(y - this.riverY(x)) < this.riverWidth / 2 + margin) return true;
    return this.lakes.some((l) => ((x - l.centre[0]) / (l.rx + margin)) ** 2 + ((y - l.centre[1]) / (l.ry + margin)) ** 2 < 1);
  }

  randomLandPoint(rng: Rng, margin = 40): XY {
    for (let i = 0; i < 1000; i++) {
      const p: XY = [rng.range(-this.halfW * 0.94, this.halfW * 0.94), rng.range(-this.halfH * 0.94, this.halfH * 0.94)];
      if (!this.inWater(p, margin)) return p;
    }
    throw new Error('no land found for a point');
  }

  tenant(): TownTenant {
    const sw = this.proj.toLonLat([-this.halfW, -this.halfH]);
    const ne = this.proj.toLonLat([this.halfW, this.halfH]);
    return {
      slug: 'lindmere',
      name: TOWN_NAME,
      locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'],
      defaultLocale: 'en',
      timezone: 'Europe/Amsterdam',
      home: { center: CENTRE, zoom: Math.round((13.4 - Math.log2(this.scale)) * 10) / 10 },
      bbox: [sw[0], sw[1], ne[0], ne[1]],
      source: 'demo-generator',
      fictional: true,
    };
  }

  water(): FeatureCollection {
    const rng = this.rng.fork('water');
    const s = this.scale;
    const line: XY[] = [];
    const step = 60 * s;
    for (let x = -this.halfW - step; x <= this.halfW + step; x += step) line.push([x, this.riverY(x)]);
    const features: Feature<Geometry, WaterProps>[] = [
      feature(toPolygon(band(line, this.riverWidth), this.proj), { kind: 'river', name: 'River Lind' }),
    ];
    const lakeCount = Math.ceil(s);
    for (let i = 0; i < lakeCount; i++) {
      const centre: XY =
        i === 0
          ? [this.halfW * 0.55, this.halfH * 0.5]
          : [rng.range(-this.halfW * 0.8, this.halfW * 0.8), rng.range(this.halfH * 0.1, this.halfH * 0.85)];
      const rx = rng.range(260, 380) * Math.sqrt(s);
      const ry = rx * rng.range(0.55, 0.8);
      this.lakes.push({ centre, rx, ry });
      const ring = blob(centre, 1, 28, 0, () => 0.5).map(([x, y]): XY => [
        centre[0] + (x - centre[0]) * rx,
        centre[1] + (y - centre[1]) * ry,
      ]);
      features.push(feature(toPolygon(ring, this.proj), { kind: 'lake', name: i === 0 ? 'Mere Water' : `Mere ${i + 1}` }));
    }
    return collection(features);
  }

  neighbourhoods(): { fc: FeatureCollection; names: string[]; rings: XY[][] } {
    const rng = this.rng.fork('neighbourhoods');
    const k = Math.ceil(this.scale);
    const cols = 3 * k;
    const rows = 3 * k;
    const cw = (2 * this.halfW) / cols;
    const ch = (2 * this.halfH) / rows;
    const jitter = (i: number, n: number, size: number) => (i === 0 || i === n ? 0 : rng.range(-0.15, 0.15) * size);
    const node: XY[][] = [];
    for (let i = 0; i <= cols; i++) {
      node.push([]);
      for (let j = 0; j <= rows; j++) {
        node[i]?.push([-this.halfW + i * cw + jitter(i, cols, cw), -this.halfH + j * ch + jitter(j, rows, ch)]);
      }
    }
    const at = (i: number, j: number) => node[i]?.[j] as XY;
    const mid = (a: XY, b: XY, free: boolean): XY => {
      const m: XY = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      if (!free) return m;
      return [m[0] + rng.range(-0.08, 0.08) * cw, m[1] + rng.range(-0.08, 0.08) * ch];
    };
    // edge midpoints are shared by the two cells on either side, so the polygons tile exactly
    const hMid = new Map<string, XY>();
    const vMid = new Map<string, XY>();
    for (let i = 0; i < cols; i++) for (let j = 0; j <= rows; j++) hMid.set(`${i},${j}`, mid(at(i, j), at(i + 1, j), j > 0 && j < rows));
    for (let i = 0; i <= cols; i++) for (let j = 0; j < rows; j++) vMid.set(`${i},${j}`, mid(at(i, j), at(i, j + 1), i > 0 && i < cols));

    const features: Feature<Geometry, NeighbourhoodProps>[] = [];
    const names: string[] = [];
    const rings: XY[][] = [];
    const profiles = Object.keys(AGE_PROFILES);
    let n = 0;
    for (let j = rows - 1; j >= 0; j--) {
      for (let i = 0; i < cols; i++) {
        const ring: XY[] = [
          at(i, j),
          hMid.get(`${i},${j}`) as XY,
          at(i + 1, j),
          vMid.get(`${i + 1},${j}`) as XY,
          at(i + 1, j + 1),
          hMid.get(`${i},${j + 1}`) as XY,
          at(i, j + 1),
          vMid.get(`${i},${j}`) as XY,
          at(i, j),
        ];
        const base = NEIGHBOURHOOD_NAMES[n % NEIGHBOURHOOD_NAMES.length] as string;
        const name = n < NEIGHBOURHOOD_NAMES.length ? base : `${base} ${Math.floor(n / NEIGHBOURHOOD_NAMES.length) + 1}`;
        const profile = AGE_PROFILES[rng.pick(profiles)] as number[];
        const population = rng.int(3500, 13000);
        const byAge = apportion(
          population,
          profile.map((s) => s * rng.range(0.85, 1.15)),
        );
        const degraded = n === 0 || n === 5;
        const props: NeighbourhoodProps = {
          source_id: `nbhd-${n + 1}`,
          name,
          population,
          population_by_age: Object.fromEntries(AGE_BANDS.map((b, x) => [b, byAge[x] as number])) as NeighbourhoodProps['population_by_age'],
          census: {
            households: Math.round(population / rng.range(1.9, 2.6)),
            median_household_income: Math.round(rng.range(degraded ? 24000 : 32000, degraded ? 34000 : 68000) / 100) * 100,
            low_income_share: Math.round(rng.range(degraded ? 0.28 : 0.07, degraded ? 0.42 : 0.24) * 1000) / 1000,
          },
        };
        features.push(feature(toPolygon(ring, this.proj), props, undefined));
        names.push(name);
        rings.push(ring);
        n++;
      }
    }
    return { fc: collection(features), names, rings };
  }

  zones(neighbourhoodRings: XY[][]): FeatureCollection {
    const rng = this.rng.fork('zones');
    const features: Feature<Geometry, ZoneProps>[] = [];
    const count = 2 * Math.ceil(this.scale);
    for (let z = 0; z < count; z++) {
      // the first two sit in neighbourhoods 1 (north-west) and 6, which the census marks poorer
      const ring = neighbourhoodRings[z === 0 ? 0 : z === 1 ? 5 : rng.int(0, neighbourhoodRings.length - 1)] as XY[];
      const cx = ring.slice(0, -1).reduce((a, p) => a + p[0], 0) / (ring.length - 1);
      const cy = ring.slice(0, -1).reduce((a, p) => a + p[1], 0) / (ring.length - 1);
      const meta = ZONES[z % ZONES.length] as (typeof ZONES)[number];
      features.push(
        feature(toPolygon(blob([cx + rng.range(-200, 200), cy + rng.range(-150, 150)], rng.range(480, 650), 14, 0.18, rng.next, rng.range(1.1, 1.5), rng.range(0, Math.PI)), this.proj), {
          source_id: `zone-${z + 1}`,
          kind: 'degraded_zone',
          name: z < ZONES.length ? meta.name : `${meta.name} ${Math.floor(z / ZONES.length) + 1}`,
          designation: meta.designation,
          programme: meta.programme,
          valid_from: '2024-07-01',
          valid_to: '2030-12-31',
        }),
      );
    }
    return collection(features);
  }

  streets(): FeatureCollection {
    const rng = this.rng.fork('streets');
    const sp = this.streetSpacing;
    const features: Feature<LineString, StreetProps>[] = [];
    const used = new Set<string>();
    const streetName = () => {
      for (;;) {
        const name = `${rng.pick(NATURE_WORDS)} ${rng.pick(STREET_SUFFIXES)}`;
        if (!used.has(name) || used.size > NATURE_WORDS.length * STREET_SUFFIXES.length * 0.8) {
          used.add(name);
          return name;
        }
      }
    };
    const ny = Math.floor((2 * this.halfH) / sp);
    const nx = Math.floor((2 * this.halfW) / sp);
    const classOf = (i: number, n: number): StreetProps['highway'] =>
      i === Math.floor(n / 2) ? 'primary' : i % 6 === 0 ? 'secondary' : i % 3 === 0 ? 'tertiary' : 'residential';
    const step = 50 * this.scale;
    const emit = (pts: XY[], highway: StreetProps['highway'], name: string, bridge: boolean) => {
      // split where the street would run through water, unless it bridges it
      let run: XY[] = [];
      const flush = () => {
        if (run.length >= 2) {
          features.push(feature({ type: 'LineString', coordinates: run.map((p) => this.proj.toLonLat(p)) }, { highway, name }));
        }
        run = [];
      };
      for (const p of pts) {
        if (!bridge && this.inWater(p, 8)) flush();
        else run.push(p);
      }
      flush();
    };
    this.hStreetNames = [];
    for (let j = 1; j < ny; j++) {
      const y = -this.halfH + j * sp;
      const pts: XY[] = [];
      for (let x = -this.halfW; x <= this.halfW + 1e-6; x += step) pts.push([x, y + 6 * Math.sin(x / 90)]);
      const name = streetName();
      this.hStreetNames[j] = name;
      const cls = classOf(j, ny);
      emit(pts, cls, name, cls === 'primary' || cls === 'secondary');
    }
    this.vStreetNames = [];
    for (let i = 1; i < nx; i++) {
      const x = -this.halfW + i * sp;
      const pts: XY[] = [];
      for (let y = -this.halfH; y <= this.halfH + 1e-6; y += step) pts.push([x + 6 * Math.sin(y / 110), y]);
      const name = streetName();
      this.vStreetNames[i] = name;
      const cls = classOf(i, nx);
      emit(pts, cls, name, cls !== 'residential' || i % 4 === 0);
    }
    // footpaths across the larger parks
    for (const park of this.parks) {
      if (park.radius < 110) continue;
      const a = rng.range(0, Math.PI);
      const r = park.radius * 0.85;
      const pts: XY[] = [];
      for (let t = -1; t <= 1.0001; t += 0.25) pts.push([park.centre[0] + Math.cos(a) * r * t, park.centre[1] + Math.sin(a) * r * t]);
      emit(pts, 'footway', '', false);
    }
    return collection(features.map((f) => (f.properties.name ? f : { ...f, properties: { highway: f.properties.highway } })));
  }

  /** The address on the nearest street of the grid. */
  address(p: XY): string {
    const sp = this.streetSpacing;
    const j = Math.round((p[1] + this.halfH) / sp);
    const i = Math.round((p[0] + this.halfW) / sp);
    const dy = Math.abs(p[1] - (-this.halfH + j * sp));
    const dx = Math.abs(p[0] - (-this.halfW + i * sp));
    const horizontal = dy <= dx && this.hStreetNames[j];
    const street = horizontal ? this.hStreetNames[j] : (this.vStreetNames[i] ?? this.hStreetNames[j] ?? 'Harbour Road');
    const along = horizontal ? p[0] + this.halfW : p[1] + this.halfH;
    const number = 1 + 2 * Math.floor(along / (18 * this.scale)) + ((horizontal ? p[1] : p[0]) > 0 ? 1 : 0);
    return `${number} ${street}, Lindmere`;
  }

  placesCollection(neighbourhoodNames: string[], neighbourhoodRings: XY[][]): FeatureCollection {
    const rng = this.rng.fork('places');
    const s2 = this.scale * this.scale;
    const features: Feature<Geometry, PlaceProps>[] = [];
    const usedNames = new Set<string>();
    const uniqueName = (make: () => string) => {
      for (let i = 0; i < 50; i++) {
        const n = make();
        if (!usedNames.has(n)) {
          usedNames.add(n);
          return n;
        }
      }
      const n = `${make()} ${usedNames.size + 1}`;
      usedNames.add(n);
      return n;
    };
    const add = (kind: PlaceKind, sourceId: string, name: string, at: XY, geometry: Geometry, extra: Partial<PlaceProps>) => {
      this.places.push({ sourceId, kind, name, at });
      features.push(
        feature(geometry, {
          source_id: sourceId,
          kind,
          name,
          address: this.address(at),
          accessibility: {},
          contact: {},
          attributes: {},
          ...extra,
        } as PlaceProps),
      );
    };
    const point = (p: XY): Point => ({ type: 'Point', coordinates: this.proj.toLonLat(p) });
    const accessibility = (): PlaceProps['accessibility'] => {
      const wheelchair = rng.pick(['yes', 'yes', 'yes', 'limited', 'no'] as const);
      return { wheelchair, step_free: wheelchair === 'yes', toilets: rng.chance(0.7), hearing_loop: rng.chance(0.3) };
    };

    // parks: non-overlapping polygons on land, one large central park
    const parkCount = Math.round(44 * s2);
    for (let k = 0, tries = 0; k < parkCount && tries < parkCount * 200; tries++) {
      const big = k === 0;
      const areaHa = big ? 22 : Math.exp(rng.range(Math.log(0.3), Math.log(7)));
      const radius = Math.sqrt((areaHa * 10_000) / Math.PI);
      const centre: XY = big ? [-400, 900] : this.randomLandPoint(rng, radius + 20);
      if (this.inWater(centre, radius + 15)) continue;
      if (this.parks.some((o) => Math.hypot(o.centre[0] - centre[0], o.centre[1] - centre[1]) < o.radius + radius + 60)) continue;
      const rot = rng.range(0, Math.PI);
      const ring = rng.chance(0.55)
        ? blob(centre, radius, 16, 0.15, rng.next, rng.range(1, 1.6), rot)
        : rectangle(centre, radius * 1.77 * 1.25, (radius * 1.77) / 1.25, rot);
      this.parks.push({ centre, radius });
      const name = uniqueName(() => (big ? 'Lindmere Central Park' : `${rng.pick(NATURE_WORDS)} ${rng.pick(PARK_SUFFIXES)}`));
      add('park', `park-${k + 1}`, name, centre, toPolygon(ring, this.proj), {
        opening_hours: big ? '06:00-23:00' : '24/7',
        accessibility: { wheelchair: rng.pick(['yes', 'limited'] as const), step_free: true, toilets: big || rng.chance(0.3) },
        attributes: { area_ha: Math.round((polygonArea(ring) / 10_000) * 100) / 100, playground: rng.chance(0.4) },
      });
      k++;
    }

    const gardenCount = Math.round(27 * s2);
    for (let k = 0; k < gardenCount; k++) {
      const at = this.randomLandPoint(rng);
      add('community_garden', `garden-${k + 1}`, uniqueName(() => `${rng.pick(NATURE_WORDS)} ${rng.pick(GARDEN_SUFFIXES)}`), at, point(at), {
        opening_hours: 'Apr-Oct Mo-Su 08:00-20:00; Nov-Mar Sa,Su 10:00-16:00',
        accessibility: accessibility(),
        contact: { email: `garden${k + 1}@lindmere.example.org` },
        attributes: { plots: rng.int(8, 60), waiting_list: rng.chance(0.5), raised_beds: rng.chance(0.4) },
      });
    }

    // one community centre in every neighbourhood, near its middle, and a few halls besides
    neighbourhoodRings.forEach((ring, n) => {
      const cx = ring.slice(0, -1).reduce((a, p) => a + p[0], 0) / (ring.length - 1);
      const cy = ring.slice(0, -1).reduce((a, p) => a + p[1], 0) / (ring.length - 1);
      let at: XY = [cx + rng.range(-150, 150), cy + rng.range(-150, 150)];
      for (let t = 0; t < 50 && (this.inWater(at, 40) || !pointInRing(at, ring)); t++) {
        at = [cx + rng.range(-400, 400), cy + rng.range(-400, 400)];
      }
      add('community_centre', `centre-${n + 1}`, `${neighbourhoodNames[n]} Community Centre`, at, point(at), {
        opening_hours: 'Mo-Fr 09:00-21:00; Sa 10:00-16:00',
        accessibility: accessibility(),
        contact: { phone: `+00 555 01${String(n).padStart(2, '0')}`, email: `centre${n + 1}@lindmere.example.org`, website: `https://lindmere.example.org/centres/${n + 1}` },
        attributes: { rooms: rng.int(2, 9), cafe: rng.chance(0.5) },
      });
    });
    const extraCentres = Math.round(3 * s2);
    for (let k = 0; k < extraCentres; k++) {
      const at = this.randomLandPoint(rng);
      add('community_centre', `hall-${k + 1}`, uniqueName(() => `${rng.pick(NATURE_WORDS)} ${rng.pick(HALL_SUFFIXES)}`), at, point(at), {
        opening_hours: 'Mo-Sa 10:00-20:00',
        accessibility: accessibility(),
        contact: { phone: `+00 555 02${String(k).padStart(2, '0')}` },
        attributes: { rooms: rng.int(1, 4) },
      });
    }
    const others: [PlaceKind, string, number, string, string][] = [
      ['library', 'library', 3, 'Library', 'Mo-Fr 09:00-19:00; Sa 10:00-17:00'],
      ['playground', 'playground', 8, 'Playground', 'sunrise-sunset'],
      ['coworking', 'cowork', 2, 'Co-working Hub', 'Mo-Fr 08:00-18:00'],
    ];
    for (const [kind, prefix, per, suffix, hours] of others) {
      const count = Math.round(per * s2);
      for (let k = 0; k < count; k++) {
        const at = this.randomLandPoint(rng);
        add(kind, `${prefix}-${k + 1}`, uniqueName(() => `${rng.pick(NATURE_WORDS)} ${suffix}`), at, point(at), {
          opening_hours: hours,
          accessibility: accessibility(),
        });
      }
    }
    return collection(features);
  }

  /** A fresh, deterministic iterable of the town's opportunities (iterating twice gives the same). */
  opportunities(seed: number): Iterable<Opportunity> {
    const count = this.opportunityCount;
    const byKind = new Map<string, PlaceSite[]>();
    for (const p of this.places) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
    const builder = this;
    return {
      *[Symbol.iterator]() {
        const rng = createRng(seed).fork('opportunities');
        for (let i = 0; i < count; i++) {
          const activity = i < ACTIVITIES.length ? (ACTIVITIES[i] as Activity) : rng.pick(ACTIVITIES);
          yield builder.opportunity(rng, i, activity, byKind);
        }
      },
    };
  }

  private opportunity(rng: Rng, i: number, a: Activity, byKind: Map<string, PlaceSite[]>): Opportunity {
    const where = rng.pick(a.where);
    const sites = where === 'own' ? [] : (byKind.get(where) ?? []);
    const site = sites.length ? rng.pick(sites) : null;
    const ownPoint = site ? null : this.randomLandPoint(rng);
    const placeName = site ? site.name : this.address(ownPoint as XY);

    const free = rng.chance(a.freeShare);
    const registration = rng.chance(a.kind === 'program' ? 0.6 : 0.25);
    const languages = ['en', ...a.languages.filter(() => rng.chance(0.7))];
    const fullTranslation = rng.chance(0.7);
    const title = fullTranslation ? { ...a.title } : { en: a.title.en, fr: a.title.fr, he: a.title.he, pl: a.title.pl };
    const description = Object.fromEntries(
      (Object.keys(title) as (keyof typeof DESCRIPTIONS)[]).map((l) => [l, DESCRIPTIONS[l](placeName, free, registration)]),
    );
    return {
      source_id: `opp-${i + 1}`,
      kind: a.kind,
      place_source_id: site?.sourceId ?? null,
      point: ownPoint ? this.proj.toLonLat(ownPoint) : null,
      title,
      description,
      categories: a.categories,
      audiences: a.audiences,
      languages,
      age_min: a.ages?.[0] ?? null,
      age_max: a.ages?.[1] ?? null,
      cost: free ? { free: true } : { free: false, amount: rng.int(2, 12), currency: 'EUR' },
      registration: registration
        ? { required: true, url: `https://lindmere.example.org/join/opp-${i + 1}`, phone: '+00 555 0100' }
        : { required: false },
      schedule: schedule(rng, a),
      status: 'published',
    };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A weekly, fortnightly or monthly RRULE (and a few one-off events) in the town's time zone. */
function schedule(rng: Rng, a: Activity): Opportunity['schedule'] {
  const hour = rng.pick(a.hours);
  const minute = rng.chance(0.25) ? 30 : 0;
  const weekendish = a.kind === 'event' || a.key.includes('garden') || a.key.includes('family') || a.key === 'parkrun-style';
  const dayPool: number[] = a.key === 'parkrun-style' ? [5] : weekendish && rng.chance(0.6) ? [5, 6] : hour >= 17 || a.categories.includes('co-working') ? [0, 1, 2, 3, 4] : [0, 1, 2, 3, 4, 5];
  let rrule: string | null;
  let firstDay: number;
  const r = rng.next();
  if (a.kind === 'event' && r < 0.15) {
    // a one-off event somewhere between June 2026 and December 2027 (some already past: they are hidden)
    const day = rng.int(0, 570);
    const d = new Date(Date.UTC(2026, 5, 1) + day * 86_400_000);
    return {
      dtstart: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:${pad(minute)}`,
      duration_minutes: a.minutes,
      rrule: null,
      timezone: 'Europe/Amsterdam',
    };
  }
  if (a.kind === 'event' || r < 0.1) {
    firstDay = rng.pick(dayPool);
    rrule = `FREQ=MONTHLY;BYDAY=${rng.int(1, 3)}${WEEKDAYS[firstDay]}`;
  } else if (r < 0.2) {
    firstDay = rng.pick(dayPool);
    rrule = `FREQ=WEEKLY;INTERVAL=2;BYDAY=${WEEKDAYS[firstDay]}`;
  } else {
    const days = rng.sample(dayPool, rng.chance(0.3) ? 2 : 1).sort((x, y) => x - y);
    firstDay = days[0] as number;
    rrule = `FREQ=WEEKLY;BYDAY=${days.map((d) => WEEKDAYS[d]).join(',')}`;
  }
  const d = new Date(SCHEDULE_EPOCH + firstDay * 86_400_000);
  return {
    dtstart: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hour)}:${pad(minute)}`,
    duration_minutes: a.minutes,
    rrule,
    timezone: 'Europe/Amsterdam',
  };
}

/** The whole town; opportunities are produced lazily as they are iterated. */
export function generateTown(options: GenerateOptions = {}): TownSource {
  const seed = options.seed ?? 42;
  const n = options.opportunities ?? DEMO_OPPORTUNITIES;
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000) throw new RangeError('opportunities must be an integer in 1..5 000 000');
  const b = new TownBuilder(createRng(seed), n);
  const water = b.water();
  const hoods = b.neighbourhoods();
  const zones = b.zones(hoods.rings);
  // streets first (places take their addresses from them), then park footpaths need the parks
  b.streets();
  const places = b.placesCollection(hoods.names, hoods.rings);
  const streets = b.streets();
  return {
    tenant: b.tenant(),
    neighbourhoods: hoods.fc,
    zones,
    places,
    streets,
    water,
    opportunities: b.opportunities(seed),
  };
}
