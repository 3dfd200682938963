/**
 * Stores import records in the database, inside the caller's transaction: geometry read in the
 * source's coordinate system and reprojected by PostGIS, checked (and repaired with ST_MakeValid
 * where that keeps its kind — and the report says so), rows upserted by (tenant, source, source id).
 */
import { sql, type Transaction } from 'kysely';
import { stableId } from '../db/ids.ts';
import type { DB } from '../db/schema.ts';
import { updatedAtIfChanged } from '../db/touched.ts';
import type {
  AreaRecord,
  BasemapRecord,
  ImportRecord,
  OpportunityRecord,
  PlaceRecord,
  RowIssue,
  WalkEdgeRecord,
  WalkNodeRecord,
} from './records.ts';
import { AREA_CONTENT, PLACE_CONTENT } from './content-columns.ts';

export interface LayerCounts {
  inserted: number;
  updated: number;
  rejected: number;
  skipped: number;
}

export interface WriteResult {
  counts: Record<string, LayerCounts>;
  issues: RowIssue[];
  geometryFixes: number;
}

const BATCH = 2000;

/** the columns of the opportunity upsert: updated_at moves only when one of them changes */
const OPPORTUNITY_CONTENT = [
  'place_id', 'kind', 'title', 'description', 'categories', 'audiences', 'languages', 'age_min', 'age_max',
  'cost', 'is_free', 'registration', 'dtstart', 'duration_minutes', 'rrule', 'timezone', 'schedules',
  'eligibility', 'accessibility', 'contact', 'organisation', 'attributes', 'status', 'geom',
] as const;

/** what refers to what: areas and places before programs, walk nodes before walk edges */
const WRITE_ORDER: ImportRecord['type'][] = ['area', 'place', 'walk_node', 'walk_edge', 'opportunity', 'basemap'];

export const PLACE_KIND_LAYER: Record<string, string> = {
  park: 'parks',
  community_garden: 'gardens',
  community_centre: 'centres',
  library: 'libraries',
  playground: 'playgrounds',
  coworking: 'coworking',
  organisation_site: 'sites',
};

