/**
 * OpenStreetMap `.osm.pbf` → places (parks, community gardens, playgrounds, community centres,
 * libraries), the pedestrian network (walk nodes and edges, split where walkable ways meet) and
 * the offline basemap (streets with their names, water, green spaces, buildings, place names,
 * each with its `name:xx` names per language).
 *
 * Three streaming passes keep memory to what is needed, so a city-size extract works:
 *   1. relations: which multipolygons are places, and which ways make them up;
 *   2. ways: the place ways, the walkable ways and the relation members — their node ids;
 *   3. nodes: the coordinates of those node ids, and the place nodes.
 * Clipped extracts leave ways and relations with missing nodes or open rings: those are reported
 * as warnings and skipped, never a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Geometry, Position } from 'geojson';
import { createOSMStream } from 'osm-pbf-parser-node';
import { type Box, type CoastlineWay, type LonLat, pointInRing, seaBesideStreets } from './coastline.ts';
import { ImportInputError } from './errors.ts';
import type { BasemapRecord, ParseItem, PlaceKind, PlaceRecord, ProgressFn, RowIssue } from './records.ts';

type Tags = Record<string, string>;
interface OsmNode {
  type: 'node';
  id: number;
  lat: number;
  lon: number;
  tags?: Tags;
}
interface OsmWay {
  type: 'way';
  id: number;
  refs: number[];
  tags?: Tags;
}
interface OsmRelation {
  type: 'relation';
  id: number;
  members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[];
  tags?: Tags;
}
type OsmItem = OsmNode | OsmWay | OsmRelation | { type?: undefined };

const PLACE_LABEL: Record<PlaceKind, string> = {
  park: 'Park',
  community_garden: 'Community garden',
  community_centre: 'Community centre',
  library: 'Library',
  playground: 'Playground',
  coworking: 'Co-working space',
  organisation_site: 'Site',
};

export function placeKind(tags: Tags | undefined): PlaceKind | null {
  if (!tags) return null;
  if (tags.leisure === 'park') return 'park';
  if ((tags.leisure === 'garden' && tags['garden:type'] === 'community') || tags.landuse === 'allotments')
    return 'community_garden';
  if (tags.leisure === 'playground') return 'playground';
  if (tags.amenity === 'community_centre') return 'community_centre';
  if (tags.amenity === 'library') return 'library';
  return null;
}

type BasemapKind = BasemapRecord['kind'];
interface BasemapClass {
  kind: BasemapKind;
  class: string;
  /** drawn as a line (streets, rivers) rather than an area */
  line: boolean;
}

const STREETS = new Set([
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'pedestrian', 'service', 'road',
  'footway', 'path', 'cycleway', 'steps', 'track', 'bridleway',
]);
const WATER_LINES = new Set(['river', 'stream', 'canal', 'drain', 'ditch']);
const GREEN: Record<string, Set<string>> = {
  leisure: new Set(['park', 'garden', 'playground', 'pitch', 'nature_reserve', 'golf_course', 'common', 'dog_park']),
  landuse: new Set(['grass', 'forest', 'meadow', 'recreation_ground', 'village_green', 'cemetery', 'allotments']),
  natural: new Set(['wood', 'scrub', 'grassland', 'heath']),
};
const PLACES = new Set([
  'city', 'town', 'village', 'hamlet', 'suburb', 'quarter', 'neighbourhood', 'locality', 'island', 'square',
]);

/** What an element is on the basemap: a street, water, a green space, a building, a place name. */
export function basemapClasses(tags: Tags | undefined): BasemapClass[] {
  if (!tags) return [];
  const out: BasemapClass[] = [];
  if (tags.highway && STREETS.has(tags.highway) && tags.area !== 'yes')
    out.push({ kind: 'street', class: tags.highway, line: true });
  if (tags.natural === 'water' || tags.waterway === 'riverbank' || tags.landuse === 'reservoir' || tags.landuse === 'basin')
    out.push({ kind: 'water', class: tags.water ?? tags.natural ?? tags.landuse ?? 'water', line: false });
  else if (tags.waterway && WATER_LINES.has(tags.waterway))
    out.push({ kind: 'water', class: tags.waterway, line: true });
  for (const [key, values] of Object.entries(GREEN)) {
    const v = tags[key];
    if (v && values.has(v)) {
      out.push({ kind: 'green', class: v, line: false });
      break;
    }
  }
  if (tags.building && tags.building !== 'no') out.push({ kind: 'building', class: 'building', line: false });
  if (tags.place && PLACES.has(tags.place) && tags.name) out.push({ kind: 'place', class: tags.place, line: false });
  return out;
}

