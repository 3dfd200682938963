/**
 * A smaller PostGIS bundle for the embedded database. PGlite unpacks its extension bundles on
 * every start: @electric-sql/pglite-postgis ships one of 95 MB (19.7 MB gzipped) with the raster
 * and topology libraries (31 MB of WebAssembly, loaded at each start), the tiger geocoder and
 * every upgrade script since PostGIS 2.0 — none of which this project installs
 * (server/db/migrations: `CREATE EXTENSION postgis` only). Without them the database opens in
 * about 2–3 s less CPU (6.7 s instead of 9.5 s, first open of a process, measured on this
 * machine): every start of the server, every CLI command, every test file.
 *
 * Built once per package version into node_modules/.cache/commons-map (a few seconds, the first
 * time), written to a temporary name and renamed, so concurrent starts never read half a file.
 * Where that folder cannot be written, the package's own bundle is used as it is.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROJECT_ROOT } from '../config.ts';

const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'commons-map');

/** members of the bundle no database of this project loads */
const UNUSED =
  /(postgis_raster|postgis_topology|postgis_tiger_geocoder|unpackaged)|^share\/postgresql\/contrib\/|^share\/postgresql\/extension\/postgis--[^/]*--[^/]*\.sql$/;

function packageBundle(): { file: string; version: string } {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@electric-sql/pglite-postgis');
  let dir = path.dirname(main);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { file: path.join(dir, 'dist', 'postgis.tar.gz'), version };
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** a ustar archive without the members whose name matches `drop` (pax headers go with theirs) */
export function filterTar(tar: Buffer, drop: RegExp): Buffer {
  const kept: Buffer[] = [];
  let pending: Buffer[] = []; // a pax or GNU long-name header, waiting for its member
  let longName: string | null = null;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const whole = tar.subarray(offset, offset + BLOCK + Math.ceil(size / BLOCK) * BLOCK);
    offset += whole.length;
    if (type === 'x' || type === 'L') {
      const body = whole.subarray(BLOCK, BLOCK + size).toString('utf8');
      longName =
        type === 'L' ? body.replace(/\0+$/, '') : (/\d+ path=([^\n]*)\n/.exec(body)?.[1] ?? longName);
      pending.push(whole);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    if (!drop.test(name.replace(/^\.\//, ''))) kept.push(...pending, whole);
    pending = [];
    longName = null;
  }
  kept.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(kept);
}

/** the path of the smaller bundle, built when missing */
export function slimPostgisBundle(cacheDir: string = CACHE_DIR): string {
  const { file, version } = packageBundle();
  const out = path.join(cacheDir, `postgis-slim-${version}.tar.gz`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(cacheDir, { recursive: true });
  const slim = filterTar(zlib.gunzipSync(fs.readFileSync(file)), UNUSED);
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, zlib.gzipSync(slim, { level: 6 }));
  fs.renameSync(tmp, out);
  return out;
}

let chosen: string | null | undefined;

/** the smaller bundle for this process's embedded databases, or null: the package's own */
export function defaultPostgisBundle(): string | null {
  if (chosen !== undefined) return chosen;
  try {
    chosen = slimPostgisBundle();
  } catch {
    chosen = null; // a read-only install: the full bundle works the same, only slower to load
  }
  return chosen;
}
