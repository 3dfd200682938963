/** POST /api/admin/import: the CLI's importer behind a bearer token, for uploads. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';
import { sharedDataAvailable, vancouver } from '../support/shared-data.ts';

const TOKEN = 'test-admin-token-0123456789';
const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);

function form(fields: Record<string, string>, file?: string) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file)
    fd.set(
      'file',
      new File([fs.readFileSync(path.isAbsolute(file) ? file : FIX(file))], path.basename(file)),
    );
  return fd;
}

describeEachDatabase('POST /api/admin/import', (ctx) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(ctx.database, { ADMIN_TOKEN: TOKEN });
  });
  const post = (body: FormData, token: string | null = TOKEN) =>
    app.request('/api/admin/import', {
      method: 'POST',
      body,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const mapping = fs.readFileSync(FIX('generic-csv.json'), 'utf8').replace('test-centres', 'admin-centres');

  it('needs the admin token, and is off without one configured', async () => {
    expect((await post(form({ format: 'csv' }, 'centres-good.csv'), null)).status).toBe(401);
    expect((await post(form({ format: 'csv' }, 'centres-good.csv'), 'wrong-token-wrong-token')).status).toBe(
      401,
    );
    const off = await ctx.app.request('/api/admin/import', {
      method: 'POST',
      body: form({ format: 'csv' }),
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(off.status).toBe(503);
    expect(((await off.json()) as { error: { message: string } }).error.message).toMatch(/ADMIN_TOKEN/);
  });

  // a committed import recomputes the planner's access for the whole demo town: minutes on a busy machine
  it('imports an uploaded file and answers with the report', async () => {
    const res = await post(form({ format: 'csv', tenant: 'lindmere', mapping }, 'centres-good.csv'));
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      layers: Record<string, { inserted: number }>;
      committed: boolean;
      file: string;
    };
    expect(report).toMatchObject({
      committed: true,
      file: 'centres-good.csv',
      layers: { centres: { inserted: 3 } },
    });
    const { body } = await ctx.getJson<GeoJSON.FeatureCollection>('/api/layers/centres?tenant=lindmere');
    expect(
      body.features.filter(
        (f) =>
          String(f.properties?.name).endsWith('Hall') &&
          ['Riverside Hall', 'Market Hall', 'Bayview Hall'].includes(String(f.properties?.name)),
      ),
    ).toHaveLength(3);
  }, 300_000);

  it('keeps the planner answering with its figures while the import recomputes them, then with the new ones', async () => {
    const computedAt = async () =>
      (await ctx.getJson<{ state: { computed_at: string } | null }>('/api/planner/sets?tenant=lindmere')).body
        .state?.computed_at;
    const before = await computedAt();
    expect(before).toBeTruthy();
    const statuses: number[] = [];
    let done = false;
    const importing = Promise.resolve(
      post(
        form(
          { format: 'csv', tenant: 'lindmere', mapping: mapping.replace('admin-centres', 'planner-centres') },
          'centres-good.csv',
        ),
      ),
    ).finally(() => {
      done = true;
    });
    // asked again and again for as long as the import and its recompute run
    // (an in-process answer may never leave the microtask queue: yield to I/O between requests)
    while (!done) {
      statuses.push((await ctx.getJson('/api/planner/neighbourhoods?tenant=lindmere&set=gardens')).status);
      await new Promise((r) => setImmediate(r));
    }
    expect((await importing).status).toBe(200);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const after = await computedAt();
    expect(new Date(after as string).getTime()).toBeGreaterThan(new Date(before as string).getTime());
  }, 300_000);

  it('answers 422 with the row-by-row report when the import is rejected, and 400 for unusable input', async () => {
    const rejected = await post(form({ format: 'csv', tenant: 'lindmere', mapping }, 'centres-broken.csv'));
    expect(rejected.status).toBe(422);
    const body = (await rejected.json()) as {
      error: { code: string };
      report: { issues: { ref: { line: number } }[] };
    };
    expect(body.error.code).toBe('import_rejected');
    expect(body.report.issues.map((i) => i.ref.line)).toEqual([3, 5, 6]);

    const cases: [FormData, RegExp][] = [
      [form({ format: 'shapefile' }, 'centres-good.csv'), /format must be one of/],
      [form({ format: 'csv', tenant: 'lindmere', mapping }), /No file uploaded/],
      [
        form({ format: 'csv', tenant: 'lindmere', mapping: '{not json' }, 'centres-good.csv'),
        /mapping is not valid JSON/,
      ],
      [
        form({ format: 'csv', tenant: 'lindmere', mapping: '../../etc/passwd' }, 'centres-good.csv'),
        /shipped mapping name/,
      ],
      [form({ format: 'csv', tenant: 'nowhere', mapping }, 'centres-good.csv'), /no tenant "nowhere"/],
      [
        form({ format: 'csv', tenant: 'lindmere', mapping, dry_run: 'maybe' }, 'centres-good.csv'),
        /dry_run: must be true or false/,
      ],
    ];
    for (const [fd, message] of cases) {
      const res = await post(fd);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it.skipIf(!sharedDataAvailable('vancouver'))('accepts a shipped mapping by name', async () => {
    const tenant = await post(
      form({ format: 'tenant' }, path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', 'tenant.json')),
    );
    expect(tenant.status).toBe(200);
    const res = await post(
      form(
        { format: 'geojson', tenant: 'vancouver', mapping: 'vancouver/local-areas' },
        vancouver('local-area-boundary.geojson'),
      ),
    );
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { layers: Record<string, { inserted: number }> }).layers.neighbourhoods
        ?.inserted,
    ).toBe(22);
  });
});
