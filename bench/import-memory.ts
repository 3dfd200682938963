/**
 * npm run bench:import — peak memory of importing a large GeoJSON (default 190 MB, within the
 * 200 MB upload limit), by the two roads a file takes in:
 *
 *   1. the CLI (`npm run import -- geojson FILE`) into a fresh embedded database, committed;
 *   2. the admin upload (POST /api/admin/import, a streamed multipart body) into the same
 *      database, as a dry run, with the V8 heap limited (--max-old-space-size, default 256 MB).
 *
 * Peak RSS is the most resident memory of each child process, read from /proc while it runs
 * (the embedded database itself lives in that process too). The file is generated in a temp folder
 * from the Vancouver parks (bench/large-geojson.ts) and deleted afterwards.
 *
 *   npm run bench:import [-- --mb 190 --heap-mb 256 --keep]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../server/config.ts';
import { writeLargeParks } from './large-geojson.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '190' },
    'heap-mb': { type: 'string', default: '256' },
    keep: { type: 'boolean', default: false },
  },
});
const SHARED = process.env.COMMONS_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const PARKS = path.join(SHARED, 'vancouver', 'parks-polygon-representation.geojson');

interface Run {
  code: number | null;
  peakRssMb: number;
  seconds: number;
  out: string;
  err: string;
}

/** runs a node child, sampling its resident memory from /proc every 100 ms */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let peak = 0;
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d;
  });
  const sample = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (hwm) peak = Math.max(peak, Number(hwm) * 1024);
    } catch {
      // the child has just exited
    }
  }, 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({
        code,
        peakRssMb: Math.round(peak / 1024 / 1024),
        seconds: (Date.now() - started) / 1000,
        out,
        err,
      });
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-bench-import-'));
try {
  const file = path.join(dir, `parks-${values.mb}mb.geojson`);
  const features = await writeLargeParks(PARKS, file, Number(values.mb) * 1024 * 1024);
  const size = fs.statSync(file).size;
  console.log(
    `generated ${file}: ${(size / 1024 / 1024).toFixed(0)} MB, ${features.toLocaleString('en')} park polygons`,
  );
  const dataDir = path.join(dir, 'data');
  const env = { DATA_DIR: dataDir, LOAD_DEMO: 'false', DATABASE_URL: '', LOG_LEVEL: 'warn' };
  const cli = (...a: string[]) => run(['--import', 'tsx', 'server/import/cli.ts', ...a], env);

  const tenant = await cli('tenant', 'data/mappings/vancouver/tenant.json');
  if (tenant.code !== 0) throw new Error(`tenant import failed: ${tenant.err}`);
  const imported = await cli(
    'geojson',
    file,
    '--tenant',
    'vancouver',
    '--mapping',
    'data/mappings/vancouver/parks.json',
    '--json',
  );
  const report =
    imported.code === 0 ? (JSON.parse(imported.out) as { layers: Record<string, unknown> }) : null;
  console.log(
    `CLI import: exit ${imported.code}, ${imported.seconds.toFixed(0)} s, peak RSS ${imported.peakRssMb} MB, ${JSON.stringify(report?.layers ?? imported.err.slice(-500))}`,
  );

  const tmpRoot = path.join(dir, 'upload-tmp');
  fs.mkdirSync(tmpRoot);
  const upload = await run(
    [`--max-old-space-size=${values['heap-mb']}`, '--import', 'tsx', 'bench/heap-limited-upload.ts'],
    { DB_DIR: dataDir, FILE: file, TMP_ROOT: tmpRoot, TENANT: 'vancouver', DRY_RUN: 'true' },
  );
  const answer =
    upload.code === 0
      ? (JSON.parse(upload.out.trim().split('\n').pop() as string) as { status: number; layers: unknown })
      : null;
  const left = fs.readdirSync(tmpRoot).length;
  console.log(
    `admin upload (heap ${values['heap-mb']} MB, dry run): exit ${upload.code}, HTTP ${answer?.status}, ${upload.seconds.toFixed(0)} s, peak RSS ${upload.peakRssMb} MB, ${JSON.stringify(answer?.layers ?? upload.err.slice(-500))}, temp folders left: ${left}`,
  );
  console.log(
    `\n| road | file | features | peak RSS | time |\n| --- | --- | --- | --- | --- |\n` +
      `| CLI, committed | ${(size / 1024 / 1024).toFixed(0)} MB | ${features} | ${imported.peakRssMb} MB | ${imported.seconds.toFixed(0)} s |\n` +
      `| admin upload, dry run, --max-old-space-size=${values['heap-mb']} | ${(size / 1024 / 1024).toFixed(0)} MB | ${features} | ${upload.peakRssMb} MB | ${upload.seconds.toFixed(0)} s |`,
  );
  if (imported.code !== 0 || upload.code !== 0 || answer?.status !== 200 || left) process.exitCode = 1;
} finally {
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}
