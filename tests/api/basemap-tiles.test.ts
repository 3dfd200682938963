/**
 * The basemap of a city, as vector tiles from the database (issue 14, item 3): the Helsinki
 * OpenStreetMap extract and Vancouver's open data (GeoJSON, no extract) imported on both
 * databases; their tiles carry streets with names, water, green spaces, buildings, place and
 * neighbourhood names, in the asked language where the data has it. The two encoders — ST_AsMVT
 * on the PostGIS server, geojson-vt + vt-pbf on the embedded database — are decoded and proven
 * equal: the same features with the same properties, geometry within a pixel.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basemapTile } from '../../server/basemap/tiles.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { DatabaseKind } from '../../server/db/connect.ts';
import { runImport } from '../../server/import/run.ts';
import { databaseKinds, openTestDatabase, type TestDatabase, testApp } from '../support/databases.ts';
import { SHARED_DATA, sharedDataAvailable, vancouver } from '../support/shared-data.ts';

const PBF = path.join(SHARED_DATA, 'osm-helsinki', 'Helsinki.osm.pbf');
const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);
/** a pixel of a 512-px MapLibre tile, in tile units (extent 4096) */
const PIXEL = 4096 / 512;

interface DecodedFeature {
  layer: string;
  type: number;
  properties: Record<string, unknown>;
  geometry: [number, number][][];
}

function decode(buf: Uint8Array): DecodedFeature[] {
  const tile = new VectorTile(new PbfReader(buf));
  const out: DecodedFeature[] = [];
  for (const [name, layer] of Object.entries(tile.layers)) {
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      out.push({
        layer: name,
        type: f.type,
        properties: f.properties,
        geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])),
      });
    }
  }
  return out;
}

/** tile of a point (slippy-map numbering) */
function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
}

