/**
 * Every setting of the server, with its default, in one place. Read from the environment once;
 * an unsafe or malformed value stops start-up with a message naming the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  /** bearer token of the admin API (imports); unset: the admin API is off */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** slow clients: longest wait for a request's headers (a slow-loris client is cut off) */
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(15_000),
  /** slow clients: longest wait for a whole request, body included (uploads: 200 MB at ~1 MB/s) */
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(300_000),
  /** how long an idle keep-alive connection is kept open */
  /** longest wait for a new connection to the PostGIS server (a server that is away answers 503) */
  DB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5000),
  /** longest /api/health and /api/ready wait for the database before answering 503 */
  HEALTH_TIMEOUT_MS: int(100, 60_000).default(2000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5000),
  /** open connections at most; more are refused (keep it below the open-file limit, ulimit -n) */
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).default(1000),
  /** on SIGTERM/SIGINT: how long requests in flight may take to finish before they are cut */
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
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
