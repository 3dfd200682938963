/**
 * Child process of bench/import-memory.ts, started with a small V8 heap (--max-old-space-size):
 * uploads a large GeoJSON to POST /api/admin/import as a streamed multipart body and prints the
 * answer's status, the report's counts and the peak memory.
 *
 *   DB_DIR=<embedded data folder with the schema> FILE=<geojson> TMP_ROOT=<dir> \
 *     node --max-old-space-size=256 --import tsx bench/heap-limited-upload.ts
 *
 * TENANT (default lindmere) and DRY_RUN (default true) say what to import into.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createLogger } from '../server/logger.ts';
import { TenantResolver } from '../server/tenants/queries.ts';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const [FILE, TMP_ROOT, DB_DIR] = [env('FILE'), env('TMP_ROOT'), env('DB_DIR')];
const TENANT = process.env.TENANT ?? 'lindmere';
const DRY_RUN = process.env.DRY_RUN ?? 'true';
const TOKEN = 'heap-limited-admin-token';

/** a multipart body whose file part is read from disk as it is sent */
function multipart(
  fields: Record<string, string>,
  file: string,
): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----cm${Date.now().toString(16)}`;
  const enc = new TextEncoder();
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: application/geo+json\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const it = stream[Symbol.asyncIterator]();
  let stage = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (stage === 0) {
        c.enqueue(enc.encode(head + fileHead));
        stage = 1;
        return;
      }
      if (stage === 1) {
        const r = await it.next();
        if (!r.done) {
          c.enqueue(new Uint8Array(r.value as Buffer));
          return;
        }
        stage = 2;
      }
      c.enqueue(enc.encode(tail));
      c.close();
    },
  });
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

let peakRss = 0;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

const database = await openDatabase({ dataDir: DB_DIR });
const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_TOKEN: TOKEN, IMPORT_TMP_DIR: TMP_ROOT });
const app = createApp({
  db: database.db,
  databaseKind: database.kind,
  config,
  tenants: new TenantResolver(database.db, undefined),
  log: createLogger('error'),
});
const { body, type } = multipart(
  { format: 'geojson', tenant: TENANT, mapping: 'vancouver/parks', dry_run: DRY_RUN },
  FILE,
);
const res = await app.request('/api/admin/import', {
  method: 'POST',
  body,
  headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
  // @ts-expect-error: undici needs duplex for a streamed request body; the DOM types lack it
  duplex: 'half',
});
const answer = (await res.json()) as {
  layers?: Record<string, unknown>;
  error?: unknown;
  durationMs?: number;
};
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await database.close();
process.stdout.write(
  `${JSON.stringify({ status: res.status, layers: answer.layers, error: answer.error, durationMs: answer.durationMs, peakRss, heapLimit: process.execArgv })}\n`,
);
