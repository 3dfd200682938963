import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Opportunity } from '../../data/town-format.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { loadTown, readTownDir, TownFormatError } from '../../server/import/town.ts';
import { describeEachDatabase } from '../support/databases.ts';

const DEMO = path.join(PROJECT_ROOT, 'data', 'demo');

async function counts(ctx: { database: { db: Parameters<typeof loadTown>[0] } }) {
  const { rows } = await sql<{ t: number; a: number; p: number; o: number; b: number }>`
    SELECT (SELECT count(*) FROM tenant)::int AS t, (SELECT count(*) FROM area)::int AS a,
           (SELECT count(*) FROM place)::int AS p, (SELECT count(*) FROM opportunity)::int AS o,
           (SELECT count(*) FROM basemap_feature)::int AS b`.execute(ctx.database.db);
  return rows[0];
}

describeEachDatabase('loading a town', (ctx) => {
  it('loads the demo town again without duplicating anything, keeping ids stable', async () => {
    const before = await counts(ctx);
    const ids = await sql<{ id: string }>`SELECT id FROM opportunity ORDER BY id`.execute(ctx.database.db);
    const report = await loadTown(ctx.database.db, readTownDir(DEMO));
    expect(report.opportunities).toBe(before?.o);
    expect(await counts(ctx)).toEqual(before);
    const after = await sql<{ id: string }>`SELECT id FROM opportunity ORDER BY id`.execute(ctx.database.db);
    expect(after.rows).toEqual(ids.rows);
  });

  it('is all or nothing: a bad row late in the file leaves the database unchanged', async () => {
    const before = await counts(ctx);
    const town = readTownDir(DEMO);
    town.tenant = { ...town.tenant, slug: 'broken-town' };
    const opportunities = [...town.opportunities] as Opportunity[];
    const last = opportunities[opportunities.length - 1] as Opportunity;
    opportunities.push({ ...last, source_id: 'broken', place_source_id: 'no-such-place' });
    town.opportunities = opportunities;
    await expect(loadTown(ctx.database.db, town)).rejects.toThrow(TownFormatError);
    await expect(loadTown(ctx.database.db, town)).rejects.toThrow(/no-such-place/);
    expect(await counts(ctx)).toEqual(before);
  });

  it('names the file and feature of a malformed feature', async () => {
    const town = readTownDir(DEMO);
    town.tenant = { ...town.tenant, slug: 'broken-town-2' };
    const first = town.places.features[0];
    town.places = {
      ...town.places,
      features: [{ ...first!, properties: { ...first!.properties, kind: 'casino' } }],
    };
    await expect(loadTown(ctx.database.db, town)).rejects.toThrow(/places\.geojson feature 1/);
  });
});
