/** `npm run import` as a planner runs it: exit codes, the per-layer summary, the reasons. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/import/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOAD_DEMO: 'false', DATABASE_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    // the first command creates the embedded database: minutes on a busy machine
    timeout: 600_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run import', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('explains its usage and refuses unknown formats and layers', () => {
    const r = cli('shapefile', 'x.shp');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown format "shapefile"/);
    expect(r.err).toMatch(/formats: tenant, geojson, csv, census, osm, hsds, ical/);
    expect(cli('csv', 'x.csv', '--layer', 'castles').err).toMatch(/unknown layer "castles"/);
    expect(cli('csv', 'x.csv', '--srid', 'utm').err).toMatch(/--srid must be an EPSG code/);
  });

  it('imports, summarises per layer, and exits 1 with the reasons when a file is rejected', () => {
    const tenant = cli('tenant', 'data/mappings/vancouver/tenant.json');
    expect(tenant.code, tenant.err).toBe(0);
    expect(tenant.out).toMatch(/tenants.*1/);
    const mapping = 'tests/fixtures/import/generic-csv.json';
    const bad = cli(
      'csv',
      'tests/fixtures/import/centres-broken.csv',
      '--mapping',
      mapping,
      '--tenant',
      'vancouver',
    );
    expect(bad.code).toBe(1);
    // a rejected import says so in its headline, never "Imported … in 0.0 s"
    expect(bad.out).toMatch(
      /Rejected centres-broken\.csv \(csv, source "test-centres"\) for tenant "vancouver": nothing was changed/,
    );
    expect(bad.out).not.toMatch(/Imported/);
    expect(bad.out).toMatch(/ERROR centres-broken\.csv line 3: bad coordinates/);
    expect(bad.out).toMatch(/ERROR centres-broken\.csv line 6: truncated row/);
    expect(bad.err).toMatch(/Import rejected, nothing was changed/);
    const ok = cli(
      'csv',
      'tests/fixtures/import/centres-broken.csv',
      '--mapping',
      mapping,
      '--tenant',
      'vancouver',
      '--skip-invalid',
      '--json',
    );
    expect(ok.code, ok.err).toBe(0);
    const report = JSON.parse(ok.out) as { layers: Record<string, { inserted: number; rejected: number }> };
    expect(report.layers.centres).toMatchObject({ inserted: 3, rejected: 3 });
  }, 1_800_000);
});
