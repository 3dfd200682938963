/**
 * The sets of sites access is measured to: a layer (parks, gardens, centres, playgrounds,
 * libraries, all programs) or programs filtered by audience, category and language. A set has a
 * canonical key, e.g. `programs:audience=seniors,language=uk`; the standard ones are computed
 * whenever the data changes, any other on its first request.
 *
 * A program "for seniors" is one whose audiences include seniors or everyone.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { AUDIENCE_CODES, CATEGORY_CODES } from '../../data/town-format.ts';
import type { DB } from '../db/schema.ts';
import { badRequest } from '../http/errors.ts';
import type { Path, Polygon, Shape } from './geometry.ts';

export const PLACE_SET_KINDS = {
  parks: ['park'],
  gardens: ['community_garden'],
  centres: ['community_centre'],
  playgrounds: ['playground'],
  libraries: ['library'],
} as const;
export type PlaceSet = keyof typeof PLACE_SET_KINDS;
export const SET_LAYERS = [...(Object.keys(PLACE_SET_KINDS) as PlaceSet[]), 'programs'] as const;
export type SetLayer = (typeof SET_LAYERS)[number];

export interface SiteSet {
  layer: SetLayer;
  audience?: string;
  category?: string;
  language?: string;
}

const FILTERS = ['audience', 'category', 'language'] as const;

export function setKey(s: SiteSet): string {
  const parts = FILTERS.filter((f) => s[f]).map((f) => `${f}=${s[f]}`);
  return parts.length ? `${s.layer}:${parts.join(',')}` : s.layer;
}

const SetSchema = z
  .object({
    layer: z.enum(SET_LAYERS),
    audience: z.enum(AUDIENCE_CODES).optional(),
    category: z.enum(CATEGORY_CODES).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'a language code such as uk')
      .optional(),
  })
  .refine((s) => s.layer === 'programs' || (!s.audience && !s.category && !s.language), {
    message: 'only programs can be filtered by audience, category or language',
  });

/** `parks`, `programs`, `programs:audience=seniors,category=gardening`, … → the set, or a 400 */
export function parseSetKey(key: string): SiteSet {
  const [layer, rest] = key.split(':', 2);
  const filters: Record<string, string> = {};
  for (const part of rest ? rest.split(',') : []) {
    const [k, v] = part.split('=', 2);
    if (!k || !v || !(FILTERS as readonly string[]).includes(k)) {
      throw badRequest(`set "${key}": "${part}" is not audience=…, category=… or language=…`);
    }
    filters[k] = v;
  }
  const parsed = SetSchema.safeParse({ layer, ...filters });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`set "${key}": ${issue?.path.join('.') || 'set'}: ${issue?.message}`, {
      layers: SET_LAYERS,
    });
  }
  return parsed.data as SiteSet;
}

/** computed whenever the data changes: each layer, and programs by audience and by category */
export function standardSets(): SiteSet[] {
  return [
    ...SET_LAYERS.map((layer) => ({ layer })),
    ...AUDIENCE_CODES.filter((a) => a !== 'everyone').map((audience) => ({
      layer: 'programs' as const,
      audience,
    })),
    ...CATEGORY_CODES.map((category) => ({ layer: 'programs' as const, category })),
  ];
}

export interface Site {
  id: string;
  name: string;
  shape: Shape;
  /** the neighbourhood its point lies in, if any */
  areaId: string | null;
}

interface SiteRow extends Site {
  audiences: string[];
  categories: string[];
  languages: string[];
}

/**
 * The sites of each layer, read once per computation: every program set is a filter of the
 * programs in memory, so a town with a million programs is read once, not once per set.
 */
export class SiteSource {
  private readonly layers = new Map<SetLayer, Promise<SiteRow[]>>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly tenantId: number,
    private readonly srid: number,
  ) {}

  async sites(set: SiteSet): Promise<Site[]> {
    let rows = this.layers.get(set.layer);
    if (!rows) {
      rows = readLayer(this.db, this.tenantId, set.layer, this.srid);
      this.layers.set(set.layer, rows);
    }
    return (await rows).filter(
      (r) =>
        (!set.audience || r.audiences.includes(set.audience) || r.audiences.includes('everyone')) &&
        (!set.category || r.categories.includes(set.category)) &&
        (!set.language || r.languages.includes(set.language)),
    );
  }
}

/** the sites of a set, in the tenant's projected plane */
export function loadSites(db: Kysely<DB>, tenantId: number, set: SiteSet, srid: number): Promise<Site[]> {
  return new SiteSource(db, tenantId, srid).sites(set);
}

async function readLayer(
  db: Kysely<DB>,
  tenantId: number,
  layer: SetLayer,
  srid: number,
): Promise<SiteRow[]> {
  type Raw = {
    id: string;
    name: string;
    g: string;
    area_id: string | null;
    audiences: string[];
    categories: string[];
    languages: string[];
  };
  // the neighbourhood of each site by a join, not a subquery per row
  const rows =
    layer === 'programs'
      ? (
          await sql<Raw>`
            SELECT o.id, COALESCE(o.title->>'en', (SELECT value FROM jsonb_each_text(o.title) LIMIT 1)) AS name,
              ST_AsGeoJSON(ST_Transform(o.geom, ${srid}::int), 3) AS g, a.id AS area_id,
              o.audiences, o.categories, o.languages
            FROM opportunity o
            LEFT JOIN LATERAL (SELECT a.id FROM area a WHERE a.tenant_id = o.tenant_id AND a.kind = 'neighbourhood'
                AND ST_Intersects(a.geom, o.geom) ORDER BY a.id LIMIT 1) a ON true
            WHERE o.tenant_id = ${tenantId} AND o.status = 'published'
            ORDER BY o.id`.execute(db)
        ).rows
      : (
          await sql<Raw>`
            SELECT p.id, p.name, ST_AsGeoJSON(ST_Transform(p.geom, ${srid}::int), 3) AS g, a.id AS area_id,
              '{}'::text[] AS audiences, '{}'::text[] AS categories, '{}'::text[] AS languages
            FROM place p
            LEFT JOIN LATERAL (SELECT a.id FROM area a WHERE a.tenant_id = p.tenant_id AND a.kind = 'neighbourhood'
                AND ST_Intersects(a.geom, p.anchor) ORDER BY a.id LIMIT 1) a ON true
            WHERE p.tenant_id = ${tenantId} AND p.status = 'published' AND p.kind = ANY(${[...PLACE_SET_KINDS[layer]]}::text[])
            ORDER BY p.id`.execute(db)
        ).rows;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shape: shapeOf(JSON.parse(r.g) as GeoJSON.Geometry),
    areaId: r.area_id,
    audiences: r.audiences,
    categories: r.categories,
    languages: r.languages,
  }));
}

/** a GeoJSON point or (multi)polygon in projected metres, as a Shape */
export function shapeOf(g: GeoJSON.Geometry): Shape {
  const ring = (r: GeoJSON.Position[]): Path => r.flatMap((p) => [p[0] as number, p[1] as number]);
  const poly = (p: GeoJSON.Position[][]): Polygon => p.map(ring);
  switch (g.type) {
    case 'Point':
      return { kind: 'point', x: g.coordinates[0] as number, y: g.coordinates[1] as number };
    case 'Polygon':
      return { kind: 'polygon', polygons: [poly(g.coordinates)] };
    case 'MultiPolygon':
      return { kind: 'polygon', polygons: g.coordinates.map(poly) };
    default:
      throw new Error(`a site's geometry must be a point or a polygon, not ${g.type}`);
  }
}