export function layerOf(r: ImportRecord): string {
  switch (r.type) {
    case 'area':
      return r.kind === 'neighbourhood'
        ? 'neighbourhoods'
        : r.kind === 'population_unit'
          ? 'population-units'
          : 'degraded-zones';
    case 'place':
      return PLACE_KIND_LAYER[r.kind] ?? 'places';
    case 'opportunity':
      return 'programs';
    case 'walk_node':
      return 'walk-nodes';
    case 'walk_edge':
      return 'walk-edges';
    case 'basemap':
      return 'basemap';
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface GeomCheck {
  i: number;
  readable: boolean;
  type: string | null;
  valid: boolean;
  reason: string | null;
  fixed_type: string | null;
  in_range: boolean;
}

export class RecordWriter {
  readonly counts: Record<string, LayerCounts> = {};
  readonly issues: RowIssue[] = [];
  geometryFixes = 0;

  constructor(
    private readonly trx: Transaction<DB>,
    private readonly tenantId: number,
    private readonly tenantSlug: string,
    private readonly source: string,
    private readonly srid: number,
    private readonly skipInvalid: boolean,
  ) {}

  count(layer: string): LayerCounts {
    this.counts[layer] ??= { inserted: 0, updated: 0, rejected: 0, skipped: 0 };
    return this.counts[layer];
  }

  /** records waiting to be written, by type; each is flushed when a batch is full */
  private readonly pending: { [T in ImportRecord['type']]: Extract<ImportRecord, { type: T }>[] } = {
    area: [],
    place: [],
    walk_node: [],
    walk_edge: [],
    opportunity: [],
    basemap: [],
  };
  /**
   * The basemap of this source is replaced wholesale: its old rows go before the first new batch.
   * How many there were (null until the first basemap record): the report and the audit say so.
   */
  basemapBefore: number | null = null;

  /** Writes every record, areas and places before what refers to them. */
  async write(records: Iterable<ImportRecord>): Promise<void> {
    for (const r of records) await this.add(r);
    await this.flush();
  }

  /**
   * Queues one record; a full batch is written at once, after whatever is queued of the types
   * written before it (a program's place is stored before the program), so memory holds at most a
   * batch per type.
   */
  async add(record: ImportRecord): Promise<void> {
    const queue = this.pending[record.type] as ImportRecord[];
    queue.push(record);
    const size = record.type === 'walk_node' || record.type === 'walk_edge' ? BATCH * 5 : BATCH;
    if (queue.length >= size) await this.flush(record.type);
  }

  /** Writes what is queued, in dependency order, up to and including `upTo` (default: all). */
  async flush(upTo?: ImportRecord['type']): Promise<void> {
    for (const type of WRITE_ORDER) {
      const queue = this.pending[type] as ImportRecord[];
      if (queue.length) {
        const batch = queue.splice(0, queue.length);
        if (type === 'area') await this.writeAreas(batch as AreaRecord[]);
        else if (type === 'place') await this.writePlaces(batch as PlaceRecord[]);
        else if (type === 'walk_node') await this.writeWalkNodes(batch as WalkNodeRecord[]);
        else if (type === 'walk_edge') await this.writeWalkEdges(batch as WalkEdgeRecord[]);
        else if (type === 'basemap') await this.writeBasemap(batch as BasemapRecord[]);
        else await this.writeOpportunities(batch as OpportunityRecord[]);
      }
      if (type === upTo) return;
    }
  }

  /**
   * Reads and checks the geometries of a batch; returns the rows that may be written and the SQL
   * geometry expression for each (repaired where needed). Rows with unusable geometry are issues.
   */
  private async checkGeometry<R extends AreaRecord | PlaceRecord | OpportunityRecord>(
    batch: R[],
    allowed: string[],
    layer: string,
  ): Promise<{ rows: R[]; fix: Set<number> }> {
    const input = batch.map((r, i) => ({
      i,
      g: r.geometry ? JSON.stringify(r.geometry) : null,
      w: r.wkt ?? null,
    }));
    const { rows } = await sql<GeomCheck>`
      WITH r AS (
        SELECT x.i, cm_read_geometry(x.g, x.w, ${this.srid}::int) AS g
        FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(i int, g text, w text)
      )
      SELECT i, g IS NOT NULL AS readable, GeometryType(g) AS type,
             COALESCE(ST_IsValid(g), false) AS valid,
             CASE WHEN g IS NOT NULL AND NOT ST_IsValid(g) THEN ST_IsValidReason(g) END AS reason,
             CASE WHEN g IS NOT NULL AND NOT ST_IsValid(g) THEN GeometryType(ST_CollectionExtract(ST_MakeValid(g), 3)) END AS fixed_type,
             COALESCE(ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90, false) AS in_range
      FROM r ORDER BY i`.execute(this.trx);
    const ok: R[] = [];
    const fix = new Set<number>();
    for (const c of rows) {
      const rec = batch[c.i] as R;
      const reject = (reason: string) => {
        this.issues.push({ ref: rec.ref, reason, severity: 'error' });
        this.count(layer).rejected++;
      };
      if (!c.readable) {
        reject(`geometry could not be read${this.srid !== 4326 ? ` as EPSG:${this.srid}` : ''}`);
      } else if (!c.in_range) {
        reject(
          `geometry falls outside longitude −180…180 / latitude −90…90 after reprojection from EPSG:${this.srid}`,
        );
      } else if (!allowed.includes(c.type ?? '')) {
        reject(
          `a ${c.type?.toLowerCase()} cannot be a feature of ${layer} (expected ${allowed.map((a) => a.toLowerCase()).join(' or ')})`,
        );
      } else if (!c.valid) {
        if (c.fixed_type === 'POLYGON' || c.fixed_type === 'MULTIPOLYGON') {
          this.issues.push({
            ref: rec.ref,
            reason: `invalid geometry (${c.reason}): repaired with ST_MakeValid`,
            severity: 'warning',
          });
          this.geometryFixes++;
          fix.add(ok.length);
          ok.push(rec);
        } else {
          reject(`invalid geometry (${c.reason}) that ST_MakeValid cannot repair into an area`);
        }
      } else {
        ok.push(rec);
      }
    }
    return { rows: ok, fix };
  }

  private tally(layer: string, rows: { inserted: boolean }[]) {
    const c = this.count(layer);
    for (const r of rows) {
      if (r.inserted) c.inserted++;
      else c.updated++;
    }
  }

  private geomExpr(fixColumn: string) {
    return sql`CASE WHEN ${sql.ref(fixColumn)} THEN ST_CollectionExtract(ST_MakeValid(cm_read_geometry(r.g, r.w, ${this.srid}::int)), 3)
                    ELSE cm_read_geometry(r.g, r.w, ${this.srid}::int) END`;
  }

  private async writeAreas(records: AreaRecord[]) {
    for (const batch of chunks(records, BATCH)) {
      const layer = layerOf(batch[0] as AreaRecord);
      const { rows, fix } = await this.checkGeometry(batch, ['POLYGON', 'MULTIPOLYGON'], layer);
      if (!rows.length) continue;
      const payload = rows.map((r, i) => ({
        id: stableId(this.tenantSlug, this.source, r.sourceId, 'area'),
        kind: r.kind,
        name: r.name,
        names: r.names ?? {},
        population: r.population ?? null,
        population_by_age: r.populationByAge ?? null,
        census: r.census ?? {},
        designation: r.designation ?? null,
        programme: r.programme ?? null,
        valid_from: r.validFrom ?? null,
        valid_to: r.validTo ?? null,
        source_id: r.sourceId,
        g: r.geometry ? JSON.stringify(r.geometry) : null,
        w: r.wkt ?? null,
        fix: fix.has(i),
      }));
      const res = await sql<{ inserted: boolean }>`
        INSERT INTO area (id, tenant_id, kind, name, names, population, population_by_age, census, designation,
                          programme, valid_from, valid_to, source, source_id, geom)
        SELECT r.id, ${this.tenantId}, r.kind, r.name, r.names, r.population, r.population_by_age, r.census,
               r.designation, r.programme, r.valid_from, r.valid_to, ${this.source}, r.source_id,
               ST_Multi(${this.geomExpr('r.fix')})
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(
          id uuid, kind text, name text, names jsonb, population integer, population_by_age jsonb, census jsonb,
          designation text, programme text, valid_from date, valid_to date, source_id text, g text, w text, fix boolean)
        ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
          kind = excluded.kind, name = excluded.name, names = excluded.names,
          population = COALESCE(excluded.population, area.population),
          population_by_age = COALESCE(excluded.population_by_age, area.population_by_age),
          census = area.census || excluded.census, designation = excluded.designation, programme = excluded.programme,
          valid_from = excluded.valid_from, valid_to = excluded.valid_to, geom = excluded.geom,
          updated_at = ${updatedAtIfChanged('area', AREA_CONTENT, {
            population: sql`COALESCE(excluded.population, area.population)`,
            population_by_age: sql`COALESCE(excluded.population_by_age, area.population_by_age)`,
            census: sql`area.census || excluded.census`,
          })}
        RETURNING (xmax = 0) AS inserted`.execute(this.trx);
      this.tally(layer, res.rows);
    }
  }

  private async writePlaces(records: PlaceRecord[]) {
    for (const batch of chunks(records, BATCH)) {
      const { rows, fix } = await this.checkGeometry(
        batch,
        ['POINT', 'POLYGON', 'MULTIPOLYGON'],
        layerOf(batch[0] as PlaceRecord),
      );
      if (!rows.length) continue;
      const payload = rows.map((r, i) => ({
        id: stableId(this.tenantSlug, this.source, r.sourceId, 'place'),
        kind: r.kind,
        name: r.name,
        names: r.names ?? {},
        address: r.address ?? null,
        opening_hours: r.openingHours ?? null,
        accessibility: r.accessibility ?? {},
        contact: r.contact ?? {},
        attributes: r.attributes ?? {},
        source_id: r.sourceId,
        g: r.geometry ? JSON.stringify(r.geometry) : null,
        w: r.wkt ?? null,
        fix: fix.has(i),
      }));
      const res = await sql<{ inserted: boolean; kind: string }>`
        INSERT INTO place (id, tenant_id, kind, name, names, address, opening_hours, accessibility, contact,
                           attributes, source, source_id, geom, anchor)
        SELECT r.id, ${this.tenantId}, r.kind, r.name, r.names, r.address, r.opening_hours, r.accessibility,
               r.contact, r.attributes, ${this.source}, r.source_id, g.geom,
               CASE WHEN GeometryType(g.geom) = 'POINT' THEN g.geom ELSE ST_PointOnSurface(g.geom) END
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(
          id uuid, kind text, name text, names jsonb, address text, opening_hours text, accessibility jsonb,
          contact jsonb, attributes jsonb, source_id text, g text, w text, fix boolean)
        CROSS JOIN LATERAL (SELECT ${this.geomExpr('r.fix')} AS geom) g
        ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
          kind = excluded.kind, name = excluded.name, names = excluded.names, address = excluded.address,
          opening_hours = excluded.opening_hours, accessibility = excluded.accessibility, contact = excluded.contact,
          attributes = excluded.attributes, geom = excluded.geom, anchor = excluded.anchor,
          updated_at = ${updatedAtIfChanged('place', PLACE_CONTENT)}
        RETURNING (xmax = 0) AS inserted, kind`.execute(this.trx);
      for (const r of res.rows) {
        const c = this.count(PLACE_KIND_LAYER[r.kind] ?? 'places');
        if (r.inserted) c.inserted++;
        else c.updated++;
      }
    }
  }

  private async writeOpportunities(records: OpportunityRecord[]) {
    for (const batch of chunks(records, BATCH)) {
      const withOwn = batch.filter((r) => r.geometry || r.wkt);
      const checked = withOwn.length
        ? await this.checkGeometry(withOwn, ['POINT'], 'programs')
        : { rows: [], fix: new Set<number>() };
      const usable = new Set<OpportunityRecord>(checked.rows);
      const candidates = batch.filter((r) => (r.geometry || r.wkt ? usable.has(r) : true));
      if (!candidates.length) continue;
      const payload = candidates.map((r) => {
        const s = r.schedules[0];
        return {
          i: batch.indexOf(r),
          id: stableId(this.tenantSlug, this.source, r.sourceId, 'opportunity'),
          place_source: r.placeSource ?? this.source,
          place_source_id: r.placeSourceId ?? null,
          kind: r.kind,
          title: r.title,
          description: r.description ?? {},
          categories: r.categories,
          audiences: r.audiences,
          languages: r.languages,
          age_min: r.ageMin ?? null,
          age_max: r.ageMax ?? null,
          cost: r.cost ?? { free: false },
          is_free: r.cost?.free ?? false,
          registration: r.registration ?? {},
          dtstart: s?.dtstart ?? null,
          duration_minutes: s?.durationMinutes ?? null,
          rrule: s?.rrule ?? null,
          timezone: s ? (s.timezone ?? null) : null,
          schedules: r.schedules,
          eligibility: r.eligibility ?? null,
          accessibility: r.accessibility ?? {},
          contact: r.contact ?? {},
          organisation: r.organisation ?? null,
          attributes: r.attributes ?? {},
          status: r.status ?? 'published',
          source_id: r.sourceId,
          g: r.geometry ? JSON.stringify(r.geometry) : null,
          w: r.wkt ?? null,
        };
      });
      // without its own point and without a known place, an opportunity has nowhere to be
      const { rows: homeless } = await sql<{ i: number }>`
        SELECT r.i FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(i int, place_source text, place_source_id text, g text, w text)
        WHERE r.g IS NULL AND r.w IS NULL AND NOT EXISTS (
          SELECT 1 FROM place p WHERE p.tenant_id = ${this.tenantId} AND p.source = r.place_source AND p.source_id = r.place_source_id)`.execute(
        this.trx,
      );
      for (const h of homeless) {
        const rec = batch[h.i] as OpportunityRecord;
        this.issues.push({
          ref: rec.ref,
          reason: rec.placeSourceId
            ? `its place "${rec.placeSourceId}" is not known (nor does it have a point of its own)`
            : 'no location: neither a point nor a place',
          severity: 'error',
        });
        this.count('programs').rejected++;
      }
      const res = await sql<{ inserted: boolean }>`
        INSERT INTO opportunity (id, tenant_id, place_id, kind, title, description, categories, audiences, languages,
                                 age_min, age_max, cost, is_free, registration, dtstart, duration_minutes, rrule, timezone,
                                 schedules, eligibility, accessibility, contact, organisation, attributes, status,
                                 source, source_id, geom)
        SELECT r.id, ${this.tenantId}, p.id, r.kind, r.title, r.description,
               ARRAY(SELECT jsonb_array_elements_text(r.categories)), ARRAY(SELECT jsonb_array_elements_text(r.audiences)),
               ARRAY(SELECT jsonb_array_elements_text(r.languages)), r.age_min, r.age_max, r.cost, r.is_free,
               r.registration, r.dtstart, r.duration_minutes, r.rrule, COALESCE(r.timezone, t.timezone), r.schedules,
               r.eligibility, r.accessibility, r.contact, r.organisation, r.attributes, r.status, ${this.source}, r.source_id,
               COALESCE(cm_read_geometry(r.g, r.w, ${this.srid}::int), p.anchor)
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(
          i int, id uuid, place_source text, place_source_id text, kind text, title jsonb, description jsonb,
          categories jsonb, audiences jsonb, languages jsonb, age_min int, age_max int, cost jsonb, is_free boolean,
          registration jsonb, dtstart timestamp, duration_minutes int, rrule text, timezone text, schedules jsonb,
          eligibility text, accessibility jsonb, contact jsonb, organisation text, attributes jsonb, status text,
          source_id text, g text, w text)
        JOIN tenant t ON t.id = ${this.tenantId}
        LEFT JOIN place p ON p.tenant_id = ${this.tenantId} AND p.source = r.place_source AND p.source_id = r.place_source_id
        WHERE r.g IS NOT NULL OR r.w IS NOT NULL OR p.id IS NOT NULL
        ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
          place_id = excluded.place_id, kind = excluded.kind, title = excluded.title, description = excluded.description,
          categories = excluded.categories, audiences = excluded.audiences, languages = excluded.languages,
          age_min = excluded.age_min, age_max = excluded.age_max, cost = excluded.cost, is_free = excluded.is_free,
          registration = excluded.registration, dtstart = excluded.dtstart, duration_minutes = excluded.duration_minutes,
          rrule = excluded.rrule, timezone = excluded.timezone, schedules = excluded.schedules,
          eligibility = excluded.eligibility, accessibility = excluded.accessibility, contact = excluded.contact,
          organisation = excluded.organisation, attributes = excluded.attributes, status = excluded.status,
          geom = excluded.geom, updated_at = ${updatedAtIfChanged('opportunity', OPPORTUNITY_CONTENT)}
        RETURNING (xmax = 0) AS inserted`.execute(this.trx);
      this.tally('programs', res.rows);
    }
  }

  private async writeWalkNodes(records: WalkNodeRecord[]) {
    for (const batch of chunks(records, BATCH * 5)) {
      const payload = batch.map((r) => ({ s: r.sourceId, x: r.lon, y: r.lat }));
      const res = await sql<{ inserted: boolean }>`
        INSERT INTO walk_node (tenant_id, source, source_id, geom)
        SELECT ${this.tenantId}, ${this.source}, r.s, ST_SetSRID(ST_MakePoint(r.x, r.y), 4326)
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(s text, x float8, y float8)
        ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET geom = excluded.geom
        RETURNING (xmax = 0) AS inserted`.execute(this.trx);
      this.tally('walk-nodes', res.rows);
    }
  }

  private async writeWalkEdges(records: WalkEdgeRecord[]) {
    for (const batch of chunks(records, BATCH * 5)) {
      const payload = batch.map((r) => ({
        s: r.sourceId,
        a: r.from,
        b: r.to,
        l: r.lengthM,
        h: r.highway,
        n: r.name ?? null,
        g: JSON.stringify(r.geometry),
      }));
      const res = await sql<{ inserted: boolean }>`
        INSERT INTO walk_edge (tenant_id, source, source_id, from_node, to_node, length_m, highway, name, geom)
        SELECT ${this.tenantId}, ${this.source}, r.s, a.id, b.id, r.l, r.h, r.n, ST_SetSRID(ST_GeomFromGeoJSON(r.g), 4326)
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(s text, a text, b text, l float8, h text, n text, g text)
        JOIN walk_node a ON a.tenant_id = ${this.tenantId} AND a.source = ${this.source} AND a.source_id = r.a
        JOIN walk_node b ON b.tenant_id = ${this.tenantId} AND b.source = ${this.source} AND b.source_id = r.b
        ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET
          from_node = excluded.from_node, to_node = excluded.to_node, length_m = excluded.length_m,
          highway = excluded.highway, name = excluded.name, geom = excluded.geom
        RETURNING (xmax = 0) AS inserted`.execute(this.trx);
      this.tally('walk-edges', res.rows);
      const missing = batch.length - res.rows.length;
      if (missing > 0) {
        this.issues.push({
          ref: { file: 'walk graph' },
          reason: `${missing} walk edges refer to nodes not in the import`,
          severity: 'error',
        });
        this.count('walk-edges').rejected += missing;
      }
    }
  }

  /**
   * The basemap features of an OpenStreetMap extract. They have no identity worth keeping across
   * extracts (a street split in two is two new ways), so the source's previous basemap is replaced.
   * An invalid area is repaired (ST_MakeValid, its polygons kept); a place name stands at a point
   * on its area's surface.
   */
  private async writeBasemap(records: BasemapRecord[]) {
    if (this.basemapBefore === null) {
      const gone = await sql<{ n: number }>`
        WITH d AS (DELETE FROM basemap_feature WHERE tenant_id = ${this.tenantId} AND source = ${this.source} RETURNING 1)
        SELECT count(*)::int AS n FROM d`.execute(this.trx);
      this.basemapBefore = Number(gone.rows[0]?.n ?? 0);
    }
    for (const batch of chunks(records, BATCH)) {
      const payload = batch.map((r) => ({
        kind: r.kind,
        class: r.class,
        name: r.name,
        names: r.names,
        source_id: r.sourceId,
        g: JSON.stringify(r.geometry),
      }));
      const res = await sql<{ n: number }>`
        WITH r AS (
          SELECT x.kind, x.class, x.name, x.names, x.source_id, ST_SetSRID(ST_GeomFromGeoJSON(x.g), 4326) AS g
          FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(
            kind text, class text, name text, names jsonb, source_id text, g text)
        ), fixed AS (
          SELECT r.*, CASE
              WHEN r.kind = 'place' AND GeometryType(r.g) <> 'POINT' THEN ST_PointOnSurface(ST_MakeValid(r.g))
              WHEN GeometryType(r.g) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(r.g)
                THEN ST_CollectionExtract(ST_MakeValid(r.g), 3)
              ELSE r.g END AS geom
          FROM r
        ), ins AS (
          INSERT INTO basemap_feature (tenant_id, kind, class, name, names, source, source_id, geom)
          SELECT ${this.tenantId}, kind, class, name, names, ${this.source}, source_id, geom
          FROM fixed WHERE NOT ST_IsEmpty(geom)
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM ins`.execute(this.trx);
      const n = Number(res.rows[0]?.n ?? 0);
      const c = this.count('basemap');
      c.inserted += n;
      c.skipped += batch.length - n;
    }
  }

  get failed(): boolean {
    return !this.skipInvalid && this.issues.some((i) => i.severity === 'error');
  }
}
