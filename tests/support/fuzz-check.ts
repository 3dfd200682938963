/**
 * The property every hostile request must satisfy (tests/fuzz):
 *
 * - the answer comes within REQUEST_BOUND_MS (a hang is a failure): 20 s, above the server's own
 *   documented limits (what-if 10 s, SQL statements 15 s), which answer 503 "timeout" when reached;
 *   the admin's full "recompute now" (seconds to a minute on a busy machine) gets LONG_BOUND_MS;
 * - it is a 2xx, or a 4xx whose body is JSON {"error":{"code","message",…}};
 * - a 503 is accepted only with that JSON shape and one of the documented codes: `admin_disabled`
 *   (the admin API is off: no ADMIN_TOKEN), `timeout` (the query or what-if took too long; narrow
 *   it), `busy` (too many what-ifs queued), `database_unavailable` / `storage_unavailable` (the
 *   database is away or cannot write), `mail_disabled` (POST /api/subscriptions without SMTP_URL)
 *   — never for anything else;
 * - no 500 or other 5xx, ever; no text/html from the API, whatever the status (input echoed into
 *   HTML would be reflected script); a JSON content type carries parseable JSON;
 * - afterwards GET /api/health still answers 200 within HEALTH_BOUND_MS.
 */
import type { FuzzRequest } from './fuzz-requests.ts';

export const REQUEST_BOUND_MS = 20_000;
export const LONG_BOUND_MS = 180_000;
export const HEALTH_BOUND_MS = 5_000;
export const ACCEPTED_503_CODES = [
  'admin_disabled',
  'timeout',
  'busy',
  'database_unavailable',
  'storage_unavailable',
  'mail_disabled',
];

interface FetchLike {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export class PropertyViolation extends Error {
  constructor(
    /** a short stable name of what went wrong, to group findings: "500 internal", "hang", … */
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const result = await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new PropertyViolation('hang', `${what}: no answer within ${ms} ms`)),
          ms,
        );
      }),
    ]);
    // work that blocks the event loop finishes before the timer can fire: measure it too
    const took = performance.now() - started;
    if (took > ms)
      throw new PropertyViolation('hang', `${what}: answered after ${Math.round(took)} ms (bound ${ms} ms)`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function errorShape(body: unknown): { code: string; message: string } | null {
  const error = (body as { error?: unknown } | null)?.error as
    | { code?: unknown; message?: unknown }
    | undefined;
  if (!error || typeof error.code !== 'string' || !error.code || typeof error.message !== 'string')
    return null;
  return { code: error.code, message: error.message };
}

/** sends the request and throws a PropertyViolation when the answer breaks the property */
export async function checkRequest(
  app: FetchLike,
  req: FuzzRequest,
  boundMs = REQUEST_BOUND_MS,
): Promise<{ status: number; code?: string; message?: string }> {
  const init: RequestInit = { method: req.method, headers: req.headers };
  if (req.body !== undefined) init.body = req.body as BodyInit;
  const { res, text } = await within(boundMs, 'the request', async () => {
    const r = await app.request(req.url, init);
    return { res: r, text: await r.text() };
  });
  const type = res.headers.get('content-type') ?? '';
  const status = res.status;
  const snippet = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  if (/html/i.test(type))
    throw new PropertyViolation(`${status} text/html`, `answered ${status} with ${type}: ${snippet}`);
  let json: unknown;
  const isJson = /json/i.test(type);
  if (isJson) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new PropertyViolation(
        `${status} unparseable JSON`,
        `answered ${status} ${type} that is not JSON: ${snippet}`,
      );
    }
  }
  if (status >= 200 && status < 300) return { status };
  const shape = isJson ? errorShape(json) : null;
  if (status >= 400 && status < 500) {
    if (!shape)
      throw new PropertyViolation(
        `${status} without the error shape`,
        `answered ${status} ${type} without {"error":{"code","message"}}: ${snippet}`,
      );
    return { status, code: shape.code, message: shape.message };
  }
  if (status === 503 && shape && ACCEPTED_503_CODES.includes(shape.code)) return { status, code: shape.code };
  throw new PropertyViolation(
    `${status} ${shape?.code ?? ''}`.trim(),
    `answered ${status} ${type}: ${snippet}`,
  );
}

/** the server is still healthy after the request */
export async function checkHealth(app: FetchLike): Promise<void> {
  const res = await within(HEALTH_BOUND_MS, 'GET /api/health afterwards', async () => {
    const r = await app.request('/api/health');
    await r.text();
    return r;
  });
  if (res.status !== 200)
    throw new PropertyViolation('unhealthy afterwards', `GET /api/health afterwards answered ${res.status}`);
}