/** `name:xx` tags → { xx: name } */
function namesOf(tags: Tags): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags)
      .filter(([k]) => /^name:[a-z]{2,3}$/.test(k))
      .map(([k, v]) => [k.slice(5), v]),
  );
}

function basemapRecord(c: BasemapClass, sourceId: string, tags: Tags, geometry: Geometry): BasemapRecord {
  return { type: 'basemap', kind: c.kind, class: c.class, sourceId, name: tags.name ?? null, names: namesOf(tags), geometry };
}

const WALKABLE = new Set([
  'footway',
  'path',
  'pedestrian',
  'living_street',
  'residential',
  'service',
  'unclassified',
  'tertiary',
  'tertiary_link',
  'secondary',
  'secondary_link',
  'primary',
  'primary_link',
  'steps',
  'track',
  'cycleway',
  'road',
  'bridleway',
  'corridor',
]);

/** Can a person walk along this way? (motorways and trunks, foot=no, private access: no) */
export function isWalkable(tags: Tags | undefined): boolean {
  if (!tags?.highway || !WALKABLE.has(tags.highway)) return false;
  if (tags.area === 'yes') return false;
  const foot = tags.foot;
  if (foot === 'no' || foot === 'private') return false;
  if (
    (tags.access === 'no' || tags.access === 'private') &&
    foot !== 'yes' &&
    foot !== 'designated' &&
    foot !== 'permissive'
  )
    return false;
  if (tags.highway === 'cycleway' && foot === undefined && tags.segregated === undefined) return true;
  return true;
}

const R = 6_371_008.8;
/** great-circle length in metres of a line of lon/lat positions (haversine per segment) */
export function lineLength(coords: Position[]): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) {
    const [x1, y1] = coords[i - 1] as [number, number];
    const [x2, y2] = coords[i] as [number, number];
    const p1 = (y1 * Math.PI) / 180;
    const p2 = (y2 * Math.PI) / 180;
    const h =
      Math.sin((p2 - p1) / 2) ** 2 +
      Math.cos(p1) * Math.cos(p2) * Math.sin(((x2 - x1) * Math.PI) / 180 / 2) ** 2;
    sum += 2 * R * Math.asin(Math.sqrt(h));
  }
  return sum;
}

const same = (a: Position | undefined, b: Position | undefined) =>
  !!a && !!b && a[0] === b[0] && a[1] === b[1];

/** Joins way pieces end to end into closed rings; `open` counts chains that never close. */
export function assembleRings(ways: [number, number][][]): { rings: [number, number][][]; open: number } {
  const pool = ways.filter((w) => w.length >= 2).map((w) => [...w]);
  const rings: [number, number][][] = [];
  let open = 0;
  while (pool.length) {
    let ring = pool.shift() as [number, number][];
    let grown = true;
    while (!same(ring[0], ring[ring.length - 1]) && grown) {
      grown = false;
      for (let i = 0; i < pool.length; i++) {
        const w = pool[i] as [number, number][];
        const end = ring[ring.length - 1];
        if (same(end, w[0])) ring = [...ring, ...w.slice(1)];
        else if (same(end, w[w.length - 1])) ring = [...ring, ...[...w].reverse().slice(1)];
        else if (same(ring[0], w[w.length - 1])) ring = [...w.slice(0, -1), ...ring];
        else if (same(ring[0], w[0])) ring = [...[...w].reverse().slice(0, -1), ...ring];
        else continue;
        pool.splice(i, 1);
        grown = true;
        break;
      }
    }
    if (same(ring[0], ring[ring.length - 1]) && ring.length >= 4) rings.push(ring);
    else open++;
  }
  return { rings, open };
}

