/**
 * Issue 14, item 4 and the map's touch behaviour of item 1, in Chromium over the City of
 * Vancouver's real open data: its parks (254 polygons) and community gardens (166 points) with
 * the shipped mappings, and four real garden footprints — the park polygons named for a garden
 * (VanDusen Botanical Garden, Sun Yat-sen Gardens, Hastings Park's Italian Garden, Garden Park),
 * imported as community gardens instead of parks.
 *
 * At city zoom, every place with a footprint is its filled, outlined shape with exactly one
 * symbol, at the point on its surface the database computes (ST_PointOnSurface) — not one
 * circle per vertex, and still there where the shape is too small to see; symbols are large
 * enough to see. On a 390 × 844 touch phone, a real tap 20 px outside a garden's symbol opens
 * the garden, and one well beyond it opens the neighbourhood under it. Nothing is fetched from
 * another host. Screenshots (English desktop, Hebrew phone) go to tests/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import { TAP_TOLERANCE_PX } from '../../web/map/symbols.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  refuseOtherHosts,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { sharedDataAvailable, vancouver } from '../support/shared-data.ts';

setGenerousWaits();

const TENANT = 'vancouver';
const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);
/** the park polygons that are gardens */
const GARDEN_NAMES = /garden/i;

/** a symbol as drawn: the feature's id and name, where it is on the map and on the screen */
interface Drawn {
  id: string;
  name: string;
  lon: number;
  lat: number;
  x: number;
  y: number;
}

/** every feature drawn in a MapLibre layer, as points (a symbol layer's features are points) */
function drawnIn(page: Page, layerId: string): Promise<Drawn[]> {
  return page.evaluate((id) => {
    const map = window.__commonsMap;
    if (!map?.getLayer(id)) return [];
    return map.queryRenderedFeatures({ layers: [id] }).flatMap((f) => {
      if (f.geometry.type !== 'Point') return [];
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const p = map.project([lon, lat]);
      return [{ id: String(f.properties.id), name: String(f.properties.name), lon, lat, x: p.x, y: p.y }];
    });
  }, layerId);
}

/** the ids of the features drawn in a (shape) layer */
function idsIn(page: Page, layerId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      (window.__commonsMap?.queryRenderedFeatures({ layers: [id] }) ?? []).map((f) =>
        String(f.properties.id),
      ),
    layerId,
  );
}

/** the positions (to about 1 m) each id is drawn at */
function positionsById(drawn: Drawn[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of drawn) {
    const set = out.get(d.id) ?? new Set<string>();
    set.add(`${d.lon.toFixed(5)},${d.lat.toFixed(5)}`);
    out.set(d.id, set);
  }
  return out;
}

/** the drawn radius of a circle layer's symbols at the map's zoom, ring included */
function drawnRadius(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const map = window.__commonsMap;
    if (!map) return 0;
    const z = map.getZoom();
    const at = (v: unknown): number => {
      if (typeof v === 'number') return v;
      if (!Array.isArray(v)) return 0;
      if (v[0] === 'interpolate') {
        const stops = v.slice(3) as number[];
        const [z0, r0, z1, r1] = stops as [number, number, number, number];
        if (z <= z0) return r0;
        if (z >= z1) return r1;
        return r0 + ((r1 - r0) * (z - z0)) / (z1 - z0);
      }
      // ['case', selected, wider, usual]: the usual (smallest) value
      if (v[0] === 'case')
        return Math.min(...v.filter((_, i) => i >= 2 && (i % 2 === 0 || i === v.length - 1)).map(at));
      return 0;
    };
    return (
      at(map.getPaintProperty(id, 'circle-radius')) + at(map.getPaintProperty(id, 'circle-stroke-width'))
    );
  }, layerId);
}

