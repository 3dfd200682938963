/**
 * Start-up: read the configuration, bring the database up (migrations, demo town on first start),
 * serve the API and the web app on one port. `startServer` is also what the tests use.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { Database } from './db/connect.ts';
import { bootstrapDatabase } from './db/bootstrap.ts';
import { createLogger } from './logger.ts';
import { TenantResolver } from './tenants/queries.ts';

export interface RunningServer {
  url: string;
  config: Config;
  database: Database;
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Partial<Config>;
  /** an already open database (tests); otherwise one is opened from the configuration */
  database?: Database;
  onProgress?: (msg: string) => void;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = { ...loadConfig(), ...opts.config };
  const log = createLogger(config.LOG_LEVEL);
  const progress = opts.onProgress ?? ((m: string) => log.info(m));
  const database =
    opts.database ??
    (await bootstrapDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: config.PG_POOL_SIZE,
      statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
      loadDemo: config.LOAD_DEMO,
      demoDir: config.DEMO_DIR,
      onProgress: progress,
    }));
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    tenants: new TenantResolver(database.db, config.DEFAULT_TENANT),
    log,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    url: `http://${host}:${port}`,
    config,
    database,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections would otherwise go on being served after "close"
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      if (!opts.database) await database.close();
    },
  };
}

async function main() {
  const t0 = Date.now();
  try {
    const running = await startServer({ onProgress: (m) => console.log(m) });
    console.log(
      `\nCommons Map is running (${running.database.kind}), ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log(`Open ${running.url} in your browser.\n`);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
