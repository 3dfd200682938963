/**
 * A second, small tenant for the tests of tenants served side by side: "Havenby", made from the
 * demo town — its first 20 places, 3 community centres and their opportunities, 3 neighbourhoods, streets and water —
 * moved one degree east, every "Lindmere" renamed and every place name prefixed "Havenby", so
 * that anything of one tenant showing up in the other is visible at once.
 */
import path from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import type { Opportunity } from '../../data/town-format.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { DB } from '../../server/db/schema.ts';
import { loadTown, readTownDir } from '../../server/import/town.ts';

export const SECOND = {
  slug: 'havenby',
  name: 'Havenby (second town)',
  dLon: 1,
  center: [4.5, 54.5] as [number, number],
};

/** moves every [lon, lat] pair of GeoJSON coordinates east */
function move(c: unknown): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return [(c[0] as number) + SECOND.dLon, ...c.slice(1)];
  return c.map(move);
}
function moved(fc: FeatureCollection): FeatureCollection {
  return {
    ...fc,
    features: fc.features.map((f) => ({
      ...f,
      geometry: {
        ...f.geometry,
        coordinates: move((f.geometry as { coordinates: unknown }).coordinates),
      } as Geometry,
    })),
  };
}

export async function loadSecondTown(db: Kysely<DB>) {
  const demo = readTownDir(path.join(PROJECT_ROOT, 'data', 'demo'));
  const renamed = JSON.parse(JSON.stringify(demo).replaceAll('Lindmere', 'Havenby')) as typeof demo;
  const places = [
    ...renamed.places.features.filter((f) => f.properties?.kind !== 'community_centre').slice(0, 20),
    ...renamed.places.features.filter((f) => f.properties?.kind === 'community_centre').slice(0, 3),
  ].map((f) => {
    const props = f.properties as { name: string };
    return {
      ...f,
      properties: { ...props, name: props.name.startsWith('Havenby') ? props.name : `Havenby ${props.name}` },
    };
  });
  const kept = new Set(places.map((f) => (f.properties as unknown as { source_id: string }).source_id));
  const t = renamed.tenant;
  const [minLon, minLat, maxLon, maxLat] = t.bbox ?? [0, 0, 0, 0];
  const town: typeof demo = {
    ...renamed,
    tenant: {
      ...t,
      slug: SECOND.slug,
      name: {
        en: SECOND.name,
        fr: 'Havenby (deuxième ville)',
        he: 'הייבנבי (עיר שנייה)',
        pl: 'Havenby (drugie miasto)',
        uk: 'Гейвенбі (друге місто)',
        ru: 'Хейвенби (второй город)',
      },
      home: { ...t.home, center: [t.home.center[0] + SECOND.dLon, t.home.center[1]] },
      ...(t.bbox ? { bbox: [minLon + SECOND.dLon, minLat, maxLon + SECOND.dLon, maxLat] } : {}),
    },
    neighbourhoods: moved({
      ...renamed.neighbourhoods,
      features: renamed.neighbourhoods.features.slice(0, 3),
    }),
    zones: moved(renamed.zones),
    places: moved({ ...renamed.places, features: places }),
    streets: moved(renamed.streets),
    water: moved(renamed.water),
    opportunities: (renamed.opportunities as Opportunity[])
      .filter((o) => o.place_source_id === null || kept.has(o.place_source_id))
      .map((o) => (o.point ? { ...o, point: [o.point[0] + SECOND.dLon, o.point[1]] } : o)),
  };
  return loadTown(db, town);
}