describe.skipIf(!browserAvailable() || !sharedDataAvailable('vancouver'))(
  'footprints and taps on the map, over Vancouver',
  () => {
    let database: TestDatabase;
    let server: RunningServer;
    let browser: Browser;
    let tmp: string;
    let tenantId = 0;
    /** the four garden footprints: id → name */
    const footprints = new Map<string, string>();

    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-footprints-'));
      const parks = JSON.parse(
        fs.readFileSync(vancouver('parks-polygon-representation.geojson'), 'utf8'),
      ) as GeoJSON.FeatureCollection;
      const isGarden = (f: GeoJSON.Feature) => GARDEN_NAMES.test(String(f.properties?.park_name ?? ''));
      const write = (name: string, features: GeoJSON.Feature[]) => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
        return file;
      };
      const parkMapping = JSON.parse(fs.readFileSync(M('parks'), 'utf8')) as Record<string, unknown>;

      database = await openTestDatabase('pglite');
      const imp = (format: 'tenant' | 'geojson', file: string, mapping: string | Record<string, unknown>) =>
        runImport(database.db, { format, path: file, tenant: TENANT, mapping });
      await imp('tenant', M('tenant'), M('tenant'));
      await imp('geojson', vancouver('local-area-boundary.geojson'), M('local-areas'));
      await imp(
        'geojson',
        write(
          'parks.geojson',
          parks.features.filter((f) => !isGarden(f)),
        ),
        M('parks'),
      );
      await imp('geojson', write('garden-footprints.geojson', parks.features.filter(isGarden)), {
        ...parkMapping,
        source: 'test-garden-footprints',
        layer: 'gardens',
      });
      await imp('geojson', vancouver('community-gardens-and-food-trees.geojson'), M('community-gardens'));
      tenantId = (
        await database.db
          .selectFrom('tenant')
          .select('id')
          .where('slug', '=', TENANT)
          .executeTakeFirstOrThrow()
      ).id;
      const rows = await database.db
        .selectFrom('place')
        .select(['id', 'name'])
        .where('tenant_id', '=', tenantId)
        .where('source', '=', 'test-garden-footprints')
        .execute();
      for (const r of rows) footprints.set(r.id, r.name);
      server = await startServer({
        config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        database,
        onProgress: () => {},
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await database?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** a page of the Vancouver map, the first visit's question dismissed, its layers drawn */
    async function open(context: BrowserContext, lang: string): Promise<{ page: Page; errors: string[] }> {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/t/${TENANT}/?lang=${lang}`);
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => {
        const map = window.__commonsMap;
        return ['parks-circle', 'gardens-circle', 'gardens-fill', 'neighbourhoods-fill'].every(
          (id) => map?.getLayer(id) && map.queryRenderedFeatures({ layers: [id] }).length > 0,
        );
      });
      await mapIdle(page);
      return { page, errors };
    }

    /** the database's own point on the surface of each place, and whether a point is inside it */
    async function surfaceCheck(drawn: Drawn[]) {
      const { rows } = await sql<{ id: string; metres: number; inside: boolean }>`
      SELECT p.id::text AS id,
             ST_Distance(ST_PointOnSurface(p.geom)::geography, ST_SetSRID(ST_MakePoint(d.lon, d.lat), 4326)::geography) AS metres,
             ST_Contains(p.geom, ST_PointOnSurface(p.geom)) AS inside
      FROM unnest(${drawn.map((d) => d.id)}::uuid[], ${drawn.map((d) => d.lon)}::float8[], ${drawn.map((d) => d.lat)}::float8[])
        AS d(id, lon, lat)
      JOIN place p ON p.id = d.id AND p.tenant_id = ${tenantId}`.execute(database.db);
      return rows;
    }

    it('draws each garden footprint and park as its shape with one symbol at its point on surface, at city zoom (desktop, English)', async () => {
      const context = await newTestContext(browser, { viewport: { width: 1440, height: 900 } });
      const refused = await refuseOtherHosts(context, server.url);
      const { page, errors } = await open(context, 'en');

      // city zoom: the whole city is in view
      const view = await page.evaluate(() => {
        const map = window.__commonsMap;
        if (!map) throw new Error('no map');
        const b = map.getBounds();
        return {
          zoom: map.getZoom(),
          west: b.getWest(),
          south: b.getSouth(),
          east: b.getEast(),
          north: b.getNorth(),
        };
      });
      expect(view.zoom).toBeLessThan(13);
      expect(view.west).toBeLessThan(-123.22);
      expect(view.east).toBeGreaterThan(-123.02);

      const counts = await sql<{ kind: string; n: number }>`
      SELECT kind, count(*)::int AS n FROM place WHERE tenant_id = ${tenantId} GROUP BY kind`.execute(
        database.db,
      );
      const count = (kind: string) => counts.rows.find((r) => r.kind === kind)?.n ?? 0;
      expect(footprints.size).toBe(4);

      // gardens: one symbol per garden (166 points and 4 footprints), each at a single position
      const gardens = await drawnIn(page, 'gardens-circle');
      const gardenPositions = positionsById(gardens);
      expect(gardenPositions.size).toBe(count('community_garden'));
      expect(count('community_garden')).toBe(170);
      expect([...gardenPositions.values()].filter((s) => s.size !== 1)).toEqual([]);
      // each footprint: its symbol at the database's point on its surface, inside the shape, and
      // the shape itself filled and outlined
      const footprintSymbols = gardens.filter((g) => footprints.has(g.id));
      expect(new Set(footprintSymbols.map((g) => g.id)).size).toBe(4);
      for (const r of await surfaceCheck(footprintSymbols)) {
        expect(r.metres, footprints.get(r.id)).toBeLessThan(3);
        expect(r.inside).toBe(true);
      }
      expect(new Set(await idsIn(page, 'gardens-fill'))).toEqual(new Set(footprints.keys()));
      expect(new Set(await idsIn(page, 'gardens-line'))).toEqual(new Set(footprints.keys()));

      // parks: every park has its one symbol at its point on surface, as well as its fill
      const parks = await drawnIn(page, 'parks-circle');
      const parkPositions = positionsById(parks);
      expect(parkPositions.size).toBe(count('park'));
      expect([...parkPositions.values()].filter((s) => s.size !== 1)).toEqual([]);
      const parkChecks = await surfaceCheck(parks);
      expect(parkChecks.filter((r) => r.metres >= 3 || !r.inside).map((r) => r.id)).toEqual([]);
      expect(new Set(await idsIn(page, 'parks-fill')).size).toBeGreaterThan(count('park') / 2);

      // large enough to see: a garden symbol with nothing else near it covers a disc of at least
      // 14 px across in the garden's colour (the dots were 6–14 px across before)
      const radius = await drawnRadius(page, 'gardens-circle');
      expect(radius).toBeGreaterThanOrEqual(7);
      const all = [...gardens, ...parks];
      const lone = gardens.find(
        (g) =>
          g.x > 40 &&
          g.y > 40 &&
          g.x < 1400 &&
          g.y < 860 &&
          all.every((o) => o === g || Math.hypot(o.x - g.x, o.y - g.y) > 40),
      );
      if (!lone) throw new Error('no garden apart from the others');
      const canvas = await page.locator('.maplibregl-canvas').boundingBox();
      if (!canvas) throw new Error('no canvas');
      const png = PNG.sync.read(
        await page.screenshot({
          clip: { x: canvas.x + lone.x - 20, y: canvas.y + lone.y - 20, width: 40, height: 40 },
        }),
      );
      let amber = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
        // #e3a008, give or take the anti-aliasing
        if (Math.abs(r - 0xe3) < 30 && Math.abs(g - 0xa0) < 30 && Math.abs(b - 0x08) < 40) amber++;
      }
      expect(amber).toBeGreaterThan(Math.PI * 7 * 7);

      await page.screenshot({ path: artifact('map-footprints-desktop-en.png') });
      // close up: VanDusen's footprint and its symbol
      const vandusen = footprintSymbols.find((g) => /vandusen/i.test(g.name));
      if (!vandusen) throw new Error('VanDusen not drawn');
      await page.evaluate((c) => window.__commonsMap?.jumpTo({ center: c, zoom: 15 }), [
        vandusen.lon,
        vandusen.lat,
      ] as [number, number]);
      await mapIdle(page);
      expect(await idsIn(page, 'gardens-fill')).toContain(vandusen.id);
      await page.screenshot({ path: artifact('map-footprints-vandusen.png') });
      expect(errors).toEqual([]);
      expect(refused).toEqual([]);
      await context.close();
    });

    it('opens a garden tapped 20 px outside its symbol, and the neighbourhood tapped beyond (phone, Hebrew)', async () => {
      const context = await newTestContext(browser, {
        viewport: { width: 390, height: 844 },
        // a phone's two device pixels per CSS pixel: the 22 px tap radius is in CSS pixels (the
        // other phone tests draw at one, which costs the software renderer a quarter of the pixels)
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const refused = await refuseOtherHosts(context, server.url);
      const { page, errors } = await open(context, 'he');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

      // the point gardens farthest from any other place: the likeliest to have room around them
      const { rows: lonely } = await sql<{ id: string; name: string; lon: number; lat: number }>`
      SELECT g.id::text AS id, g.name, ST_X(g.anchor) AS lon, ST_Y(g.anchor) AS lat
      FROM place g
      WHERE g.tenant_id = ${tenantId} AND g.kind = 'community_garden' AND GeometryType(g.geom) = 'POINT'
      ORDER BY (SELECT min(ST_Distance(g.geom::geography, o.geom::geography)) FROM place o
                WHERE o.tenant_id = g.tenant_id AND o.id <> g.id) DESC
      LIMIT 6`.execute(database.db);

      const canvas = await page.locator('.maplibregl-canvas').boundingBox();
      if (!canvas) throw new Error('no canvas');
      let found: {
        garden: (typeof lonely)[number];
        near: { x: number; y: number };
        far: { x: number; y: number };
        area: string;
      } | null = null;
      for (const garden of lonely) {
        await page.evaluate((c) => window.__commonsMap?.jumpTo({ center: c, zoom: 15 }), [
          garden.lon,
          garden.lat,
        ] as [number, number]);
        await mapIdle(page);
        const radius = await drawnRadius(page, 'gardens-circle');
        // a direction where the near spot (20 px outside the symbol's edge) has no other symbol
        // within the tolerance, and the far spot (60 px outside) has no symbol within it at all
        // and only the neighbourhood under it; both on the map, not under a panel or a control
        found = await page
          .evaluate(
            ({ id, radius, tolerance, box }) => {
              const map = window.__commonsMap;
              if (!map) return null;
              const symbols = map
                .queryRenderedFeatures({ layers: ['parks-circle', 'gardens-circle'] })
                .flatMap((f) =>
                  f.geometry.type === 'Point'
                    ? [
                        {
                          id: String(f.properties.id),
                          p: map.project(f.geometry.coordinates as [number, number]),
                        },
                      ]
                    : [],
                );
              const me = symbols.find((s) => s.id === id);
              if (!me) return null;
              const clear = (x: number, y: number, except: string | null) =>
                symbols.every(
                  (s) => s.id === except || Math.hypot(s.p.x - x, s.p.y - y) > radius + tolerance + 12,
                );
              const onMap = (x: number, y: number) =>
                document.elementFromPoint(box.x + x, box.y + y)?.classList.contains('maplibregl-canvas') ??
                false;
              for (let deg = 0; deg < 360; deg += 15) {
                const dx = Math.cos((deg * Math.PI) / 180);
                const dy = Math.sin((deg * Math.PI) / 180);
                const near = { x: me.p.x + dx * (radius + 20), y: me.p.y + dy * (radius + 20) };
                const far = { x: me.p.x + dx * (radius + 60), y: me.p.y + dy * (radius + 60) };
                if (!onMap(near.x, near.y) || !onMap(far.x, far.y)) continue;
                if (!clear(near.x, near.y, id) || !clear(far.x, far.y, id)) continue;
                if (Math.hypot(far.x - me.p.x, far.y - me.p.y) - radius <= tolerance) continue;
                const under = map
                  .queryRenderedFeatures([far.x, far.y])
                  .filter((f) => !f.layer.id.startsWith('neighbourhoods-line'));
                const areas = under.filter((f) => f.layer.id === 'neighbourhoods-fill');
                // only the neighbourhood (and the basemap) under the far spot: no park, no garden
                if (
                  areas.length !== 1 ||
                  under.some((f) =>
                    /^(parks|gardens|centres|programs|needs|degraded-zones)-/.test(f.layer.id),
                  )
                )
                  continue;
                return { near, far, area: String(areas[0]?.properties.name) };
              }
              return null;
            },
            { id: garden.id, radius, tolerance: TAP_TOLERANCE_PX, box: canvas },
          )
          .then((r) => (r ? { garden, ...r } : null));
        if (found) break;
      }
      if (!found) throw new Error('no garden with room around it for the taps');

      const details = (name: string) => page.getByRole('region', { name });
      await page.touchscreen.tap(canvas.x + found.near.x, canvas.y + found.near.y);
      await expect.poll(() => details(found.garden.name).count()).toBe(1);
      await mapIdle(page);
      await page.screenshot({ path: artifact('map-tap-garden-phone-he.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => details(found.garden.name).count()).toBe(0);

      // the map may have moved to the garden: the far spot again, from where the garden is now
      await page.evaluate((c) => window.__commonsMap?.jumpTo({ center: c, zoom: 15 }), [
        found.garden.lon,
        found.garden.lat,
      ] as [number, number]);
      await mapIdle(page);
      await page.touchscreen.tap(canvas.x + found.far.x, canvas.y + found.far.y);
      await expect.poll(() => details(found.area).count()).toBe(1);
      expect(await details(found.garden.name).count()).toBe(0);
      await mapIdle(page);
      await page.screenshot({ path: artifact('map-tap-neighbourhood-phone-he.png') });
      expect(errors).toEqual([]);
      expect(refused).toEqual([]);
      await context.close();
    });
  },
);