function placeRecord(
  kind: PlaceKind,
  sourceId: string,
  tags: Tags,
  geometry: Geometry,
  file: string,
): PlaceRecord {
  const names = namesOf(tags);
  const street = [tags['addr:street'], tags['addr:housenumber']].filter(Boolean).join(' ');
  const contact = Object.fromEntries(
    (['phone', 'email', 'website'] as const)
      .map((k) => [k, tags[k] ?? tags[`contact:${k}`]] as const)
      .filter((e): e is readonly [(typeof e)[0], string] => typeof e[1] === 'string'),
  );
  return {
    type: 'place',
    kind,
    sourceId,
    name: tags.name ?? names.en ?? PLACE_LABEL[kind],
    names,
    geometry,
    address: street ? [street, tags['addr:city']].filter(Boolean).join(', ') : null,
    openingHours: tags.opening_hours ?? null,
    accessibility: tags.wheelchair ? { wheelchair: tags.wheelchair } : {},
    contact,
    attributes: { osm_tags: tags, ...(tags.name ? {} : { unnamed: true }) },
    ref: { file, feature: sourceId },
  };
}

async function* stream(file: string, onItem?: () => void): AsyncGenerator<OsmItem> {
  for await (const item of createOSMStream(file, { withTags: true, withInfo: false })) {
    onItem?.();
    yield item as OsmItem;
  }
}

