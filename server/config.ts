/**
 * Every setting of the server, with its default, in one place. Read from the environment once;
 * an unsafe or malformed value stops start-up with a message naming the variable.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** days of stored occurrences by default: every when= window and a month of from/to */
export const DEFAULT_OCCURRENCE_HORIZON_DAYS = 35;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** an http(s) address without query, fragment or credentials; a trailing slash is dropped */
const publicUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .refine((v) => {
    if (!URL.canParse(v)) return true; // already refused by z.url
    const u = new URL(v);
    return !u.search && !u.hash && !u.username && !u.password;
  }, 'must be a plain address such as https://map.example.org (no query, fragment or credentials)')
  .transform((v) => v.replace(/\/+$/, ''));

/** "COUNT/WINDOW" → a limit of COUNT requests per WINDOW, or null for "off" */
export interface RateLimitSpec {
  count: number;
  windowMs: number;
}
const WINDOW_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
function parseRateLimit(v: string): RateLimitSpec | null | undefined {
  if (v === 'off') return null;
  const m = /^(\d{1,9})\/(\d{0,6})(s|m|h)$/.exec(v);
  if (!m) return undefined;
  const count = Number(m[1]);
  const windowMs = Number(m[2] || '1') * (WINDOW_UNITS[m[3] as string] as number);
  return count >= 1 && windowMs >= 1000 ? { count, windowMs } : undefined;
}
const rateLimit = z.string().transform((v, ctx): RateLimitSpec | null => {
  const parsed = parseRateLimit(v.trim());
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be COUNT/WINDOW such as 60/1m, 10/15m, 100/1h, or off' });
    return z.NEVER;
  }
  return parsed;
});
const rateLimitDefault = (v: string) => parseRateLimit(v) as RateLimitSpec;

const EnvSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** postgres://… of a PostGIS server; unset → embedded PGlite + PostGIS in DATA_DIR */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  PG_POOL_SIZE: int(1, 200).default(10),
  /** server-side limit per SQL statement on the PostGIS server: no request can hang the API */
  STATEMENT_TIMEOUT_MS: int(100, 600_000).default(15_000),
  /** longest wait for a new connection to the PostGIS server (a server that is away answers 503) */
  DB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5000),
  /** longest /api/health and /api/ready wait for the database before answering 503 */
  HEALTH_TIMEOUT_MS: int(100, 60_000).default(2000),
  /** an external MapLibre style replacing the built-in offline basemap */
  MAP_STYLE_URL: z.url().optional(),
  /** tenant served when a request names none; default: the first tenant created */
  DEFAULT_TENANT: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** load the demo town into an empty database on start */
  LOAD_DEMO: bool.default(true),
  DEMO_DIR: z
    .string()
    .min(1)
    .default(path.join(PROJECT_ROOT, 'data', 'demo')),
  /** folder of the built web app served at / */
  WEB_DIR: z
    .string()
    .min(1)
    .default(path.join(PROJECT_ROOT, 'dist', 'web')),
  LAYER_DEFAULT_LIMIT: int(1, 100_000).default(5000),
  LAYER_MAX_LIMIT: int(1, 100_000).default(20_000),
  NEARBY_DEFAULT_RADIUS_M: int(1, 1_000_000).default(1500),
  NEARBY_MAX_RADIUS_M: int(1, 1_000_000).default(50_000),
  NEARBY_DEFAULT_LIMIT: int(1, 1000).default(20),
  NEARBY_MAX_LIMIT: int(1, 1000).default(200),
  /** the planner's what-if: largest request body, most vertices of a drawn site, longest computation */
  WHAT_IF_MAX_BODY_BYTES: int(1024, 50_000_000).default(1_000_000),
  WHAT_IF_MAX_VERTICES: int(4, 1_000_000).default(5000),
  WHAT_IF_TIMEOUT_MS: int(100, 600_000).default(10_000),
  /** largest JSON body of the admin configuration API (kiosks) */
  ADMIN_JSON_MAX_BODY_BYTES: int(1024, 10_000_000).default(65_536),
  /** comma-separated origins allowed by CORS on /api (empty: same origin only) */
  CORS_ORIGINS: z.string().default(''),
  /**
   * DEPRECATED (one release): a bearer token acting as an admin of every tenant, for scripts
   * written before accounts; personal API tokens replace it (docs/ADMIN.md). Each use is answered
   * with a Deprecation header, and the server warns once per start
   */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** accounts (docs/ADMIN.md): a session ends this many hours after sign-in, whatever happens */
  SESSION_MAX_HOURS: int(1, 24 * 30).default(12),
  /** …and after this many minutes without a request */
  SESSION_IDLE_MINUTES: int(5, 24 * 60).default(60),
  /** an e-mailed or printed one-time sign-in link works this long */
  SIGN_IN_LINK_MINUTES: int(1, 24 * 60).default(15),
  /** lifetime of the sign-in link of an invitation (POST /api/admin/users), in hours */
  INVITE_LINK_HOURS: int(1, 30 * 24).default(72),
  /** failed sign-ins of one account within SIGN_IN_THROTTLE_MINUTES before 429 */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: int(1, 1000).default(5),
  /** failed sign-ins (and link requests) from one client address within the window before 429 */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: int(1, 100_000).default(30),
  /** sign-in links mailed to one account within the window at most (more are silently not sent) */
  SIGN_IN_MAX_LINKS_PER_ACCOUNT: int(1, 1000).default(3),
  SIGN_IN_THROTTLE_MINUTES: int(1, 24 * 60).default(15),
  /** largest admin import upload (MB), streamed to disk while it arrives */
  IMPORT_MAX_UPLOAD_MB: int(1, 10_000).default(200),
  /** where an upload is kept while it is imported: a cm-import-* folder per upload, removed after */
  IMPORT_TMP_DIR: z.string().min(1).default(os.tmpdir()),
  /** slow clients: longest wait for a request's headers (a slow-loris client is cut off) */
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(15_000),
  /** slow clients: longest wait for a whole request, body included (uploads: 200 MB at ~1 MB/s) */
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(300_000),
  /** how long an idle keep-alive connection is kept open */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5000),
  /** open connections at most; more are refused (keep it below the open-file limit, ulimit -n) */
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).default(1000),
  /** on SIGTERM/SIGINT: how long requests in flight may take to finish before they are cut */
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** json: one JSON object per line (default when NODE_ENV=production); pretty: readable lines */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /**
   * the address residents reach the app at, e.g. https://map.example.org: every absolute link the
   * server makes (basemap style, calendar files, mails) starts with it, never with the request's
   * Host header; https also turns on Strict-Transport-Security. Unset: http://localhost:PORT
   */
  PUBLIC_URL: publicUrl.optional(),
  /**
   * reverse proxies in front of the server whose X-Forwarded-For is believed (rate limits and
   * logs key on the client address): false/0 = none, true = 1, or the number of proxy hops
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'must be true, false or a number of proxy hops')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
    .default(0),
  /** largest request body on /api (bytes); the import upload and the what-if have their own */
  API_BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  /** rate limits per client address, "COUNT/WINDOW" (window 30s, 1m, 15m, 1h…) or "off" */
  RATE_LIMIT_API: rateLimit.default(rateLimitDefault('600/1m')),
  RATE_LIMIT_SEARCH: rateLimit.default(rateLimitDefault('120/1m')),
  RATE_LIMIT_NEARBY: rateLimit.default(rateLimitDefault('120/1m')),
  RATE_LIMIT_WHAT_IF: rateLimit.default(rateLimitDefault('30/1m')),
  RATE_LIMIT_ADMIN: rateLimit.default(rateLimitDefault('60/1m')),
  RATE_LIMIT_SIGN_IN: rateLimit.default(rateLimitDefault('10/15m')),
  RATE_LIMIT_SUBSCRIPTIONS: rateLimit.default(rateLimitDefault('10/1h')),
  RATE_LIMIT_PROPOSALS: rateLimit.default(rateLimitDefault('30/1h')),
  /**
   * residents' submissions (proposals, needs, supports, connector applications) from one e-mail
   * address, counted in the database over all four ("off": no limit; docs/PARTICIPATION.md)
   */
  RATE_LIMIT_PARTICIPATION_EMAIL: rateLimit.default(rateLimitDefault('5/1h')),
  /**
   * days after the last step that mails the submitter (published, rejected, withdrawn, or a
   * return whose edit link expired) when a proposal's or a need's e-mail address is cleared
   * (docs/PARTICIPATION.md, "Data kept")
   */
  PARTICIPATION_EMAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * the key of the hashes of client addresses kept with residents' submissions; unset: a random
   * key made once per install and kept in the database (install_secret), so it survives restarts
   */
  PARTICIPATION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * comma-separated client addresses no rate limit applies to: by default this machine's own
   * (kiosks and scripts on the server itself; a reverse proxy here needs TRUST_PROXY to be limited)
   */
  RATE_LIMIT_EXEMPT: z.string().default('127.0.0.1,::1'),
  /** client addresses remembered by the rate limits at most (the oldest are forgotten first) */
  RATE_LIMIT_MAX_CLIENTS: int(100, 10_000_000).default(100_000),
  /**
   * the mail server of the e-mail digests, e.g. smtp://user:pass@mail.example.org:587 (smtps://
   * for TLS from the start). Unset: mail is off — POST /api/subscriptions answers 503 and the
   * subscribe form says so
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587')
    .refine((v) => URL.canParse(v), 'must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587')
    .optional(),
  /** the sender of every mail, an address or "Name <address>" */
  MAIL_FROM: z
    .string()
    .max(320)
    .regex(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'must be an address or "Name <address>"')
    .default('Commons Map <no-reply@localhost.localdomain>'),
  /** weekly digests go out on this day (1 Monday … 7 Sunday), in each tenant's time zone */
  DIGEST_WEEKDAY: int(1, 7).default(1),
  /** weekly and daily digests go out at this hour (0–23) of the tenant's wall clock */
  DIGEST_HOUR: int(0, 23).default(7),
  /** how often the server looks for digests due (ms); 0 turns the server's schedule off */
  DIGEST_CHECK_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /**
   * days ahead that schedules are stored expanded (occurrence table); "what's on" windows inside it
   * are answered in SQL, a window reaching past it by exact on-the-fly expansion
   */
  OCCURRENCE_HORIZON_DAYS: int(8, 400).default(DEFAULT_OCCURRENCE_HORIZON_DAYS),
  /** minutes between two moves of the horizon (the server extends it and drops the past) */
  OCCURRENCE_REFRESH_MINUTES: int(1, 1440).default(360),
});

export type Config = z.infer<typeof EnvSchema> & { corsOrigins: string[] };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // Empty strings count as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = { ...parsed.data, ...overrides };
  if (cfg.LAYER_DEFAULT_LIMIT > cfg.LAYER_MAX_LIMIT) {
    throw new ConfigError('Invalid configuration: LAYER_DEFAULT_LIMIT exceeds LAYER_MAX_LIMIT');
  }
  if (
    cfg.NEARBY_DEFAULT_RADIUS_M > cfg.NEARBY_MAX_RADIUS_M ||
    cfg.NEARBY_DEFAULT_LIMIT > cfg.NEARBY_MAX_LIMIT
  ) {
    throw new ConfigError('Invalid configuration: a NEARBY_DEFAULT_* value exceeds its NEARBY_MAX_* value');
  }
  if (cfg.HTTP_HEADERS_TIMEOUT_MS > cfg.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration: HTTP_HEADERS_TIMEOUT_MS exceeds HTTP_REQUEST_TIMEOUT_MS');
  }
  const corsOrigins = cfg.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { ...cfg, corsOrigins };
}