function segDist(p: [number, number], a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** the farthest any vertex of `a` lies from the lines (or points) of `b` */
function directed(a: DecodedFeature, b: DecodedFeature): number {
  let worst = 0;
  for (const part of a.geometry)
    for (const p of part) {
      let best = Number.POSITIVE_INFINITY;
      for (const q of b.geometry) {
        if (q.length === 1 || b.type === 1)
          for (const v of q) best = Math.min(best, Math.hypot(p[0] - v[0], p[1] - v[1]));
        else
          for (let i = 1; i < q.length; i++)
            best = Math.min(best, segDist(p, q[i - 1] as never, q[i] as never));
      }
      worst = Math.max(worst, best);
    }
  return worst;
}
const hausdorff = (a: DecodedFeature, b: DecodedFeature) => Math.max(directed(a, b), directed(b, a));
const key = (f: DecodedFeature) =>
  `${f.layer}|${f.type}|${JSON.stringify(Object.entries(f.properties).sort())}`;

function bboxCentre(f: DecodedFeature): [number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const part of f.geometry)
    for (const [x, y] of part) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

/** pairs every feature of one tile with one of the other: same layer, type and properties, ≤ 1 px apart */
function expectSameTile(a: Uint8Array, b: Uint8Array, label: string): number {
  const fa = decode(a);
  const fb = decode(b);
  expect(fa.map(key).sort(), label).toEqual(fb.map(key).sort());
  const pool = fb.map((g) => ({ g, k: key(g), c: bboxCentre(g) }));
  for (const f of fa) {
    const k = key(f);
    const c = bboxCentre(f);
    // the twin is among the nearest of its kind: measure those few exactly
    const near = pool
      .filter((p) => p.k === k)
      .sort((p, q) => Math.hypot(p.c[0] - c[0], p.c[1] - c[1]) - Math.hypot(q.c[0] - c[0], q.c[1] - c[1]))
      .slice(0, 4)
      .map((p) => ({ p, d: hausdorff(f, p.g) }))
      .sort((x, y) => x.d - y.d);
    const best = near[0];
    expect(best, `${label}: ${k}`).toBeDefined();
    expect(best?.d, `${label}: ${k} is ${best?.d} tile units from its twin`).toBeLessThanOrEqual(PIXEL);
    pool.splice(pool.indexOf(best?.p as (typeof pool)[number]), 1);
  }
  return fa.length;
}

const HELSINKI = { lon: 24.9442, lat: 60.1715 };
const VANCOUVER = { lon: -123.116, lat: 49.25 };

describe.skipIf(!sharedDataAvailable('osm-helsinki') || !sharedDataAvailable('vancouver'))(
  'basemap tiles',
  () => {
    const dbs = new Map<DatabaseKind, TestDatabase>();
    const tenants = new Map<DatabaseKind, { helsinki: number; vancouver: number }>();
    let dir: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'basemap-'));
      const tenantFile = path.join(dir, 'helsinki.json');
      fs.writeFileSync(
        tenantFile,
        JSON.stringify({
          slug: 'helsinki',
          name: { en: 'Helsinki', he: 'הלסינקי', uk: 'Гельсінкі' },
          locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'],
          defaultLocale: 'en',
          timezone: 'Europe/Helsinki',
          home: { center: [HELSINKI.lon, HELSINKI.lat], zoom: 15 },
          bbox: [24.9351766, 60.1641551, 24.9534132, 60.1791074],
        }),
      );
      await Promise.all(
        databaseKinds().map(async (kind) => {
          const database = await openTestDatabase(kind);
          dbs.set(kind, database);
          const imp = async (
            format: 'tenant' | 'geojson' | 'osm',
            file: string,
            tenant: string,
            mapping?: string,
          ) => {
            const t = Date.now();
            await runImport(database.db, { format, path: file, tenant, ...(mapping ? { mapping } : {}) });
            console.log(`${kind}: ${path.basename(file)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
          };
          await imp('tenant', tenantFile, 'helsinki');
          await imp('osm', PBF, 'helsinki');
          await imp('tenant', M('tenant'), 'vancouver');
          await imp('geojson', vancouver('local-area-boundary.geojson'), 'vancouver', M('local-areas'));
          await imp('geojson', vancouver('parks-polygon-representation.geojson'), 'vancouver', M('parks'));
          const ids = await database.db.selectFrom('tenant').select(['id', 'slug']).execute();
          const id = (slug: string) => ids.find((t) => t.slug === slug)?.id as number;
          tenants.set(kind, { helsinki: id('helsinki'), vancouver: id('vancouver') });
        }),
      );
    }, 900_000);

    afterAll(async () => {
      for (const d of dbs.values()) await d.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const kind of databaseKinds()) {
      describe(`[${kind}]`, () => {
        const tile = (
          tenant: 'helsinki' | 'vancouver',
          t: { z: number; x: number; y: number },
          lang = 'en',
        ) => {
          const database = dbs.get(kind) as TestDatabase;
          const tenantId = tenants.get(kind)?.[tenant] as number;
          return basemapTile(database.db, kind, { tenantId, lang, ...t }).then(decode);
        };

        it('draws Helsinki from its OpenStreetMap extract: named streets, water, green, buildings, places', async () => {
          const t16 = await tile('helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 16));
          const layers = (name: string) => t16.filter((f) => f.layer === name);
          expect(layers('street').length).toBeGreaterThan(20);
          expect(layers('street').some((f) => f.properties.name === 'Aleksanterinkatu')).toBe(true);
          expect(layers('building').length).toBeGreaterThan(10);
          const wide = await tile('helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 14));
          expect(wide.some((f) => f.layer === 'water' && f.type === 3)).toBe(true);
          expect(wide.some((f) => f.layer === 'green' && f.type === 3)).toBe(true);
          // buildings and footpaths wait for close zoom
          const city = await tile('helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 13));
          expect(city.filter((f) => f.layer === 'street').length).toBeGreaterThan(0);
          expect(city.filter((f) => f.layer === 'building')).toEqual([]);
          expect(city.filter((f) => f.layer === 'street' && f.properties.class === 'footway')).toEqual([]);
        });

        it('names places and streets in the asked language where the data has it', async () => {
          const z13 = tileOf(HELSINKI.lon, HELSINKI.lat, 13);
          const city = async (lang: string) =>
            (await tile('helsinki', z13, lang)).find(
              (f) => f.layer === 'place' && f.properties.class === 'city',
            )?.properties.name;
          expect(await city('en')).toBe('Helsinki');
          expect(await city('he')).toBe('הלסינקי');
          expect(await city('uk')).toBe('Гельсінкі');
          // a street without name:he keeps its own name
          const he = await tile('helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 16), 'he');
          expect(he.some((f) => f.layer === 'street' && f.properties.name === 'Aleksanterinkatu')).toBe(true);
        });

        it('draws Vancouver without an extract: its neighbourhoods, their names and its parks', async () => {
          const t = await tile('vancouver', tileOf(VANCOUVER.lon, VANCOUVER.lat, 12));
          expect(t.filter((f) => f.layer === 'neighbourhood' && f.type === 3).length).toBeGreaterThan(5);
          const names = t.filter((f) => f.layer === 'neighbourhood_label').map((f) => f.properties.name);
          expect(names).toContain('Riley Park');
          expect(
            t.filter((f) => f.layer === 'green' && f.properties.class === 'park').length,
          ).toBeGreaterThan(10);
          expect(t.filter((f) => f.layer === 'street')).toEqual([]);
        });

        it('serves tiles and a style that point at them, and refuses bad tile addresses', async () => {
          const app = testApp(dbs.get(kind) as TestDatabase);
          const { z, x, y } = tileOf(HELSINKI.lon, HELSINKI.lat, 15);
          const res = await app.request(`/api/basemap/tiles/${z}/${x}/${y}.mvt?tenant=helsinki&lang=uk`);
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
          const features = decode(new Uint8Array(await res.arrayBuffer()));
          expect(features.some((f) => f.layer === 'street' && f.properties.name)).toBe(true);
          const style = (await (
            await app.request('/api/basemap/style.json?tenant=helsinki&lang=he')
          ).json()) as {
            glyphs?: string;
            sources: { basemap: { tiles: string[]; attribution: string } };
          };
          expect(style.glyphs).toBeUndefined(); // the device's fonts draw the labels
          expect(style.sources.basemap.tiles[0]).toContain(
            '/api/basemap/tiles/{z}/{x}/{y}.mvt?tenant=helsinki&lang=he',
          );
          expect(style.sources.basemap.attribution).toContain('OpenStreetMap');
          for (const [bad, what] of [
            [`/api/basemap/tiles/3/8/1.mvt`, 'x and y must be below 8'],
            [`/api/basemap/tiles/17/1/1.mvt`, 'z must be at most 16'],
            [`/api/basemap/tiles/3/1/1.png`, 'y must be the tile row followed by .mvt'],
            [`/api/basemap/tiles/3/1/1.mvt?lang=x1`, 'lang must be a language code'],
          ] as const) {
            const r = await app.request(bad);
            expect(r.status, bad).toBe(400);
            expect(((await r.json()) as { error: { message: string } }).error.message).toContain(what);
          }
        });
      });
    }

    describe.skipIf(!databaseKinds().includes('postgis'))('the two encoders', () => {
      const tiles = [
        ['helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 13), ['en', 'he']],
        ['helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 14), ['en']],
        ['helsinki', tileOf(HELSINKI.lon, HELSINKI.lat, 16), ['en']],
        ['helsinki', tileOf(24.951, 60.166, 16), ['uk']],
        // the sea rebuilt from the coastline, over the bay north of the centre
        ['helsinki', tileOf(24.9475, 60.1772, 16), ['en']],
        ['vancouver', tileOf(VANCOUVER.lon, VANCOUVER.lat, 12), ['en']],
        ['vancouver', tileOf(VANCOUVER.lon, VANCOUVER.lat, 14), ['en']],
      ] as const;

      it('ST_AsMVT on PostGIS and the JS encoder on the embedded database make the same tiles', async () => {
        const pg = dbs.get('postgis') as TestDatabase;
        const lite = dbs.get('pglite');
        let compared = 0;
        for (const [tenant, t, langs] of tiles) {
          for (const lang of langs) {
            const req = (kind: DatabaseKind) => ({
              tenantId: tenants.get(kind)?.[tenant] as number,
              lang,
              ...t,
            });
            const mvt = await basemapTile(pg.db, 'postgis', req('postgis'), 'postgis');
            // the JS encoder over the same rows of the server …
            compared += expectSameTile(
              mvt,
              await basemapTile(pg.db, 'postgis', req('postgis'), 'js'),
              `${tenant} ${t.z}/${t.x}/${t.y} ${lang} js@postgis`,
            );
            // … and over the embedded database's own import
            if (lite)
              expectSameTile(
                mvt,
                await basemapTile(lite.db, 'pglite', req('pglite'), 'js'),
                `${tenant} ${t.z}/${t.x}/${t.y} ${lang} pglite`,
              );
          }
        }
        expect(compared).toBeGreaterThan(300);
      }, 600_000);
    });
  },
);
