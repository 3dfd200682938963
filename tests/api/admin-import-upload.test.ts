/**
 * POST /api/admin/import as a transport: the body streams to a temp folder of its own, a broken
 * or foreign body is a 4xx naming the problem, the folder is gone after every outcome (success,
 * rejection, bad input, 413, a client that goes away mid-upload). That a large upload imports
 * with the process's heap kept small is measured by `npm run bench:import` (a memory target, so
 * a benchmark, not a test).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';

const TOKEN = 'test-admin-token-0123456789';
const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);
const auth = { authorization: `Bearer ${TOKEN}` };

/** the cm-import-* folders left under a temp root */
const leftovers = (root: string) => fs.readdirSync(root).filter((n) => n.startsWith('cm-import-'));

/** waits for a condition, polling; fails after `ms` (a liveness bound, not a timing assertion) */
async function until(what: string, ok: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function form(fields: Record<string, string>, file?: { name: string; data: Uint8Array | string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file)
    fd.set(
      'file',
      new File([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], file.name),
    );
  return fd;
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describeEachDatabase('POST /api/admin/import: the upload', (ctx) => {
  let tmpRoot: string;
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-upload-test-'));
    app = testApp(ctx.database, { ADMIN_TOKEN: TOKEN, IMPORT_TMP_DIR: tmpRoot, IMPORT_MAX_UPLOAD_MB: '1' });
  });
  afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    app.request('/api/admin/import', { method: 'POST', body, headers: { ...auth, ...headers } });
  const mapping = fs.readFileSync(FIX('generic-csv.json'), 'utf8').replace('test-centres', 'upload-centres');

  it('answers 415 for another content type and 400 naming the problem for a broken multipart body', async () => {
    for (const [body, type] of [
      ['{"format":"csv"}', 'application/json'],
      ['just some text', 'text/plain'],
      [new Uint8Array([0, 255, 1, 254, 2]), 'application/octet-stream'],
    ] as const) {
      const res = await post(body, { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).message).toMatch(/multipart\/form-data/);
    }
    const cases: [BodyInit, string, RegExp][] = [
      ['garbage', 'multipart/form-data', /names no boundary/],
      ['plain garbage, no parts at all', 'multipart/form-data; boundary=xyz', /cannot be read as multipart/],
      [
        // a part that is cut off before its end
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,name\r\n1,Hall',
        'multipart/form-data; boundary=xyz',
        /cannot be read as multipart/,
      ],
      ['--xyz\r\nthis is no header\r\n\r\nvalue\r\n--xyz--\r\n', 'multipart/form-data; boundary=xyz', /./],
      [new Uint8Array(4096).map((_, i) => (i * 7919) % 256), 'multipart/form-data; boundary=xyz', /./],
    ];
    for (const [body, type, message] of cases) {
      const res = await post(body, { 'content-type': type });
      expect(res.status, String(body).slice(0, 40)).toBe(400);
      const err = await errorOf(res);
      expect(err.message).toMatch(message);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
    expect(leftovers(tmpRoot)).toEqual([]);
  });

  it('removes its temp folder after a success, a rejection, bad input and a 413', async () => {
    const good = fs.readFileSync(FIX('centres-good.csv'));
    const broken = fs.readFileSync(FIX('centres-broken.csv'));
    // a dry run: a commit would also recompute the planner's access, which is not the point here
    const ok = await post(
      form({ format: 'csv', tenant: 'lindmere', mapping, dry_run: 'true' }, { name: 'c.csv', data: good }),
    );
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { layers: Record<string, { inserted: number }> }).layers.centres?.inserted,
    ).toBe(3);
    expect(leftovers(tmpRoot)).toEqual([]);
    const rejected = await post(
      form({ format: 'csv', tenant: 'lindmere', mapping }, { name: 'b.csv', data: broken }),
    );
    expect(rejected.status).toBe(422);
    expect(leftovers(tmpRoot)).toEqual([]);
    const unknownTenant = await post(
      form({ format: 'csv', tenant: 'nowhere', mapping }, { name: 'c.csv', data: good }),
    );
    expect(unknownTenant.status).toBe(400);
    expect(leftovers(tmpRoot)).toEqual([]);
    const notGeoJson = await post(
      form(
        { format: 'geojson', tenant: 'lindmere', layer: 'parks' },
        { name: 'x.geojson', data: '{"type": "Feat' },
      ),
    );
    expect(notGeoJson.status).toBe(400);
    expect((await errorOf(notGeoJson)).message).toMatch(/x\.geojson is not valid JSON/);
    expect(leftovers(tmpRoot)).toEqual([]);
    // over IMPORT_MAX_UPLOAD_MB (1 here), whether or not the client declares its length
    const big = Buffer.alloc(1_300_000, 'a');
    const tooLarge = await post(
      form({ format: 'csv', tenant: 'lindmere', mapping }, { name: 'big.csv', data: big }),
    );
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('payload_too_large');
    const declared = await post('x', {
      'content-type': 'multipart/form-data; boundary=xyz',
      'content-length': String(5 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(leftovers(tmpRoot)).toEqual([]);
  });

  it('removes its temp folder when the client goes away mid-upload, and keeps serving', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
    const { port } = server.address() as AddressInfo;
    try {
      const boundary = 'abortboundary';
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/admin/import',
        headers: {
          ...auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => {}); // the socket is destroyed on purpose
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ngeojson\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.geojson"\r\n\r\n`,
      );
      req.write(`{"type":"FeatureCollection","features":[${'{"type":"Feature"},'.repeat(10_000)}`);
      await until('the upload is being written to a temp folder', () => leftovers(tmpRoot).length === 1);
      req.destroy();
      await until('the temp folder is removed', () => leftovers(tmpRoot).length === 0);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBeLessThan(600);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
