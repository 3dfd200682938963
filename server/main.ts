/**
 * Start-up: read the configuration, take the data folder's lock (one process per embedded
 * database), bring the database up (migrations, demo town on first start), serve the API and the
 * web app on one port with limits for slow clients. `startServer` is also what the tests use.
 *
 * Shutdown (SIGTERM, SIGINT — `npm start` runs this process itself, see scripts/start.mjs): stop
 * accepting, let the requests in flight finish within SHUTDOWN_GRACE_MS, close the database,
 * release the lock, exit 0. A second signal exits at once.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sweepStaleUploads } from './admin/upload-sweep.ts';
import { warmAccessContexts } from './analytics/recompute.ts';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { Database } from './db/connect.ts';
import { dumpPglite } from './db/backup.ts';
import { bootstrapDatabase } from './db/bootstrap.ts';
import { ensureWritableDataDir } from './db/data-dir-probe.ts';
import {
  type DataDirLock,
  DataDirLockedError,
  acquireDataDirLock,
  needsDataDirLock,
} from './db/data-dir-lock.ts';
import { trackRequests } from './http/drain.ts';
import { createLogger } from './logger.ts';
import { startDigestSchedule } from './subscriptions/scheduler.ts';
import { startConnectorAlertSchedule } from './connectors/alerts-sender.ts';
import { startOccurrenceJob } from './opportunities/occurrence-job.ts';
import { TenantResolver } from './tenants/queries.ts';

export interface RunningServer {
  url: string;
  config: Config;
  database: Database;
  /** the data folder's lock, for an embedded database on disk that this server opened */
  lock?: DataDirLock;
  /** stops at once (requests in flight are cut): what the tests use */
  close(): Promise<void>;
  /**
   * stops gracefully: no new connections, requests in flight finish within `graceMs` (default
   * SHUTDOWN_GRACE_MS), then the database is closed and the lock released; `cut` counts the
   * requests cut at the deadline. `onStopped` is told once the server no longer accepts.
   */
  shutdown(opts?: { graceMs?: number; onStopped?: (inFlight: number) => void }): Promise<{ cut: number }>;
}