export async function* parseOsmPbf(opts: {
  file: string;
  source?: string;
  onProgress?: ProgressFn;
}): AsyncGenerator<ParseItem> {
  const { file } = opts;
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new ImportInputError(`${file} does not exist`);
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (!head.includes(Buffer.from('OSMHeader')))
    throw new ImportInputError(`${name} is not an OpenStreetMap PBF file`);

  let seen = 0;
  const tick = () => {
    if (++seen % 50_000 === 0) opts.onProgress?.(seen, null);
  };
  const warn = (feature: string, reason: string): ParseItem => ({
    type: 'issue',
    issue: { ref: { file: name, feature }, reason, severity: 'warning' } satisfies RowIssue,
  });

  // 1. relations that are places, and their member ways
  const relations: OsmRelation[] = [];
  const basemapRelations: OsmRelation[] = [];
  const memberWays = new Set<number>();
  let headerBox: Box | null = null;
  for await (const item of stream(file, tick)) {
    if (!item.type) headerBox = boxOfHeader(item);
    if (item.type !== 'relation' || item.tags?.type !== 'multipolygon') continue;
    const isPlace = !!placeKind(item.tags);
    const onBasemap = basemapClasses(item.tags).some((c) => !c.line);
    if (!isPlace && !onBasemap) continue;
    if (isPlace) relations.push(item);
    if (onBasemap) basemapRelations.push(item);
    for (const m of item.members) if (m.type === 'way') memberWays.add(m.ref);
  }

  // 2. ways: places, walkable, relation members
  const placeWays: OsmWay[] = [];
  const walkWays: OsmWay[] = [];
  const basemapWays: OsmWay[] = [];
  const wayRefs = new Map<number, number[]>();
  const coastline: CoastlineWay[] = [];
  const neededNodes = new Set<number>();
  for await (const item of stream(file, tick)) {
    if (item.type !== 'way') continue;
    if (item.tags?.natural === 'coastline') {
      coastline.push({ id: item.id, refs: item.refs });
      for (const r of item.refs) neededNodes.add(r);
    }
    const isPlace = placeKind(item.tags) !== null;
    const walk = isWalkable(item.tags);
    const member = memberWays.has(item.id);
    const onBasemap = basemapClasses(item.tags).length > 0;
    if (!isPlace && !walk && !member && !onBasemap) continue;
    if (isPlace) placeWays.push(item);
    if (walk) walkWays.push(item);
    if (onBasemap) basemapWays.push(item);
    if (member) wayRefs.set(item.id, item.refs);
    for (const r of item.refs) neededNodes.add(r);
  }

  // 3. nodes: coordinates, and the places that are nodes
  const coords = new Map<number, [number, number]>();
  const basemapNodes: BasemapRecord[] = [];
  // the box the sea is built in, when the file's header names none: the extent of its nodes
  const extent: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const needExtent = coastline.length > 0 && !headerBox;
  for await (const item of stream(file, tick)) {
    if (item.type !== 'node') continue;
    if (needExtent) {
      extent[0] = Math.min(extent[0], item.lon);
      extent[1] = Math.min(extent[1], item.lat);
      extent[2] = Math.max(extent[2], item.lon);
      extent[3] = Math.max(extent[3], item.lat);
    }
    if (neededNodes.has(item.id)) coords.set(item.id, [item.lon, item.lat]);
    for (const c of basemapClasses(item.tags))
      if (c.kind === 'place' && item.tags)
        basemapNodes.push(
          basemapRecord(c, `node/${item.id}`, item.tags, { type: 'Point', coordinates: [item.lon, item.lat] }),
        );
    const kind = placeKind(item.tags);
    if (kind && item.tags)
      yield placeRecord(
        kind,
        `node/${item.id}`,
        item.tags,
        { type: 'Point', coordinates: [item.lon, item.lat] },
        name,
      );
  }

  const line = (refs: number[]): [number, number][] | null => {
    const out: [number, number][] = [];
    for (const r of refs) {
      const c = coords.get(r);
      if (!c) return null;
      out.push(c);
    }
    return out;
  };

  for (const w of placeWays) {
    const kind = placeKind(w.tags) as PlaceKind;
    const id = `way/${w.id}`;
    const ring = line(w.refs);
    if (!ring) {
      yield warn(id, 'some of its nodes lie outside the extract: skipped');
      continue;
    }
    if (w.refs[0] !== w.refs[w.refs.length - 1] || ring.length < 4) {
      yield warn(id, 'an area tag on a way that is not closed: skipped');
      continue;
    }
    yield placeRecord(kind, id, w.tags ?? {}, { type: 'Polygon', coordinates: [ring] }, name);
  }

  for (const rel of relations) {
    const id = `relation/${rel.id}`;
    const pieces = (role: string) =>
      rel.members
        .filter((m) => m.type === 'way' && (m.role || 'outer') === role)
        .map((m) => line(wayRefs.get(m.ref) ?? []) ?? []);
    const outer = assembleRings(pieces('outer'));
    const inner = assembleRings(pieces('inner'));
    if (!outer.rings.length || outer.open || inner.open) {
      yield warn(
        id,
        `its rings cannot be closed (${outer.open + inner.open} open; a clipped extract?): skipped`,
      );
      continue;
    }
    const polygons = outer.rings.map((o) => [
      o,
      ...inner.rings.filter((h) => pointInRing(h[0] as [number, number], o)),
    ]);
    yield placeRecord(
      placeKind(rel.tags) as PlaceKind,
      id,
      rel.tags ?? {},
      { type: 'MultiPolygon', coordinates: polygons },
      name,
    );
  }

  // the walk graph: a node is a graph node where a walkable way ends or where two ways share it
  const use = new Map<number, number>();
  for (const w of walkWays) {
    w.refs.forEach((r, i) => {
      const ends = i === 0 || i === w.refs.length - 1 ? 2 : 1;
      use.set(r, (use.get(r) ?? 0) + ends);
    });
  }
  const graphNodes = new Set<number>();
  const edges: ParseItem[] = [];
  for (const w of walkWays) {
    let start = 0;
    let seg = 0;
    for (let i = 1; i < w.refs.length; i++) {
      const r = w.refs[i] as number;
      if (i < w.refs.length - 1 && (use.get(r) ?? 0) < 2) continue;
      const refs = w.refs.slice(start, i + 1);
      const geom = line(refs);
      if (geom && geom.length >= 2) {
        const a = refs[0] as number;
        const b = refs[refs.length - 1] as number;
        graphNodes.add(a);
        graphNodes.add(b);
        edges.push({
          type: 'walk_edge',
          sourceId: `way/${w.id}/${seg}`,
          from: `node/${a}`,
          to: `node/${b}`,
          geometry: { type: 'LineString', coordinates: geom },
          lengthM: Math.round(lineLength(geom) * 100) / 100,
          highway: w.tags?.highway ?? 'path',
          name: w.tags?.name ?? null,
        });
      }
      seg++;
      start = i;
    }
  }
  for (const n of graphNodes) {
    const c = coords.get(n) as [number, number];
    yield { type: 'walk_node', sourceId: `node/${n}`, lon: c[0], lat: c[1] };
  }
  yield* edges;

  // the basemap: lines keep the runs of their nodes inside the extract; areas cut by its edge
  // cannot be drawn and are counted in one note
  yield* basemapNodes;
  let cut = 0;
  for (const w of basemapWays) {
    const tags = w.tags ?? {};
    const closed = w.refs.length >= 4 && w.refs[0] === w.refs[w.refs.length - 1];
    for (const c of basemapClasses(tags)) {
      const id = `way/${w.id}`;
      if (c.line) {
        const runs: [number, number][][] = [[]];
        for (const r of w.refs) {
          const p = coords.get(r);
          if (p) (runs[runs.length - 1] as [number, number][]).push(p);
          else if ((runs[runs.length - 1] as [number, number][]).length) runs.push([]);
        }
        const parts = runs.filter((run) => run.length >= 2);
        if (parts.length === 1)
          yield basemapRecord(c, id, tags, { type: 'LineString', coordinates: parts[0] as [number, number][] });
        else if (parts.length > 1) yield basemapRecord(c, id, tags, { type: 'MultiLineString', coordinates: parts });
        continue;
      }
      if (!closed) continue; // an area tag on an open way (e.g. a member of a multipolygon) draws nothing itself
      const ring = line(w.refs);
      if (!ring) {
        cut++;
        continue;
      }
      yield basemapRecord(c, id, tags, { type: 'Polygon', coordinates: [ring] });
    }
  }
  for (const rel of basemapRelations) {
    const pieces = (role: string) =>
      rel.members
        .filter((m) => m.type === 'way' && (m.role || 'outer') === role)
        .map((m) => line(wayRefs.get(m.ref) ?? []) ?? []);
    const outer = assembleRings(pieces('outer'));
    const inner = assembleRings(pieces('inner'));
    if (!outer.rings.length || outer.open || inner.open) {
      cut++;
      continue;
    }
    const polygons = outer.rings.map((o) => [
      o,
      ...inner.rings.filter((h) => pointInRing(h[0] as [number, number], o)),
    ]);
    for (const c of basemapClasses(rel.tags))
      if (!c.line)
        yield basemapRecord(c, `relation/${rel.id}`, rel.tags ?? {}, { type: 'MultiPolygon', coordinates: polygons });
  }
  if (cut) yield warn('basemap', `${cut} areas of the basemap are cut by the edge of the extract: not drawn`);
  if (coastline.length) {
    const streets = basemapWays.filter((w) => basemapClasses(w.tags).some((c) => c.kind === 'street'));
    const sea = seaBesideStreets(
      coastline,
      (r) => coords.get(r),
      headerBox ?? extent,
      streetSample(streets, coords),
    );
    if (!sea.ok) yield warn('coastline', `no sea drawn: ${sea.reason}`);
    else if (sea.polygons.length)
      yield {
        type: 'basemap',
        kind: 'water',
        class: 'sea',
        sourceId: 'coastline',
        name: null,
        names: {},
        geometry: { type: 'MultiPolygon', coordinates: sea.polygons },
      };
  }
}

/** The extract's bounding box from its header (nanodegrees), if it has one. */
function boxOfHeader(header: unknown): Box | null {
  const b = (header as { bbox?: { left: number; right: number; top: number; bottom: number } }).bbox;
  if (
    !b ||
    ![b.left, b.right, b.top, b.bottom].every(Number.isFinite) ||
    b.right <= b.left ||
    b.top <= b.bottom
  )
    return null;
  return [b.left / 1e9, b.bottom / 1e9, b.right / 1e9, b.top / 1e9];
}

/** up to 2 000 of the streets' nodes, evenly spread, to check a sea against */
function streetSample(streets: OsmWay[], coords: Map<number, [number, number]>): LonLat[] {
  const nodes = streets.flatMap((w) => w.refs);
  const step = Math.max(1, Math.floor(nodes.length / 2000));
  const sample: LonLat[] = [];
  for (let i = 0; i < nodes.length; i += step) {
    const p = coords.get(nodes[i] as number);
    if (p) sample.push(p);
  }
  return sample;
}
