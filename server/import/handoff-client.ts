/**
 * `npm run import` while the server runs on the same embedded data folder: only one process may
 * open it, so the CLI hands the import to the server (POST /api/admin/local-import with the
 * hand-off secret from the folder's lock) and prints the report it answers.
 */
import http from 'node:http';
import path from 'node:path';
import { LOCAL_IMPORT_PATH, type LocalImportRequest } from '../admin/local-import-routes.ts';
import { type LockInfo, isStale, readLock } from '../db/data-dir-lock.ts';

export interface HandoffAnswer {
  status: number;
  body: unknown;
}

/** absolute paths, since the server's working folder may differ from the CLI's */
export function absoluteRequest(req: LocalImportRequest, cwd = process.cwd()): LocalImportRequest {
  const mapping = req.options?.mapping;
  return {
    ...req,
    path: path.resolve(cwd, req.path),
    options: { ...req.options, ...(mapping ? { mapping: path.resolve(cwd, mapping) } : {}) },
  };
}

/**
 * A server still starting has not written its URL into the lock yet: wait for it (the first start
 * loads the demo town, ~15 s). Answers the lock once it has a hand-off URL, or null when the lock
 * went away or its holder died meanwhile (the CLI then opens the folder itself).
 */
export async function waitForHandoff(
  dataDir: string,
  timeoutMs: number,
  onWait: (h: LockInfo) => void,
): Promise<LockInfo | null> {
  const until = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const h = readLock(dataDir);
    if (!h || isStale(h)) return null;
    if (h.role !== 'server' || (h.handoffUrl && h.handoffSecret)) return h;
    if (!told) onWait(h);
    told = true;
    if (Date.now() > until) return h;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Posts the import; no time limit of its own (a large import takes minutes), the server has them. */
export function postLocalImport(holder: LockInfo, req: LocalImportRequest): Promise<HandoffAnswer> {
  return postToHolder(holder, LOCAL_IMPORT_PATH, req);
}

/** POSTs JSON to a loopback route of the server holding the data folder, with the lock's secret */
export function postToHolder(holder: LockInfo, routePath: string, payload: unknown): Promise<HandoffAnswer> {
  const { handoffUrl, handoffSecret } = holder;
  if (!handoffUrl || !handoffSecret) return Promise.reject(new Error('the server offers no hand-off'));
  const body = JSON.stringify(payload);
  const url = new URL(routePath, handoffUrl);
  return new Promise((resolve, reject) => {
    const r = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${handoffSecret}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            // not JSON (a proxy's page?): passed on as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** the error message of an API error body, or a short rendering of anything else */
export function errorMessage(body: unknown): string {
  const m = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof m === 'string' ? m : typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body);
}