export interface StartOptions {
  config?: Partial<Config>;
  /** an already open database (tests); otherwise one is opened from the configuration */
  database?: Database;
  onProgress?: (msg: string) => void;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = { ...loadConfig(), ...opts.config };
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT });
  const progress = opts.onProgress ?? ((m: string) => log.info(m));
  // a read-only or full data folder stops the start with a message naming it (DataDirError)
  if (!opts.database && needsDataDirLock({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }))
    await ensureWritableDataDir(config.DATA_DIR);
  // before anything opens the folder: a second process is refused here, naming the first
  const lock =
    !opts.database && needsDataDirLock({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR })
      ? acquireDataDirLock(config.DATA_DIR, { role: 'server' })
      : undefined;
  // upload folders of a process killed mid-import are removed before this one serves
  const swept = sweepStaleUploads(config.IMPORT_TMP_DIR);
  if (swept.length) progress(`Removed ${swept.length} upload folder(s) left by an interrupted import`);
  let database: Database;
  try {
    database =
      opts.database ??
      (await bootstrapDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.DATA_DIR,
        poolSize: config.PG_POOL_SIZE,
        statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
        connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
        onConnectionError: (err) =>
          log.warn('database connection lost; the pool reconnects', { error: err.message }),
        loadDemo: config.LOAD_DEMO,
        demoDir: config.DEMO_DIR,
        onProgress: progress,
      }));
  } catch (err) {
    lock?.release();
    throw err;
  }
  // the planner's samples and walk graphs, loaded before the first request rather than in it
  try {
    const t = Date.now();
    const n = await warmAccessContexts(database.db, (tenantId, err) =>
      log.warn("the planner's figures could not be loaded", { tenantId, error: err.message }),
    );
    if (n) progress(`Planner figures of ${n} town(s) loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } catch (err) {
    log.warn("the planner's figures could not be loaded", { error: (err as Error).message });
  }
  // `npm run import` finding this server in the lock hands its import to it with this secret
  const localImportSecret = lock ? randomBytes(32).toString('base64url') : undefined;
  const pglite = database.pglite;
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    ...(database.dataDir ? { dataDir: database.dataDir } : {}),
    config,
    tenants: new TenantResolver(database.db, config.DEFAULT_TENANT),
    log,
    ...(localImportSecret ? { localImportSecret } : {}),
    // npm run backup asks the holder of the data folder for a consistent copy
    ...(lock && pglite ? { dumpDatabase: () => dumpPglite(pglite) } : {}),
  });
  let server: Server;
  try {
    server = await listen(app.fetch, config);
  } catch (err) {
    if (!opts.database) await database.close().catch(() => {});
    lock?.release();
    throw err;
  }
  const drainer = trackRequests(server);
  // the stored occurrences' horizon moves on while the server runs (and is caught up now)
  const occurrences = startOccurrenceJob(database.db, config, log);
  const address = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${address.port}`;
  const handoffUrl = loopbackUrl(address);
  lock?.update({
    url,
    ...(handoffUrl && localImportSecret ? { handoffUrl, handoffSecret: localImportSecret } : {}),
  });

  // e-mail digests on the tenants' schedule (and the deletion of expired unconfirmed addresses)
  const digests = startDigestSchedule(database.db, config, log);
  // block connectors' alerts left unsent (mail down) are retried on the same beat
  const connectorAlerts = startConnectorAlertSchedule(database.db, config, log);
  let stopping: Promise<{ cut: number }> | undefined;
  const shutdown: RunningServer['shutdown'] = (o = {}) => {
    stopping ??= (async () => {
      const result = await drainer.drain(o.graceMs ?? config.SHUTDOWN_GRACE_MS, o.onStopped);
      await digests.stop();
      await connectorAlerts.stop();
      await occurrences.stop();
      try {
        if (!opts.database) await database.close();
      } finally {
        lock?.release();
      }
      return result;
    })();
    return stopping;
  };
  return {
    url,
    config,
    database,
    ...(lock ? { lock } : {}),
    shutdown,
    close: async () => {
      // keep-alive connections would otherwise go on being served after "close"
      await shutdown({ graceMs: 0 });
    },
  };
}

/** Listens with the limits that keep slow or greedy clients from tying the server up. */
async function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config): Promise<Server> {
  const headersTimeout = Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch,
        port: config.PORT,
        hostname: config.HOST,
        serverOptions: {
          headersTimeout,
          requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
          keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
          // how often the two timeouts above are checked (Node's default: every 30 s)
          connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
        },
      },
      () => resolve(s as Server),
    );
    s.once('error', reject);
  });
  // further connections are closed as soon as they are accepted
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/** a loopback URL reaching this server, or undefined when it listens on one other interface only */
function loopbackUrl(a: AddressInfo): string | undefined {
  if (
    a.address === '0.0.0.0' ||
    a.address === '::' ||
    a.address.startsWith('127.') ||
    a.address === '::ffff:127.0.0.1'
  )
    return `http://127.0.0.1:${a.port}`;
  if (a.address === '::1') return `http://[::1]:${a.port}`;
  return undefined;
}

export async function main() {
  const t0 = Date.now();
  // a signal while starting (the first start loads the demo town): stop, releasing the lock
  const whileStarting = (signal: NodeJS.Signals) => {
    console.error(`${signal} while starting: stopped before serving`);
    process.exit(1);
  };
  process.on('SIGINT', whileStarting);
  process.on('SIGTERM', whileStarting);
  try {
    const running = await startServer({ onProgress: (m) => console.log(m) });
    console.log(
      `\nCommons Map is running (${running.database.kind}), ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log(`Open ${running.url} in your browser.\n`);
    process.off('SIGINT', whileStarting);
    process.off('SIGTERM', whileStarting);
    stopOnSignals(running);
  } catch (err) {
    console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err);
    process.exit(1);
  }
}

function stopOnSignals(running: RunningServer) {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting now, without waiting for requests in flight`);
      process.exit(1); // the lock is released by its exit handler
    }
    stopping = true;
    const grace = running.config.SHUTDOWN_GRACE_MS;
    running
      .shutdown({
        onStopped: (n) =>
          console.log(
            `${signal}: stopping; no new connections, finishing ${n} request${n === 1 ? '' : 's'} in flight (up to ${(grace / 1000).toFixed(1)} s)`,
          ),
      })
      .then(
        ({ cut }) => {
          if (cut)
            console.error(`${cut} request${cut === 1 ? '' : 's'} still running at the deadline were cut`);
          console.log('Commons Map stopped.');
          process.exit(0);
        },
        (err: unknown) => {
          console.error('Stopping failed:', err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
